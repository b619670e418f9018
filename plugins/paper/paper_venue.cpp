#include "paper_venue.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "decimal.hpp"
#include "json_fields.hpp"

namespace grinder::paper {

namespace {

using venue_sdk::Failure;
using venue_sdk::put;

const char* side_name(grinder_venue_side s) { return s == GRINDER_VENUE_SIDE_BUY ? "BUY" : "SELL"; }

const char* status_name(grinder_venue_order_status s) {
  switch (s) {
    case GRINDER_VENUE_STATUS_PARTIALLY_FILLED: return "PARTIALLY_FILLED";
    case GRINDER_VENUE_STATUS_FILLED: return "FILLED";
    case GRINDER_VENUE_STATUS_CANCELED: return "CANCELED";
    case GRINDER_VENUE_STATUS_REJECTED: return "REJECTED";
    case GRINDER_VENUE_STATUS_EXPIRED: return "EXPIRED";
    default: return "NEW";
  }
}

const char* tif_name(grinder_venue_tif t) {
  switch (t) {
    case GRINDER_VENUE_TIF_IOC: return "IOC";
    case GRINDER_VENUE_TIF_FOK: return "FOK";
    case GRINDER_VENUE_TIF_GTX: return "GTX";
    default: return "GTC";
  }
}

}  // namespace

PaperVenue::PaperVenue(const grinder_venue_host& host, std::string_view config_json)
    : host_(host), cfg_(parse_config(config_json)), clock_(cfg_.clock, cfg_.tick_ms, cfg_.start_ms), exchange_(cfg_) {
  for (const auto& [sym, s] : cfg_.symbols) {
    paths_.emplace(sym, PricePath(cfg_.seed, sym, s.price, cfg_.volatility_bps));
    quotes_[sym] = quote_for(sym, s.price);
  }
  for (const auto& f : cfg_.faults) faults_.push_back({f, 0});
  for (std::size_t i = 0; i < cfg_.drills.size(); ++i) {
    try {
      apply(cfg_.drills[i]);
    } catch (const Failure& e) {
      throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "paper config: drills[" + std::to_string(i) + "]: " + e.what());
    }
  }
}

void PaperVenue::log(std::int32_t level, const std::string& message) const {
  if (GRINDER_VENUE_HAS_FIELD(&host_, grinder_venue_host, log) && host_.log) host_.log(host_.ctx, level, message.c_str());
}

Quote PaperVenue::quote_for(const std::string& symbol, double mid) const {
  const auto& s = cfg_.symbols.at(symbol);
  auto bid = static_cast<std::int64_t>(std::floor(mid / s.tick_size + 1e-9));
  if (bid < 1) bid = 1;
  return {bid, bid + cfg_.spread_ticks};
}

void PaperVenue::catch_up() {
  std::uint64_t target = clock_.step();
  while (market_step_ < target) {
    ++market_step_;
    for (auto& [sym, path] : paths_) {
      Quote q = quote_for(sym, path.mid_at(market_step_));
      quotes_[sym] = q;
      exchange_.on_quote(sym, q);
    }
  }
}

std::optional<FaultRule> PaperVenue::enter(const char* op) {
  if (cfg_.latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(cfg_.latency_ms));
  if (outage_) throw Failure(GRINDER_VENUE_RETRYABLE, "paper: venue outage (drill)", kOutage);
  std::int64_t n = ++calls_[op];
  catch_up();
  for (const auto& f : faults_) {
    if (f.rule.op != op) continue;
    std::int64_t k = n - f.base;
    if (k > f.rule.after && (f.rule.count < 0 || k <= f.rule.after + f.rule.count)) {
      if (f.rule.apply) return f.rule;
      raise(f.rule);
    }
  }
  return std::nullopt;
}

void PaperVenue::raise(const FaultRule& f) const {
  throw Failure(f.rc, "paper: injected fault on " + f.op + " (" + venue_sdk::rc_name(f.rc) + ")", f.code);
}

void PaperVenue::connect() {
  enter("connect");
  log(1, "paper: connected (seed " + std::to_string(cfg_.seed) + ", " + std::to_string(cfg_.symbols.size()) +
             " symbols, " + (cfg_.clock == ClockMode::Wall ? "wall" : "manual") + " clock)");
}

void PaperVenue::health() { enter("health"); }

std::int64_t PaperVenue::server_time_ms() {
  enter("server_time");
  return clock_.now_ms();
}

void PaperVenue::filters(const std::string& symbol, grinder_venue_filters& out) {
  enter("filters");
  const SymbolConfig& s = exchange_.symbol(symbol);
  put(out.symbol, symbol);
  put(out.tick_size, format_fixed(s.tick_size, s.price_decimals));
  put(out.step_size, format_fixed(s.step_size, s.qty_decimals));
  put(out.min_notional, format_fixed(s.min_notional, decimals_of(s.min_notional)));
  put(out.min_qty, format_fixed(s.min_qty, s.qty_decimals));
}

void PaperVenue::book_top(const std::string& symbol, grinder_venue_book_top& out) {
  enter("book_top");
  const SymbolConfig& s = exchange_.symbol(symbol);
  Quote q = quotes_.at(symbol);
  std::int64_t ts = clock_.time_of(market_step_);
  if (auto it = stale_.find(symbol); it != stale_.end()) {
    q = it->second.quote;
    ts = it->second.ts_ms;
  }
  put(out.symbol, symbol);
  put(out.bid, format_fixed(static_cast<double>(q.bid_ticks) * s.tick_size, s.price_decimals));
  put(out.ask, format_fixed(static_cast<double>(q.ask_ticks) * s.tick_size, s.price_decimals));
  out.venue_ts_ms = ts;
}

std::string PaperVenue::snapshot(const std::vector<std::string>& symbols) {
  enter("snapshot");
  auto wanted = [&](const std::string& sym) {
    return symbols.empty() || std::find(symbols.begin(), symbols.end(), sym) != symbols.end();
  };
  venue_sdk::JsonWriter w;
  // Each source fails alone under the outage drill, as a real venue's
  // endpoints do, so reconcile's degradation is exercised.
  auto source = [&](const char* name, auto&& items) {
    w.key(name).begin_object();
    if (outage_sources_.count(name)) {
      w.key("ok").boolean(false).key("class").string("RETRYABLE").key("code").integer(kOutage);
      w.key("message").string(std::string("paper: ") + name + " unavailable (outage drill)");
    } else {
      w.key("ok").boolean(true).key("items").begin_array();
      items();
      w.end_array();
    }
    w.end_object();
  };
  w.begin_object().key("venue_ts_ms").integer(clock_.now_ms());
  source("orders", [&] {
    for (const auto& o : exchange_.open_orders()) {
      if (!wanted(o.symbol)) continue;
      const auto& s = cfg_.symbols.at(o.symbol);
      w.begin_object();
      w.key("client_order_id").string(o.client_order_id).key("venue_order_id").string(o.venue_order_id);
      w.key("symbol").string(o.symbol).key("side").string(side_name(o.side)).key("type").string("LIMIT");
      w.key("price").string(format_fixed(static_cast<double>(o.price_ticks) * s.tick_size, s.price_decimals));
      w.key("qty").string(format_fixed(static_cast<double>(o.qty_steps) * s.step_size, s.qty_decimals));
      w.key("filled_qty").string(format_fixed(static_cast<double>(o.filled_steps) * s.step_size, s.qty_decimals));
      w.key("status").string(status_name(o.status)).key("reduce_only").boolean(o.reduce_only);
      w.key("time_in_force").string(tif_name(o.time_in_force));
      w.end_object();
    }
  });
  source("positions", [&] {
    for (const auto& [sym, p] : exchange_.positions()) {
      if (!wanted(sym)) continue;
      const auto& s = cfg_.symbols.at(sym);
      const Quote& q = quotes_.at(sym);
      double mid = static_cast<double>(q.bid_ticks + q.ask_ticks) * s.tick_size / 2;
      w.begin_object().key("symbol").string(sym);
      w.key("qty").string(format_fixed(static_cast<double>(p.qty_steps) * s.step_size, s.qty_decimals));
      w.key("entry_price").string(format_fixed(p.entry_price, s.price_decimals + 4));
      w.key("mark_price").string(format_fixed(mid, s.price_decimals + 1));
      w.end_object();
    }
  });
  source("balances", [&] {
    double locked = exchange_.locked();
    for (const auto& [asset, amount] : exchange_.balances()) {
      double l = asset == cfg_.settlement_asset ? locked : 0;
      w.begin_object().key("asset").string(asset);
      w.key("free").string(format_fixed(amount - l, 8)).key("locked").string(format_fixed(l, 8));
      w.end_object();
    }
  });
  w.end_object();
  return w.take();
}

void PaperVenue::place(const venue_sdk::OrderRequest& req, grinder_venue_order& out) {
  auto late = enter("place");
  const SymbolConfig& s = exchange_.symbol(req.symbol);
  SimOrder o = exchange_.place(req, quotes_.at(req.symbol));
  log(0, "paper: " + std::string(side_name(o.side)) + " " + req.qty + " " + o.symbol + " " + req.client_order_id +
             " -> " + status_name(o.status));
  if (late) raise(*late);
  put(out.client_order_id, o.client_order_id);
  put(out.venue_order_id, o.venue_order_id);
  put(out.symbol, o.symbol);
  out.side = o.side;
  out.type = o.type;
  double price = o.type == GRINDER_VENUE_TYPE_LIMIT ? static_cast<double>(o.price_ticks) * s.tick_size : o.avg_fill_price;
  put(out.price, price > 0 ? format_fixed(price, s.price_decimals) : "");
  put(out.qty, format_fixed(static_cast<double>(o.qty_steps) * s.step_size, s.qty_decimals));
  put(out.filled_qty, format_fixed(static_cast<double>(o.filled_steps) * s.step_size, s.qty_decimals));
  out.status = o.status;
  out.reduce_only = o.reduce_only ? 1 : 0;
  out.time_in_force = o.time_in_force;
}

void PaperVenue::cancel(const std::string& symbol, const std::string& client_order_id) {
  auto late = enter("cancel");
  exchange_.cancel(symbol, client_order_id);
  if (late) raise(*late);
}

std::uint32_t PaperVenue::cancel_all(const std::string& symbol) {
  auto late = enter("cancel_all");
  std::uint32_t n = exchange_.cancel_all(symbol);
  if (late) raise(*late);
  return n;
}

void PaperVenue::drill(std::string_view command_json) {
  // Drills are the operator's hand on the venue: no latency, outage or
  // fault applies to them, so an outage can always be ended.
  Problems problems;
  rapidjson::Document doc = parse_object(command_json, "drill command", problems);
  if (problems.empty()) {
    auto it = doc.FindMember("drill");
    if (it != doc.MemberEnd() && it->value.IsString() && !known_drill(it->value.GetString()))
      throw Failure(GRINDER_VENUE_UNSUPPORTED,
                    std::string("paper: unknown drill '") + it->value.GetString() +
                        "' (unexpected_order, unexpected_position, stale_market_data, outage, fault, advance, clear)");
  }
  std::optional<Drill> d;
  if (problems.empty()) d = parse_drill(doc, "", problems);
  if (!problems.empty() || !d) throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "paper: drill: " + join(problems));
  catch_up();
  apply(*d);
}

void PaperVenue::apply(const Drill& drill) {
  if (const auto* d = std::get_if<UnexpectedOrder>(&drill)) {
    const SymbolConfig& s = exchange_.symbol(d->symbol);
    const Quote& q = quotes_.at(d->symbol);
    bool buy = d->side == GRINDER_VENUE_SIDE_BUY;
    SimOrder o;
    o.client_order_id = d->client_order_id;
    o.symbol = d->symbol;
    o.side = d->side;
    o.reduce_only = d->reduce_only;
    if (d->price) {
      auto ticks = whole_units(*d->price, s.tick_size);
      if (!ticks) throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "paper: drill price is not a multiple of tick_size");
      o.price_ticks = *ticks;
    } else {
      // Far enough from the touch to rest, as a forgotten manual order does.
      o.price_ticks = buy ? static_cast<std::int64_t>(std::floor(static_cast<double>(q.bid_ticks) * 0.9))
                          : static_cast<std::int64_t>(std::ceil(static_cast<double>(q.ask_ticks) * 1.1));
      if (o.price_ticks < 1) o.price_ticks = 1;
    }
    if (d->qty) {
      auto steps = whole_units(*d->qty, s.step_size);
      if (!steps) throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "paper: drill qty is not a multiple of step_size");
      o.qty_steps = *steps;
    } else {
      double price = static_cast<double>(o.price_ticks) * s.tick_size;
      auto by_notional = static_cast<std::int64_t>(std::ceil(s.min_notional / price / s.step_size - 1e-9));
      auto by_qty = static_cast<std::int64_t>(std::ceil(s.min_qty / s.step_size - 1e-9));
      o.qty_steps = std::max<std::int64_t>({1, by_notional, by_qty});
    }
    exchange_.inject_order(o);
    log(2, "paper: drill unexpected_order " + o.symbol + " " + o.client_order_id + " " + side_name(o.side) + " " +
               format_fixed(static_cast<double>(o.qty_steps) * s.step_size, s.qty_decimals) + " @ " +
               format_fixed(static_cast<double>(o.price_ticks) * s.tick_size, s.price_decimals));
  } else if (const auto* d = std::get_if<UnexpectedPosition>(&drill)) {
    const SymbolConfig& s = exchange_.symbol(d->symbol);
    auto steps = whole_units(d->qty, s.step_size);
    if (!steps) throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "paper: drill qty is not a multiple of step_size");
    const Quote& q = quotes_.at(d->symbol);
    double mid = static_cast<double>(q.bid_ticks + q.ask_ticks) * s.tick_size / 2;
    exchange_.set_position(d->symbol, *steps, d->entry_price.value_or(mid));
    log(2, "paper: drill unexpected_position " + d->symbol + " " + format_fixed(d->qty, s.qty_decimals));
  } else if (const auto* d = std::get_if<StaleMarketData>(&drill)) {
    std::vector<std::string> symbols = d->symbols;
    if (symbols.empty())
      for (const auto& [sym, _] : cfg_.symbols) symbols.push_back(sym);
    for (const auto& sym : symbols) exchange_.symbol(sym);
    // Frozen where they are now; a symbol already frozen stays at its first freeze.
    for (const auto& sym : symbols) stale_.emplace(sym, FrozenQuote{quotes_.at(sym), clock_.time_of(market_step_)});
    log(2, "paper: drill stale_market_data on " + std::to_string(symbols.size()) + " symbol(s)");
  } else if (const auto* d = std::get_if<Outage>(&drill)) {
    if (d->sources.empty()) outage_ = true;
    outage_sources_.insert(d->sources.begin(), d->sources.end());
    log(2, d->sources.empty() ? "paper: drill outage of the whole venue" : "paper: drill outage of snapshot sources");
  } else if (const auto* d = std::get_if<FaultRule>(&drill)) {
    faults_.push_back({*d, calls_[d->op]});
    log(2, "paper: drill fault on " + d->op + " (" + venue_sdk::rc_name(d->rc) + ")");
  } else if (const auto* d = std::get_if<Advance>(&drill)) {
    if (clock_.mode() != ClockMode::Manual)
      throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "paper: advance needs \"clock\": \"manual\"");
    clock_.advance(d->steps);
    catch_up();
  } else {
    stale_.clear();
    outage_ = false;
    outage_sources_.clear();
    faults_.clear();
    log(2, "paper: drill clear: market data, outages and faults back to normal");
  }
}

}  // namespace grinder::paper
