// The snapshot document: open orders, positions and balances, each from its
// own endpoint and each allowed to fail alone, plus what the host should
// export as metrics (rate-limit counters, stream health, clock offset).
#include <algorithm>

#include "binance_venue.hpp"
#include "json.hpp"

namespace grinder::binance {

using venue_sdk::Failure;
using venue_sdk::JsonWriter;

namespace {

std::string plain(const std::string& s) {
  auto d = Decimal::parse(s);
  return d ? d->str() : std::string();
}

void write_order(JsonWriter& w, const VenueOrder& o) {
  grinder_venue_order abi{};
  fill_order(o, abi);
  w.begin_object();
  w.key("client_order_id").string(o.client_order_id).key("venue_order_id").string(o.order_id);
  w.key("symbol").string(o.symbol).key("side").string(o.side);
  w.key("type").string(o.type == "MARKET" ? "MARKET" : "LIMIT");
  w.key("price").string(abi.price).key("qty").string(abi.qty).key("filled_qty").string(abi.filled_qty);
  w.key("status").string(o.status == "EXPIRED_IN_MATCH" ? "EXPIRED" : o.status);
  w.key("reduce_only").boolean(o.reduce_only);
  w.key("time_in_force").string(o.time_in_force == "GTD" || o.time_in_force.empty() ? "GTC" : o.time_in_force);
  // Binance's own type when it is not LIMIT/MARKET (a STOP placed by hand).
  if (o.type != "LIMIT" && o.type != "MARKET") w.key("venue_type").string(o.type);
  w.key("position_side").string(o.position_side);
  w.end_object();
}

void write_stream(JsonWriter& w, const char* name, const StreamStats& s) {
  w.key(name).begin_object();
  w.key("running").boolean(s.running).key("connected").boolean(s.connected);
  w.key("connects").integer(static_cast<std::int64_t>(s.connects));
  w.key("reconnects").integer(static_cast<std::int64_t>(s.reconnects));
  w.key("messages").integer(static_cast<std::int64_t>(s.messages));
  w.key("last_message_ms").integer(s.last_message_ms);
  w.key("last_down").string(s.last_down);
  w.end_object();
}

}  // namespace

std::string BinanceVenue::snapshot(const std::vector<std::string>& symbols) {
  auto wanted = [&](const std::string& sym) {
    return symbols.empty() || std::find(symbols.begin(), symbols.end(), sym) != symbols.end();
  };
  std::optional<Failure> first_failure;
  int failed = 0;
  std::string doc = "{\"venue_ts_ms\":" + std::to_string(time_.now_ms());
  // One source: its items, spliced in whole (a source that fails half-way
  // writes none), or why it could not be read.
  auto add_source = [&](const char* name, auto&& read) {
    JsonWriter part;
    part.begin_object();
    try {
      JsonWriter items;
      items.begin_array();
      read(items);
      items.end_array();
      part.key("ok").boolean(true);
      doc += ",\"" + std::string(name) + "\":" + part.str() + ",\"items\":" + items.str() + "}";
    } catch (const Failure& e) {
      ++failed;
      if (!first_failure) first_failure = e;
      part.key("ok").boolean(false).key("class").string(venue_sdk::rc_name(e.rc())).key("code").integer(e.venue_code());
      part.key("message").string(e.what());
      part.end_object();
      doc += ",\"" + std::string(name) + "\":" + part.str();
    }
  };

  add_source("orders", [&](JsonWriter& items) {
    std::vector<std::string> queries;
    if (symbols.empty())
      queries.push_back("");  // all symbols: weight 40, one call
    else
      queries = symbols;  // weight 1 each
    for (const auto& sym : queries) {
      Query q;
      if (!sym.empty()) q.add("symbol", sym);
      Reply r = rest_.call("GET", "/fapi/v1/openOrders", q, Security::Signed);
      if (!r.ok()) throw RestSession::failure_of(r, Op::Read, "openOrders");
      if (!r.json.IsArray()) throw Failure(GRINDER_VENUE_RETRYABLE, "binance: openOrders: answer is not a list");
      for (const auto& item : r.json.GetArray()) {
        auto o = parse_order(item);
        if (!o) throw Failure(GRINDER_VENUE_RETRYABLE, "binance: openOrders: an unreadable order");
        if (wanted(o->symbol)) write_order(items, *o);
      }
    }
  });

  add_source("positions", [&](JsonWriter& items) {
    // v3 lists only symbols with a position or open orders.
    Reply r = rest_.call("GET", "/fapi/v3/positionRisk", Query(), Security::Signed);
    if (!r.ok()) throw RestSession::failure_of(r, Op::Read, "positionRisk");
    if (!r.json.IsArray()) throw Failure(GRINDER_VENUE_RETRYABLE, "binance: positionRisk: answer is not a list");
    for (const auto& p : r.json.GetArray()) {
      std::string sym = str_of(p, "symbol");
      auto amt = Decimal::parse(str_of(p, "positionAmt"));
      if (sym.empty() || !amt) throw Failure(GRINDER_VENUE_RETRYABLE, "binance: positionRisk: an unreadable position");
      if (amt->is_zero() || !wanted(sym)) continue;
      items.begin_object().key("symbol").string(sym).key("qty").string(amt->str());
      items.key("entry_price").string(plain(str_of(p, "entryPrice")));
      items.key("mark_price").string(plain(str_of(p, "markPrice")));
      // Hedge mode reports LONG and SHORT legs apart; one-way mode says BOTH.
      items.key("position_side").string(str_of(p, "positionSide"));
      items.key("unrealized_pnl").string(plain(str_of(p, "unRealizedProfit")));
      items.end_object();
    }
  });

  add_source("balances", [&](JsonWriter& items) {
    Reply r = rest_.call("GET", "/fapi/v3/balance", Query(), Security::Signed);
    if (!r.ok()) throw RestSession::failure_of(r, Op::Read, "balance");
    if (!r.json.IsArray()) throw Failure(GRINDER_VENUE_RETRYABLE, "binance: balance: answer is not a list");
    for (const auto& b : r.json.GetArray()) {
      auto wallet = Decimal::parse(str_of(b, "balance"));
      auto available = Decimal::parse(str_of(b, "availableBalance"));
      std::string asset = str_of(b, "asset");
      if (asset.empty() || !wallet || !available)
        throw Failure(GRINDER_VENUE_RETRYABLE, "binance: balance: an unreadable balance");
      if (wallet->is_zero() && available->is_zero()) continue;
      // Futures margin: what is not available is held by positions and
      // open orders. Unrealized profit can make available exceed the wallet.
      Decimal locked = *wallet - *available;
      if (locked.negative()) locked = Decimal();
      items.begin_object().key("asset").string(asset).key("free").string(available->str());
      items.key("locked").string(locked.str()).key("wallet").string(wallet->str());
      items.end_object();
    }
  });

  if (failed == 3 && first_failure) throw *first_failure;

  // Beyond the ABI's three sources (the host ignores keys it does not know):
  // what an operator watches. See README "Metrics".
  JsonWriter extra;
  extra.begin_object();
  RateLimits::View rl = limits_.view();
  extra.key("rate_limits").begin_object();
  extra.key("used_weight").begin_object();
  for (const auto& [k, v] : rl.used_weight) extra.key(k).integer(v);
  extra.end_object().key("order_count").begin_object();
  for (const auto& [k, v] : rl.order_count) extra.key(k).integer(v);
  extra.end_object();
  extra.key("weight_limit_1m").integer(rl.weight_limit_1m).key("observed_ms").integer(rl.observed_ms);
  std::int64_t now = wall_ms();
  extra.key("retry_after_ms").integer(rl.retry_after_until_ms > now ? rl.retry_after_until_ms - now : 0);
  extra.key("last_limit_status").integer(rl.last_limit_status);
  extra.end_object();
  extra.key("streams").begin_object();
  write_stream(extra, "market", streams_ ? streams_->market() : StreamStats{});
  write_stream(extra, "user", streams_ ? streams_->user() : StreamStats{});
  extra.key("last_tick_ts_ms").integer(streams_ ? streams_->last_tick_ts_ms() : 0);
  extra.end_object();
  extra.key("time_offset_ms").integer(time_.offset_ms());
  extra.end_object();
  // extra is "{...}": its members join the document's.
  std::string members = extra.str().substr(1);
  return doc + "," + members;
}

}  // namespace grinder::binance
