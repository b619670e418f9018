#include "binance_venue.hpp"

#include "json.hpp"

namespace grinder::binance {

using venue_sdk::Failure;
using venue_sdk::put;

namespace {

grinder_venue_order_status status_of(const std::string& s) {
  if (s == "NEW") return GRINDER_VENUE_STATUS_NEW;
  if (s == "PARTIALLY_FILLED") return GRINDER_VENUE_STATUS_PARTIALLY_FILLED;
  if (s == "FILLED") return GRINDER_VENUE_STATUS_FILLED;
  if (s == "CANCELED") return GRINDER_VENUE_STATUS_CANCELED;
  if (s == "REJECTED") return GRINDER_VENUE_STATUS_REJECTED;
  return GRINDER_VENUE_STATUS_EXPIRED;  // EXPIRED, EXPIRED_IN_MATCH (self-trade prevention)
}

grinder_venue_tif tif_of(const std::string& s) {
  if (s == "IOC") return GRINDER_VENUE_TIF_IOC;
  if (s == "FOK") return GRINDER_VENUE_TIF_FOK;
  if (s == "GTX") return GRINDER_VENUE_TIF_GTX;
  return GRINDER_VENUE_TIF_GTC;
}

// Binance pads decimals ("0.00000", "110001.00"); the ABI wants plain text.
std::string plain(const std::string& s) {
  auto d = Decimal::parse(s);
  return d ? d->str() : std::string();
}

}  // namespace

void fill_order(const VenueOrder& o, grinder_venue_order& out) {
  put(out.client_order_id, o.client_order_id);
  put(out.venue_order_id, o.order_id);
  put(out.symbol, o.symbol);
  out.side = o.side == "SELL" ? GRINDER_VENUE_SIDE_SELL : GRINDER_VENUE_SIDE_BUY;
  out.type = o.type == "MARKET" ? GRINDER_VENUE_TYPE_MARKET : GRINDER_VENUE_TYPE_LIMIT;
  std::string price = out.type == GRINDER_VENUE_TYPE_MARKET ? plain(o.avg_price) : plain(o.price);
  put(out.price, price == "0" ? "" : price);
  put(out.qty, plain(o.qty));
  put(out.filled_qty, plain(o.filled_qty));
  out.status = status_of(o.status);
  out.reduce_only = o.reduce_only ? 1 : 0;
  out.time_in_force = tif_of(o.time_in_force);
}

BinanceVenue::BinanceVenue(const grinder_venue_host& host, std::string_view config_json)
    : log_(host, "binance_usdm"), cfg_(parse_config(config_json)), rest_(cfg_, time_, limits_, log_) {}

BinanceVenue::~BinanceVenue() = default;

void BinanceVenue::load_exchange_info() {
  Reply r = rest_.call("GET", "/fapi/v1/exchangeInfo", Query(), Security::None);
  if (!r.ok()) throw RestSession::failure_of(r, Op::Read, "exchangeInfo");
  std::string error;
  auto info = parse_exchange_info(r.json, error);
  if (!info) throw Failure(GRINDER_VENUE_RETRYABLE, "binance: exchangeInfo: " + error);
  limits_.set_weight_limit(info->request_weight_per_minute);
  info_ = std::move(*info);
  info_loaded_ms_ = wall_ms();
  log_.debug("exchangeInfo: " + std::to_string(info_->symbols.size()) + " symbols");
}

const SymbolFilters& BinanceVenue::symbol_filters(const std::string& symbol) {
  bool stale = info_ && wall_ms() - info_loaded_ms_ > cfg_.exchange_info_ttl.count();
  if (!info_ || stale || !info_->symbols.count(symbol)) {
    // A symbol listed since the last load is worth one reload; keep the old
    // filters if the reload fails and they are all we have.
    try {
      if (!info_ || stale || !info_->symbols.count(symbol)) load_exchange_info();
    } catch (const Failure&) {
      if (!info_) throw;
    }
  }
  auto it = info_->symbols.find(symbol);
  if (it == info_->symbols.end())
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "binance: unknown symbol " + symbol + " (not in exchangeInfo)",
                  -1121);
  return it->second;
}

void BinanceVenue::connect() {
  rest_.sync_time();
  load_exchange_info();
  for (const auto& s : cfg_.symbols)
    if (!info_->symbols.count(s)) log_.warn("symbols: " + s + " is not in exchangeInfo; its stream will stay silent");
  if (cfg_.has_credentials()) {
    // A signed read proves the key, the secret and the IP allowlist before
    // anything depends on them.
    Reply r = rest_.call("GET", "/fapi/v3/balance", Query(), Security::Signed);
    if (!r.ok()) throw RestSession::failure_of(r, Op::Read, "checking credentials");
  } else {
    log_.warn("no credentials configured: market data only; every account call fails AUTH");
  }
  if (!streams_) {
    streams_ = std::make_unique<Streams>(cfg_, log_, time_, limits_);
    streams_->start(cfg_.user_stream && cfg_.has_credentials());
  }
  log_.info("connected url=" + cfg_.rest.url() + " time_offset_ms=" + std::to_string(time_.offset_ms()) + " symbols=" +
            std::to_string(info_->symbols.size()) + " credentials=" + (cfg_.has_credentials() ? "ok" : "none") +
            " streams=" + std::to_string(cfg_.symbols.size()) + " symbol(s)" +
            (cfg_.user_stream && cfg_.has_credentials() ? " + user data" : ""));
}

void BinanceVenue::health() {
  if (auto held = limits_.blocked(wall_ms()))
    throw Failure(GRINDER_VENUE_RATE_LIMITED,
                  "binance: backing off after HTTP " + std::to_string(held->first) +
                      "; retry_after_ms=" + std::to_string(held->second),
                  held->first);
  rest_.sync_time();
}

std::int64_t BinanceVenue::server_time_ms() { return rest_.sync_time(); }

void BinanceVenue::filters(const std::string& symbol, grinder_venue_filters& out) {
  const SymbolFilters& f = symbol_filters(symbol);
  put(out.symbol, symbol);
  put(out.tick_size, f.tick_size.str());
  put(out.step_size, f.step_size.str());
  put(out.min_notional, f.min_notional.str());
  put(out.min_qty, f.min_qty.str());
}

void BinanceVenue::book_top(const std::string& symbol, grinder_venue_book_top& out) {
  symbol_filters(symbol);
  put(out.symbol, symbol);
  if (streams_) {
    if (auto q = streams_->live_quote(symbol)) {
      put(out.bid, q->bid);
      put(out.ask, q->ask);
      out.venue_ts_ms = q->venue_ts_ms;
      return;
    }
  }
  Reply r = rest_.call("GET", "/fapi/v1/ticker/bookTicker", Query().add("symbol", symbol), Security::None);
  if (!r.ok()) throw RestSession::failure_of(r, Op::Read, "bookTicker " + symbol);
  auto bid = Decimal::parse(str_of(r.json, "bidPrice"));
  auto ask = Decimal::parse(str_of(r.json, "askPrice"));
  if (!bid || !ask) throw Failure(GRINDER_VENUE_RETRYABLE, "binance: bookTicker " + symbol + ": no bidPrice/askPrice");
  put(out.bid, bid->str());
  put(out.ask, ask->str());
  // The quote's own time; without it 0, which every staleness check refuses.
  out.venue_ts_ms = int_of(r.json, "time").value_or(0);
}

}  // namespace grinder::binance
