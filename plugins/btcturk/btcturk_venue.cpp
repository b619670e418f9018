#include "btcturk_venue.hpp"

#include <thread>

#include "json.hpp"
#include "market_json.hpp"

namespace grinder::btcturk {

using venue_sdk::Failure;
using venue_sdk::put;

grinder_venue_order_status status_of(const VenueOrder& o) {
  if (o.status == "Untouched") return GRINDER_VENUE_STATUS_NEW;
  if (o.status == "Partial") return GRINDER_VENUE_STATUS_PARTIALLY_FILLED;
  if (o.status == "Canceled" || o.status == "Cancelled") return GRINDER_VENUE_STATUS_CANCELED;
  if (o.status == "Closed") {
    auto left = Decimal::parse(o.left_amount);
    return !left || left->is_zero() ? GRINDER_VENUE_STATUS_FILLED : GRINDER_VENUE_STATUS_EXPIRED;
  }
  // A status this plugin does not know is read as still open: taking an
  // order for closed when it rests is the mistake that loses money.
  return o.filled_qty() == "0" ? GRINDER_VENUE_STATUS_NEW : GRINDER_VENUE_STATUS_PARTIALLY_FILLED;
}

void fill_order(const VenueOrder& o, grinder_venue_order& out) {
  put(out.client_order_id, o.client_order_id);
  put(out.venue_order_id, o.id);
  put(out.symbol, o.symbol);
  out.side = o.side == "SELL" ? GRINDER_VENUE_SIDE_SELL : GRINDER_VENUE_SIDE_BUY;
  out.type = o.method == "MARKET" ? GRINDER_VENUE_TYPE_MARKET : GRINDER_VENUE_TYPE_LIMIT;
  put(out.price, o.price == "0" ? "" : o.price);
  put(out.qty, o.quantity);
  put(out.filled_qty, o.filled_qty());
  out.status = status_of(o);
  out.reduce_only = 0;
  out.time_in_force = GRINDER_VENUE_TIF_GTC;
}

BtcturkVenue::BtcturkVenue(const grinder_venue_host& host, std::string_view config_json)
    : log_(host, "btcturk"), cfg_(parse_config(config_json)), rest_(cfg_, time_, hold_, log_) {}

void BtcturkVenue::load_exchange_info() {
  Reply r = rest_.call("GET", "/api/v2/server/exchangeinfo", Query(), Access::Public);
  if (!r.ok()) throw RestSession::failure_of(r, Op::Read, "exchangeinfo");
  std::string error;
  auto info = parse_exchange_info(r.json, error);
  if (!info) throw Failure(GRINDER_VENUE_RETRYABLE, "btcturk: exchangeinfo: " + error);
  info_ = std::move(*info);
  info_loaded_ms_ = wall_ms();
  log_.debug("exchangeinfo: " + std::to_string(info_->pairs.size()) + " pairs");
}

const PairRules& BtcturkVenue::pair_rules(const std::string& symbol) {
  bool stale = info_ && wall_ms() - info_loaded_ms_ > cfg_.exchange_info_ttl.count();
  if (!info_ || stale || !info_->pairs.count(symbol)) {
    // A pair listed since the last load is worth one reload; keep the old
    // rules if the reload fails and they are all we have.
    try {
      load_exchange_info();
    } catch (const Failure&) {
      if (!info_) throw;
    }
  }
  auto it = info_->pairs.find(symbol);
  if (it == info_->pairs.end())
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "btcturk: unknown pair " + symbol + " (not in exchangeinfo)");
  return it->second;
}

void BtcturkVenue::connect() {
  rest_.sync_time();
  load_exchange_info();
  for (const auto& s : cfg_.symbols)
    if (!info_->pairs.count(s)) log_.warn("symbols: " + s + " is not in exchangeinfo");
  if (cfg_.has_credentials()) {
    // A private read proves the key pair, its permissions and the IP
    // allowlist before anything depends on them.
    Reply r = rest_.call("GET", "/api/v1/users/balances", Query(), Access::Private);
    if (!r.ok()) throw RestSession::failure_of(r, Op::Read, "checking credentials");
  } else {
    log_.warn("no credentials configured: market data only; every account call fails AUTH without being sent");
  }
  log_.info("connected url=" + cfg_.rest.url() + " mode=" + to_string(cfg_.mode) +
            " time_offset_ms=" + std::to_string(time_.offset_ms()) + " pairs=" + std::to_string(info_->pairs.size()) +
            " credentials=" + (cfg_.has_credentials() ? "ok" : "none"));
}

void BtcturkVenue::health() {
  if (auto left = hold_.left(wall_ms()))
    throw Failure(GRINDER_VENUE_RATE_LIMITED,
                  "btcturk: backing off after HTTP 429; retry_after_ms=" + std::to_string(*left), 429);
  rest_.sync_time();
}

std::int64_t BtcturkVenue::server_time_ms() { return rest_.sync_time(); }

void BtcturkVenue::filters(const std::string& symbol, grinder_venue_filters& out) {
  const PairRules& r = pair_rules(symbol);
  put(out.symbol, symbol);
  put(out.tick_size, r.tick_size.str());
  put(out.step_size, r.step_size().str());
  put(out.min_notional, r.min_exchange_value.str());
  // BTCTurk has no minimum quantity beyond its scale: the smallest step.
  put(out.min_qty, r.step_size().str());
}

void BtcturkVenue::book_top(const std::string& symbol, grinder_venue_book_top& out) {
  pair_rules(symbol);
  Reply r = rest_.call("GET", "/api/v2/ticker", Query().add("pairSymbol", symbol), Access::Public);
  if (!r.ok()) throw RestSession::failure_of(r, Op::Read, "ticker " + symbol);
  std::string error;
  auto t = parse_ticker(r.json, symbol, error);
  if (!t) throw Failure(GRINDER_VENUE_RETRYABLE, "btcturk: " + error);
  put(out.symbol, symbol);
  put(out.bid, t->bid.str());
  put(out.ask, t->ask.str());
  // The venue's own time of the quote, so the host's freshness gate judges
  // the quote and not the request; without one, 0, which every gate refuses.
  out.venue_ts_ms = t->timestamp_ms;
  if (t->timestamp_ms == 0) log_.warn("ticker " + symbol + " has no timestamp: it counts as stale");
}

void BtcturkVenue::sleep_for(std::chrono::milliseconds pause) const {
  if (pause.count() > 0) std::this_thread::sleep_for(pause);
}

}  // namespace grinder::btcturk
