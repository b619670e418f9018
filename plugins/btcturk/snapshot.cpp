// The snapshot document: open orders (per pair) and balances, each from its
// own endpoint and each allowed to fail alone; positions are always an
// empty list, because spot has none. Orders whose cancel the venue accepted
// but has not carried out yet say so ("cancel_pending": true).
#include <algorithm>

#include "balances_json.hpp"
#include "btcturk_venue.hpp"
#include "json.hpp"

namespace grinder::btcturk {

using venue_sdk::Failure;
using venue_sdk::JsonWriter;

namespace {

void write_order(JsonWriter& w, const VenueOrder& o, bool cancel_pending) {
  grinder_venue_order abi{};
  fill_order(o, abi);
  w.begin_object();
  w.key("client_order_id").string(o.client_order_id).key("venue_order_id").string(o.id);
  w.key("symbol").string(o.symbol).key("side").string(o.side);
  w.key("type").string(abi.type == GRINDER_VENUE_TYPE_MARKET ? "MARKET" : "LIMIT");
  w.key("price").string(abi.price).key("qty").string(abi.qty).key("filled_qty").string(abi.filled_qty);
  // openOrders lists open orders only: whatever else its status says.
  w.key("status").string(abi.status == GRINDER_VENUE_STATUS_PARTIALLY_FILLED ? "PARTIALLY_FILLED" : "NEW");
  w.key("reduce_only").boolean(false).key("time_in_force").string("GTC");
  // BTCTurk's own method when it is neither (a stop order placed by hand).
  if (o.method != "LIMIT" && o.method != "MARKET") w.key("venue_type").string(o.method);
  w.key("venue_status").string(o.status);
  w.key("update_time_ms").integer(o.update_time_ms);
  if (cancel_pending) w.key("cancel_pending").boolean(true);
  w.end_object();
}

}  // namespace

std::string BtcturkVenue::snapshot(const std::vector<std::string>& symbols) {
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
    const std::vector<std::string>& pairs = symbols.empty() ? cfg_.symbols : symbols;
    if (pairs.empty())
      throw Failure(GRINDER_VENUE_NON_RETRYABLE,
                    "btcturk: openOrders needs a pair and none was named: list the pairs in params.symbols");
    for (const auto& pair : pairs) {
      std::vector<VenueOrder> orders = open_orders(pair);
      // A pending cancel whose order has left this pair's book is done.
      for (auto it = cancels_pending_.begin(); it != cancels_pending_.end();) {
        bool listed = std::any_of(orders.begin(), orders.end(), [&](const VenueOrder& o) { return o.id == it->first; });
        it = it->second.symbol == pair && !listed ? cancels_pending_.erase(it) : std::next(it);
      }
      for (const auto& o : orders) write_order(items, o, cancels_pending_.count(o.id) > 0);
    }
  });

  add_source("positions", [&](JsonWriter&) {});

  add_source("balances", [&](JsonWriter& items) {
    Reply r = rest_.call("GET", "/api/v1/users/balances", Query(), Access::Private);
    if (!r.ok()) throw RestSession::failure_of(r, Op::Read, "balances");
    std::string error;
    auto balances = parse_balances(r.data(), error);
    if (!balances) throw Failure(GRINDER_VENUE_RETRYABLE, "btcturk: balances: " + error);
    for (const auto& b : *balances) {
      // BTCTurk lists every asset it has; an empty one says nothing.
      if (b.free.is_zero() && b.locked.is_zero()) continue;
      items.begin_object().key("asset").string(b.asset).key("free").string(b.free.str());
      items.key("locked").string(b.locked.str()).key("balance").string(b.balance.str());
      items.end_object();
    }
  });

  if (failed == 2 && first_failure) throw *first_failure;

  // Beyond the ABI's sources (the host ignores keys it does not know): what
  // an operator watches. See README "Snapshot".
  JsonWriter extra;
  extra.begin_object();
  std::int64_t now = wall_ms();
  extra.key("rate_limits").begin_object();
  extra.key("retry_after_ms").integer(hold_.left(now).value_or(0));
  extra.key("rate_limited_total").integer(hold_.rate_limited_total());
  extra.end_object();
  extra.key("cancels_pending").integer(static_cast<std::int64_t>(cancels_pending_.size()));
  extra.key("time_offset_ms").integer(time_.offset_ms());
  extra.key("mode").string(to_string(cfg_.mode));
  extra.end_object();
  return doc + "," + extra.str().substr(1);
}

}  // namespace grinder::btcturk
