// Placing and cancelling orders, and finding out what happened when the
// venue's answer did not say.
#include <chrono>
#include <thread>

#include "binance_venue.hpp"
#include "client_order_id.hpp"
#include "json.hpp"

namespace grinder::binance {

using venue_sdk::Failure;

namespace {

const char* tif_text(grinder_venue_tif t) {
  switch (t) {
    case GRINDER_VENUE_TIF_IOC: return "IOC";
    case GRINDER_VENUE_TIF_FOK: return "FOK";
    case GRINDER_VENUE_TIF_GTX: return "GTX";
    default: return "GTC";
  }
}

void check_client_order_id(const std::string& id) {
  if (!valid_client_order_id(id))
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT,
                  "binance: client order id '" + id + "' does not match ^[\\.A-Z\\:/a-z0-9_-]{1,36}$ (New Order)",
                  -4015);
}

// The order the venue holds under this id is the one we asked for (a -4116
// could also mean the host reused an id).
bool same_order(const VenueOrder& o, const venue_sdk::OrderRequest& req, const ShapedOrder& shaped) {
  auto q = Decimal::parse(o.qty), want_q = Decimal::parse(shaped.qty);
  bool side = o.side == (req.side == GRINDER_VENUE_SIDE_BUY ? "BUY" : "SELL");
  bool qty = q && want_q && *q == *want_q;
  bool price = true;
  if (req.type == GRINDER_VENUE_TYPE_LIMIT) {
    auto p = Decimal::parse(o.price), want_p = Decimal::parse(shaped.price);
    price = p && want_p && *p == *want_p;
  }
  return o.symbol == req.symbol && side && qty && price;
}

}  // namespace

void BinanceVenue::sleep_before_lookup(int attempt) const {
  // The venue may still be working on the request: give it a moment, more
  // each time.
  auto pause = cfg_.lookup_delay * (1 << attempt);
  if (pause.count() > 0) std::this_thread::sleep_for(pause);
}

std::optional<VenueOrder> BinanceVenue::lookup(const std::string& symbol, const std::string& client_order_id,
                                               bool* missing, std::string* why) {
  Query q;
  q.add("symbol", symbol).add("origClientOrderId", client_order_id);
  Reply r = rest_.call("GET", "/fapi/v1/order", q, Security::Signed);
  if (missing) *missing = r.api_code(code::kNoSuchOrder);
  if (r.ok()) {
    if (auto o = parse_order(r.json)) return o;
    if (why) *why = "the lookup's answer is not an order";
    return std::nullopt;
  }
  if (why) *why = RestSession::failure_of(r, Op::Read, "lookup").what();
  return std::nullopt;
}

VenueOrder BinanceVenue::resolve_placement(const std::string& symbol, const std::string& client_order_id,
                                           const std::string& why) {
  log_.warn("place " + client_order_id + ": outcome unknown (" + why +
            "); looking the order up by its client order id, nothing is sent again");
  std::string last = "not found";
  for (int attempt = 0; attempt < cfg_.unknown_state_lookups; ++attempt) {
    if (streams_) {
      if (auto ev = streams_->order_event(client_order_id)) {
        log_.info("place " + client_order_id + ": resolved by the user data stream: " + ev->status);
        return *ev;
      }
    }
    sleep_before_lookup(attempt);
    bool missing = false;
    std::string lookup_why;
    if (auto o = lookup(symbol, client_order_id, &missing, &lookup_why)) {
      log_.info("place " + client_order_id + ": resolved by lookup: order " + o->order_id + " " + o->status);
      return *o;
    }
    last = missing ? "the venue has no such order (-2013)" : lookup_why;
  }
  throw Failure(GRINDER_VENUE_UNKNOWN_STATE, "binance: place " + client_order_id + ": outcome unknown (" + why +
                                                 "); after " + std::to_string(cfg_.unknown_state_lookups) +
                                                 " lookups: " + last +
                                                 "; it may still appear: reconcile before sending it again");
}

void BinanceVenue::place(const venue_sdk::OrderRequest& req, grinder_venue_order& out) {
  check_client_order_id(req.client_order_id);
  if (req.side != GRINDER_VENUE_SIDE_BUY && req.side != GRINDER_VENUE_SIDE_SELL)
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "binance: side must be BUY or SELL");
  if (req.type != GRINDER_VENUE_TYPE_LIMIT && req.type != GRINDER_VENUE_TYPE_MARKET)
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "binance: type must be LIMIT or MARKET");
  bool market = req.type == GRINDER_VENUE_TYPE_MARKET;
  bool buy = req.side == GRINDER_VENUE_SIDE_BUY;
  const SymbolFilters& f = symbol_filters(req.symbol);
  ShapeResult shaped = shape_order(f, buy, market, req.price, req.qty, req.reduce_only);
  if (!shaped.order) throw Failure(shaped.refusal.rc, shaped.refusal.message, shaped.refusal.venue_code);
  const ShapedOrder& o = *shaped.order;
  if (o.price_rounded)
    log_.debug("place " + req.client_order_id + ": price " + req.price + " -> " + o.price + " (tick " +
               f.tick_size.str() + ")");
  if (o.qty_rounded)
    log_.debug("place " + req.client_order_id + ": qty " + req.qty + " -> " + o.qty + " (step " + f.step_size.str() +
               ")");

  Query q;
  q.add("symbol", req.symbol).add("side", buy ? "BUY" : "SELL").add("type", market ? "MARKET" : "LIMIT");
  if (!market) q.add("timeInForce", tif_text(req.time_in_force));
  q.add("quantity", o.qty);
  if (!market) q.add("price", o.price);
  if (req.reduce_only) q.add("reduceOnly", "true");
  q.add("newClientOrderId", req.client_order_id).add("newOrderRespType", "RESULT");

  log_.info("place_order symbol=" + req.symbol + " side=" + (buy ? "BUY" : "SELL") +
            " type=" + (market ? "MARKET" : "LIMIT") + (market ? "" : " price=" + o.price) + " qty=" + o.qty +
            (req.reduce_only ? " reduce_only=true" : "") + " client_order_id=" + req.client_order_id);
  Reply r = rest_.call("POST", "/fapi/v1/order", q, Security::Signed);

  VenueOrder placed;
  if (r.ok()) {
    auto parsed = parse_order(r.json);
    placed = parsed ? *parsed : resolve_placement(req.symbol, req.client_order_id, "acknowledgement is not an order");
  } else if (r.api_code(code::kDuplicateClientOrderId)) {
    // -4116: an open order already carries this id, most likely our own
    // earlier attempt. It is looked up, never sent again.
    bool missing = false;
    std::string why;
    auto existing = lookup(req.symbol, req.client_order_id, &missing, &why);
    if (!existing)
      throw Failure(GRINDER_VENUE_UNKNOWN_STATE,
                    "binance: place " + req.client_order_id + ": -4116 clientOrderId is duplicated, and the lookup " +
                        (missing ? std::string("found no such order") : "failed: " + why) + "; reconcile before acting",
                    code::kDuplicateClientOrderId);
    if (!same_order(*existing, req, o))
      throw Failure(GRINDER_VENUE_NON_RETRYABLE,
                    "binance: place " + req.client_order_id +
                        ": -4116 clientOrderId is duplicated by a different order (" + existing->side + " " +
                        existing->qty + " @ " + existing->price + "); use a new client order id",
                    code::kDuplicateClientOrderId);
    log_.warn("place " + req.client_order_id + ": -4116 duplicate: the order already exists (" + existing->order_id +
              "), returning it; nothing was sent again");
    placed = *existing;
  } else if ((r.kind == Reply::Kind::Api && execution_unknown(r.error, Op::Place)) || r.kind == Reply::Kind::Unknown) {
    std::string why = r.kind == Reply::Kind::Unknown ? r.detail : classify(r.error, Op::Place).message;
    placed = resolve_placement(req.symbol, req.client_order_id, why);
  } else {
    throw RestSession::failure_of(r, Op::Place, "place " + req.client_order_id);
  }
  fill_order(placed, out);
  log_.info("Order placed order_id=" + placed.client_order_id + " venue_order_id=" + placed.order_id +
            " status=" + placed.status);
}

void BinanceVenue::cancel(const std::string& symbol, const std::string& client_order_id) {
  check_client_order_id(client_order_id);
  symbol_filters(symbol);
  log_.info("cancel_order symbol=" + symbol + " order_id=" + client_order_id);
  Query q;
  q.add("symbol", symbol).add("origClientOrderId", client_order_id);
  Reply r = rest_.call("DELETE", "/fapi/v1/order", q, Security::Signed);
  if (r.ok()) {
    log_.info("Order cancelled order_id=" + client_order_id);
    return;
  }
  if (r.api_code(code::kCancelRejected) || r.api_code(code::kNoSuchOrder)) {
    // Not in the book (already cancelled, filled or expired, or never
    // there): what cancel wants is already true.
    log_.info("cancel " + client_order_id + ": already gone (" + std::to_string(r.error.code) + " " + r.error.msg +
              ")");
    return;
  }
  bool unknown =
      r.kind == Reply::Kind::Unknown || (r.kind == Reply::Kind::Api && execution_unknown(r.error, Op::Cancel));
  if (!unknown) throw RestSession::failure_of(r, Op::Cancel, "cancel " + client_order_id);

  std::string why = r.kind == Reply::Kind::Unknown ? r.detail : classify(r.error, Op::Cancel).message;
  log_.warn("cancel " + client_order_id + ": outcome unknown (" + why + "); looking the order up");
  sleep_before_lookup(0);
  bool missing = false;
  std::string lookup_why;
  auto o = lookup(symbol, client_order_id, &missing, &lookup_why);
  if (missing || (o && !o->is_open())) {
    log_.info("cancel " + client_order_id + ": resolved by lookup: " + (o ? o->status : std::string("no such order")));
    return;
  }
  if (o)
    throw Failure(GRINDER_VENUE_RETRYABLE, "binance: cancel " + client_order_id + ": did not take effect (" + why +
                                               "); the order is still " + o->status + ": cancelling again is safe");
  throw Failure(GRINDER_VENUE_UNKNOWN_STATE, "binance: cancel " + client_order_id + ": outcome unknown (" + why +
                                                 ") and the lookup failed: " + lookup_why);
}

std::uint32_t BinanceVenue::cancel_all(const std::string& symbol) {
  symbol_filters(symbol);
  // Binance does not say how many it cancelled; the open orders just before
  // are the count (one weight).
  auto open_count = [&](std::string* why) -> std::optional<std::uint32_t> {
    Reply r = rest_.call("GET", "/fapi/v1/openOrders", Query().add("symbol", symbol), Security::Signed);
    if (r.ok() && r.json.IsArray()) return static_cast<std::uint32_t>(r.json.Size());
    if (why) *why = r.ok() ? "openOrders is not a list" : RestSession::failure_of(r, Op::Read, "openOrders").what();
    return std::nullopt;
  };
  std::uint32_t before = open_count(nullptr).value_or(0);
  log_.info("cancel_all symbol=" + symbol + " open_orders=" + std::to_string(before));
  Reply r = rest_.call("DELETE", "/fapi/v1/allOpenOrders", Query().add("symbol", symbol), Security::Signed);
  if (r.ok()) {
    // Success reads {"code": 200, "msg": "The operation of cancel all open order is done."}.
    log_.info("cancel_all " + symbol + ": done (" + str_of(r.json, "msg") + ")");
    return before;
  }
  bool unknown =
      r.kind == Reply::Kind::Unknown || (r.kind == Reply::Kind::Api && execution_unknown(r.error, Op::CancelAll));
  if (!unknown) throw RestSession::failure_of(r, Op::CancelAll, "cancel_all " + symbol);
  std::string why = r.kind == Reply::Kind::Unknown ? r.detail : classify(r.error, Op::CancelAll).message;
  log_.warn("cancel_all " + symbol + ": outcome unknown (" + why + "); checking the open orders");
  sleep_before_lookup(0);
  std::string check_why;
  auto left = open_count(&check_why);
  if (left && *left == 0) return before;
  if (left)
    throw Failure(GRINDER_VENUE_RETRYABLE, "binance: cancel_all " + symbol + ": " + std::to_string(*left) +
                                               " orders still open (" + why + "): cancelling all again is safe");
  throw Failure(GRINDER_VENUE_UNKNOWN_STATE,
                "binance: cancel_all " + symbol + ": outcome unknown (" + why + ") and the check failed: " + check_why);
}

}  // namespace grinder::binance
