// Placing and cancelling orders, and finding out what happened when the
// venue's answer did not say.
#include "btcturk_venue.hpp"
#include "client_order_id.hpp"
#include "json.hpp"
#include "order_shape.hpp"

namespace grinder::btcturk {

using venue_sdk::Failure;

namespace {

// How far back a lookup of an order of unknown fate searches allOrders:
// well past any clock difference between the venue and this host.
constexpr std::int64_t kLookupWindowMs = 5 * 60 * 1000;

void check_client_order_id(const std::string& id) {
  if (!valid_client_order_id(id))
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "btcturk: client order id '" + id + "' must be 1 to " +
                                                      std::to_string(kMaxClientOrderIdLength) +
                                                      " of A-Z a-z 0-9 . _ : / -");
}

}  // namespace

void BtcturkVenue::require_writes(const char* what) const {
  if (cfg_.mode != Mode::LiveTrade)
    throw Failure(GRINDER_VENUE_NON_RETRYABLE,
                  std::string("btcturk: ") + what +
                      " refused before anything was sent: the venue's mode is read_only; writes need params.mode: "
                      "live_trade (examples/btcturk/grinder.sim.yaml takes it from GRINDER_CONNECTOR_MODE=LIVE_TRADE)");
}

std::vector<VenueOrder> BtcturkVenue::open_orders(const std::string& symbol) {
  Reply r = rest_.call("GET", "/api/v1/openOrders", Query().add("pairSymbol", symbol), Access::Private);
  if (!r.ok()) throw RestSession::failure_of(r, Op::Read, "openOrders " + symbol);
  auto orders = parse_open_orders(r.data());
  if (!orders) throw Failure(GRINDER_VENUE_RETRYABLE, "btcturk: openOrders " + symbol + ": an unreadable order");
  return *orders;
}

std::optional<VenueOrder> BtcturkVenue::order_by_id(const std::string& id, bool* not_found, std::string* why) {
  if (not_found) *not_found = false;
  Reply r = rest_.call("GET", "/api/v1/order/" + id, Query(), Access::Private);
  if (r.ok()) {
    if (auto o = parse_listed_order(r.data())) return o;
    if (why) *why = "the order's answer is not an order";
    return std::nullopt;
  }
  if (not_found) *not_found = r.kind == Reply::Kind::Api && order_already_gone(r.error);
  if (why) *why = RestSession::failure_of(r, Op::Read, "order " + id).what();
  return std::nullopt;
}

std::optional<VenueOrder> BtcturkVenue::find_by_client_id(const std::string& symbol, const std::string& client_order_id,
                                                          std::int64_t since_ms, std::string* why) {
  try {
    for (auto& o : open_orders(symbol))
      if (o.client_order_id == client_order_id) return std::move(o);
  } catch (const Failure& e) {
    if (why) *why = e.what();
    return std::nullopt;
  }
  // Not resting: maybe filled or cancelled already. allOrders lists those.
  Query q;
  q.add("pairSymbol", symbol).add("startTime", std::to_string(since_ms)).add("limit", "1000");
  Reply r = rest_.call("GET", "/api/v1/allOrders", q, Access::Private);
  if (!r.ok()) {
    if (why) *why = RestSession::failure_of(r, Op::Read, "allOrders " + symbol).what();
    return std::nullopt;
  }
  if (!r.data().IsArray()) {
    if (why) *why = "allOrders " + symbol + ": answer is not a list";
    return std::nullopt;
  }
  std::optional<VenueOrder> latest;
  for (const auto& item : r.data().GetArray()) {
    auto o = parse_listed_order(item);
    if (o && o->client_order_id == client_order_id && (!latest || o->time_ms >= latest->time_ms)) latest = o;
  }
  if (!latest && why) *why = "no order with this client order id on " + symbol;
  return latest;
}

VenueOrder BtcturkVenue::resolve_placement(const std::string& symbol, const std::string& client_order_id,
                                           std::int64_t sent_at_ms, const std::string& why) {
  log_.warn("place " + client_order_id + ": outcome unknown (" + why +
            "); looking the order up by its client order id, nothing is sent again");
  std::string last = "not found";
  for (int attempt = 0; attempt < cfg_.unknown_state_lookups; ++attempt) {
    // The venue may still be working on the request: give it a moment,
    // more each time.
    sleep_for(cfg_.lookup_delay * (1 << attempt));
    std::string lookup_why;
    if (auto o = find_by_client_id(symbol, client_order_id, sent_at_ms - kLookupWindowMs, &lookup_why)) {
      log_.info("place " + client_order_id + ": resolved by lookup: order " + o->id + " " + o->status);
      return *o;
    }
    last = lookup_why;
  }
  throw Failure(GRINDER_VENUE_UNKNOWN_STATE, "btcturk: place " + client_order_id + ": outcome unknown (" + why +
                                                 "); after " + std::to_string(cfg_.unknown_state_lookups) +
                                                 " lookups: " + last +
                                                 "; it may still appear: reconcile before sending it again");
}

void BtcturkVenue::place(const venue_sdk::OrderRequest& req, grinder_venue_order& out) {
  require_writes("place");
  check_client_order_id(req.client_order_id);
  if (req.side != GRINDER_VENUE_SIDE_BUY && req.side != GRINDER_VENUE_SIDE_SELL)
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "btcturk: side must be BUY or SELL");
  if (req.type != GRINDER_VENUE_TYPE_LIMIT && req.type != GRINDER_VENUE_TYPE_MARKET)
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "btcturk: type must be LIMIT or MARKET");
  bool market = req.type == GRINDER_VENUE_TYPE_MARKET;
  bool buy = req.side == GRINDER_VENUE_SIDE_BUY;
  if (req.reduce_only)
    throw Failure(GRINDER_VENUE_UNSUPPORTED, "btcturk: reduce-only: a spot venue has no position to reduce");
  if (!market && req.time_in_force != 0 && req.time_in_force != GRINDER_VENUE_TIF_GTC)
    throw Failure(
        GRINDER_VENUE_UNSUPPORTED,
        "btcturk: a limit order rests until filled or cancelled (GTC); IOC, FOK and post-only are not offered");
  if (market && buy)
    throw Failure(
        GRINDER_VENUE_UNSUPPORTED,
        "btcturk: a market BUY's quantity is in the quote asset (TRY, USDT), and the ABI's quantity is in the "
        "base asset; rather than guess a conversion, use a LIMIT BUY at or above the ask");
  if (sent_client_ids_.count(req.client_order_id))
    throw Failure(GRINDER_VENUE_NON_RETRYABLE,
                  "btcturk: client order id " + req.client_order_id +
                      " was sent before by this instance, and BTCTurk would take it twice: use a new id");

  const PairRules& rules = pair_rules(req.symbol);
  ShapeResult shaped = shape_order(rules, buy, market, req.price, req.qty);
  if (!shaped.order) throw Failure(shaped.refusal.rc, shaped.refusal.message, shaped.refusal.venue_code);
  const ShapedOrder& o = *shaped.order;
  if (o.price_rounded)
    log_.debug("place " + req.client_order_id + ": price " + req.price + " -> " + o.price + " (tick " +
               rules.tick_size.str() + ")");
  if (o.qty_rounded)
    log_.debug("place " + req.client_order_id + ": qty " + req.qty + " -> " + o.qty + " (scale " +
               std::to_string(rules.quantity_scale) + ")");

  log_.info("place_order symbol=" + req.symbol + " side=" + (buy ? "BUY" : "SELL") +
            " type=" + (market ? "MARKET" : "LIMIT") + (market ? "" : " price=" + o.price) + " qty=" + o.qty +
            " client_order_id=" + req.client_order_id);
  // Spent from the moment it may leave: an order of unknown fate keeps its id.
  sent_client_ids_.insert(req.client_order_id);
  std::int64_t sent_at = time_.now_ms();
  Reply r = rest_.call("POST", "/api/v1/order", Query(), Access::Private,
                       submit_body(req.symbol, buy, market, o.price, o.qty, req.client_order_id));

  VenueOrder placed;
  if (r.ok()) {
    auto ack = parse_submit_ack(r.data());
    if (ack) {
      placed = *ack;
      // The acknowledgement names the id it took; a client that spells the
      // field otherwise gets it back empty, and the id is ours regardless.
      if (placed.client_order_id.empty()) placed.client_order_id = req.client_order_id;
    } else {
      placed = resolve_placement(req.symbol, req.client_order_id, sent_at, "acknowledgement is not an order");
    }
  } else if (r.kind == Reply::Kind::Unknown || (r.kind == Reply::Kind::Api && execution_unknown(r.error, Op::Place))) {
    std::string why = r.kind == Reply::Kind::Unknown ? r.detail : classify(r.error, Op::Place).message;
    placed = resolve_placement(req.symbol, req.client_order_id, sent_at, why);
  } else {
    // Refused, held or never sent: no order exists under this id.
    sent_client_ids_.erase(req.client_order_id);
    throw RestSession::failure_of(r, Op::Place, "place " + req.client_order_id);
  }
  if (market && placed.is_open()) {
    // A market order's acknowledgement says nothing of its fills; its own
    // record says how it ended. Best effort: the order exists either way.
    std::string why;
    if (auto ended = order_by_id(placed.id, nullptr, &why)) {
      if (ended->client_order_id.empty()) ended->client_order_id = placed.client_order_id;
      placed = *ended;
    } else {
      log_.debug("place " + req.client_order_id + ": market order placed; its fills are not known yet (" + why + ")");
    }
  }
  fill_order(placed, out);
  log_.info("Order placed order_id=" + placed.client_order_id + " venue_order_id=" + placed.id +
            " status=" + placed.status);
}

void BtcturkVenue::cancel(const std::string& symbol, const std::string& client_order_id) {
  require_writes("cancel");
  check_client_order_id(client_order_id);
  pair_rules(symbol);
  // BTCTurk cancels by its own id: find the order first. Not open (never
  // placed, filled, cancelled already): what cancel wants is already true.
  std::vector<std::string> ids;
  for (const auto& o : open_orders(symbol))
    if (o.client_order_id == client_order_id) ids.push_back(o.id);
  if (ids.empty()) {
    log_.info("cancel " + client_order_id + ": not open on " + symbol + ", nothing to cancel");
    return;
  }
  for (const auto& id : ids) {
    log_.info("cancel_order symbol=" + symbol + " order_id=" + client_order_id + " venue_order_id=" + id);
    Reply r = rest_.call("DELETE", "/api/v1/order", Query().add("id", id), Access::Private);
    if (r.ok()) {
      cancels_pending_[id] = {symbol, client_order_id};
      continue;
    }
    if (r.kind == Reply::Kind::Api && order_already_gone(r.error)) {
      log_.info("cancel " + client_order_id + ": already closed (" + r.error.message + ")");
      continue;
    }
    bool unknown =
        r.kind == Reply::Kind::Unknown || (r.kind == Reply::Kind::Api && execution_unknown(r.error, Op::Cancel));
    if (!unknown) throw RestSession::failure_of(r, Op::Cancel, "cancel " + client_order_id);
    // The cancel may or may not have been taken: the order's state says.
    std::string why = r.kind == Reply::Kind::Unknown ? r.detail : classify(r.error, Op::Cancel).message;
    log_.warn("cancel " + client_order_id + ": outcome unknown (" + why + "); looking the order up");
    sleep_for(cfg_.lookup_delay);
    bool not_found = false;
    std::string lookup_why;
    auto o = order_by_id(id, &not_found, &lookup_why);
    if (not_found || (o && !o->is_open())) continue;
    if (o) {
      cancels_pending_[id] = {symbol, client_order_id};  // maybe taken, maybe not: a second cancel settles it
      throw Failure(GRINDER_VENUE_RETRYABLE, "btcturk: cancel " + client_order_id + ": outcome unknown (" + why +
                                                 "); the order is still " + o->status + ": cancelling again is safe");
    }
    throw Failure(GRINDER_VENUE_UNKNOWN_STATE, "btcturk: cancel " + client_order_id + ": outcome unknown (" + why +
                                                   ") and the lookup failed: " + lookup_why);
  }

  // Accepted is not done: the venue removes the order after validating the
  // cancel. Wait a bounded time to see it go.
  if (cfg_.cancel_confirm.count() == 0) {
    log_.info("cancel " + client_order_id + ": accepted by the venue; not waiting for it to take effect");
    return;
  }
  auto deadline = std::chrono::steady_clock::now() + cfg_.cancel_confirm;
  std::string last_status;
  bool filled_first = false;
  for (;;) {
    bool all_closed = true;
    for (const auto& id : ids) {
      if (!cancels_pending_.count(id)) continue;
      bool not_found = false;
      std::string why;
      auto o = order_by_id(id, &not_found, &why);
      if (not_found || (o && !o->is_open())) {
        // The market can reach an order between the cancel and its effect.
        filled_first = filled_first || (o && o->status == "Closed");
        cancels_pending_.erase(id);
        continue;
      }
      all_closed = false;
      last_status = o ? o->status : why;
    }
    if (all_closed) {
      if (filled_first)
        log_.info("cancel " + client_order_id + ": the order filled before the cancel took effect; nothing is open");
      else
        log_.info("Order cancelled order_id=" + client_order_id);
      return;
    }
    if (std::chrono::steady_clock::now() + cfg_.cancel_poll > deadline) break;
    sleep_for(cfg_.cancel_poll);
  }
  throw Failure(GRINDER_VENUE_RETRYABLE,
                "btcturk: cancel " + client_order_id + ": accepted by the venue, but the order is still open after " +
                    std::to_string(cfg_.cancel_confirm.count()) + " ms (" + last_status +
                    "); BTCTurk cancels asynchronously and reports the result on its WebSocket channel 452, which "
                    "this plugin does not read: cancelling again is safe");
}

}  // namespace grinder::btcturk
