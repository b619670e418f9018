#include "canary_cycle.hpp"

#include <algorithm>
#include <chrono>

#include "canary_order.hpp"
#include "grinder/budget/ledger.hpp"
#include "grinder/gates/action.hpp"
#include "grinder/plugin/decimal.hpp"
#include "wall_clock.hpp"

namespace grinder::cli {

namespace {

constexpr std::int64_t kPollMs = 250;  // how often a resting order is looked at
constexpr int kCancelAttempts = 3;     // a retryable cancel failure is tried again
constexpr std::int64_t kCancelRetryMs = 200;

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

CanaryStop make_stop(std::string reason, std::string detail, int exit_code) {
  CanaryStop s;
  s.reason = std::move(reason);
  s.detail = std::move(detail);
  s.exit_code = exit_code;
  return s;
}

CanaryStop venue_stop(const std::string& what, const plugin::VenueError& e) {
  return make_stop(std::string("venue_error:") + plugin::to_string(e.error_class), what + ": " + e.to_string(), 2);
}

double position_of(const plugin::Snapshot& s, const std::string& symbol) {
  for (const auto& p : s.positions)
    if (p.symbol == symbol) return p.qty;
  return 0;
}

// A deny says why the canary stops: the kill switch first (KILL_SWITCH not
// "false" is a switch that is on), then stale data, else the gates.
CanaryStop deny_stop(const gates::Decision& d) {
  auto reasons = d.reasons();
  auto has = [&](const char* r) { return std::find(reasons.begin(), reasons.end(), r) != reasons.end(); };
  std::string reason = has("kill_switch_active") || has("kill_switch_env") ? "kill_switch"
                       : has("market_data:stale")                          ? "market_data:stale"
                                                                           : "gate_denied";
  std::string list;
  for (const auto& r : reasons) list += (list.empty() ? "" : ", ") + r;
  CanaryStop s = make_stop(reason, "stage " + d.stage + " chain " + d.chain + " denied: " + list, 1);
  s.reasons = std::move(reasons);
  s.decision_json = d.to_json();
  return s;
}

class Cycle {
 public:
  Cycle(CanaryRun& run, std::int64_t cycle) : r_(run), symbol_(run.spec.symbol) { rec_.cycle = cycle; }

  CycleRecord run() {
    if (auto s = prepare_and_send()) {
      rec_.stop = std::move(s);
      return rec_;
    }
    if (rec_.outcome == "placed") finish_order();
    return rec_;
  }

 private:
  audit::Event event(const char* type) const {
    return audit::Event(type, wall_now_ms())
        .field("cycle", rec_.cycle)
        .field("symbol", symbol_)
        .field("client_order_id", rec_.client_order_id);
  }
  void record(const audit::Event& e) {
    if (!r_.audit.append(e)) audit_failed_ = true;
  }

  // Everything up to the order reaching the venue. A stop returned here
  // leaves nothing resting (an order of unknown fate is cancelled by id).
  std::optional<CanaryStop> prepare_and_send() {
    std::int64_t now = wall_now_ms();
    auto book = r_.venue.book_top(symbol_);
    if (!book) return venue_stop("best bid/ask of " + symbol_, book.error());
    std::int64_t age = now - book->venue_ts_ms;
    if (age > r_.max_age_ms)
      return make_stop(
          "market_data:stale",
          symbol_ + " quote age_ms=" + std::to_string(age) + " max_age_ms=" + std::to_string(r_.max_age_ms), 1);
    auto snap = r_.venue.snapshot({symbol_});
    if (!snap) return venue_stop("snapshot of " + symbol_, snap.error());
    for (const auto* src : {&snap->orders_status, &snap->positions_status})
      if (!src->ok) return venue_stop("snapshot of " + symbol_, src->error.value_or(plugin::VenueError{}));
    position_before_ = position_of(*snap, symbol_);

    std::string why;
    auto order = plan_canary_order(*book, r_.filters, r_.spec.notional,
                                   canary_client_id(r_.gen.deployment->identity, r_.stem, rec_.cycle), why);
    if (!order) return make_stop("market_data:invalid", why, 1);
    rec_.client_order_id = order->client_order_id;
    rec_.price = order->price;
    rec_.qty = order->qty;

    // The ledger run is the cycle: the ladders' per-run caps are the
    // runbook's per-cycle caps (NOTIONAL_CAP_TRY_PER_CYCLE), the day caps
    // bound the whole loop.
    budget::Ledger ledger(r_.gen.deployment->budget_state_path, "canary-" + r_.stem + "-" + std::to_string(rec_.cycle),
                          now);
    gates::GateContext ctx = context(*book, *snap, ledger, now);
    gates::Action action = canary_action(symbol_, *order, r_.gen.deployment->identity);
    gates::Decision decision = r_.gen.decide(action, ctx);
    if (!decision.allow) return deny_stop(decision);

    // Nothing is sent that the audit cannot record.
    if (!r_.audit.error().empty()) return make_stop("audit_unavailable", r_.audit.error(), 2);
    // Reserved before it is sent: a crash after this over-counts, never under.
    if (!ledger.reserve(order->notional(), ctx.limits, now, why)) {
      bool limit = why.rfind("budget_", 0) == 0;
      return make_stop(limit ? why : "budget_state_error", limit ? "the ledger has no room for this order" : why,
                       limit ? 1 : 2);
    }

    return place(*order, decision);
  }

  // The facts the gates judge the order on, as the venue showed them now.
  gates::GateContext context(const plugin::BookTop& book, const plugin::Snapshot& snap, const budget::Ledger& ledger,
                             std::int64_t now) const {
    gates::GateContext ctx = r_.gen.context();
    ctx.now_ms = now;
    ctx.market.bid = book.bid;
    ctx.market.ask = book.ask;
    ctx.market.venue_ts_ms = book.venue_ts_ms;
    ctx.market.age_ms = std::max<std::int64_t>(0, now - book.venue_ts_ms);
    if (r_.filters.min_notional > 0) ctx.min_notional = r_.filters.min_notional;
    ctx.position_qty = position_before_;
    for (const auto& o : snap.orders)
      if (o.symbol == symbol_ && o.is_open()) ctx.open_orders.push_back({o.client_order_id, o.symbol, o.qty, o.price});
    ctx.budget = ledger.view(now);
    return ctx;
  }

  std::optional<CanaryStop> place(const CanaryOrder& order, const gates::Decision& decision) {
    plugin::OrderRequest req;
    req.symbol = symbol_;
    req.side = plugin::Side::Buy;
    req.type = plugin::OrderType::Limit;
    req.price = order.price;
    req.qty = order.qty;
    req.client_order_id = order.client_order_id;
    req.time_in_force = plugin::TimeInForce::GTC;
    std::int64_t t0 = steady_ms();
    auto placed = r_.venue.place(req);
    rec_.latency_ms = steady_ms() - t0;
    if (!placed) return rejected(placed.error());
    rec_.outcome = "placed";
    placed_at_ = steady_ms();
    order_ = *placed;
    record(event("CANARY_PLACED")
               .field("venue_order_id", placed->venue_order_id)
               .field("side", "BUY")
               .field("type", "LIMIT")
               .raw("price", plugin::format_decimal(order.price))
               .raw("qty", plugin::format_decimal(order.qty))
               .raw("notional", plugin::format_decimal(order.notional()))
               .field("ttl_s", r_.spec.ttl_s)
               .field("latency_ms", rec_.latency_ms)
               .field("stage", r_.gen.stage().name)
               .field("generation", r_.gen.id)
               .raw("decision", decision.to_json()));
    return std::nullopt;
  }

  std::optional<CanaryStop> rejected(const plugin::VenueError& e) {
    rec_.outcome = "rejected";
    record(event("CANARY_REJECTED")
               .field("error_class", plugin::to_string(e.error_class))
               .field("error", e.to_string())
               .field("latency_ms", rec_.latency_ms));
    if (e.error_class == plugin::ErrorClass::UnknownState) {
      // The order may exist after all: cancel it by its id (idempotent).
      auto c = r_.venue.cancel(symbol_, rec_.client_order_id);
      return make_stop(
          "venue_error:UNKNOWN_STATE",
          "place " + rec_.client_order_id + ": " + e.to_string() + "; cancel by id " +
              (c ? std::string("done") : "failed (" + c.error().to_string() + "): check the venue by hand"),
          2);
    }
    if (is_hard_error(e.error_class) || e.error_class == plugin::ErrorClass::InvalidArgument ||
        e.error_class == plugin::ErrorClass::Unsupported)
      return venue_stop("place " + rec_.client_order_id, e);
    return std::nullopt;  // retryable: counted as a reject, the next cycle tries again
  }

  // After the place: watch until the TTL, then cancel. The order is never
  // left open on purpose; when that cannot be confirmed the canary stops.
  void finish_order() {
    std::int64_t deadline = placed_at_ + static_cast<std::int64_t>(r_.spec.ttl_s * 1000);
    bool open = order_.is_open();
    rec_.filled_qty = order_.filled_qty;
    while (open && steady_ms() < deadline) {
      if (r_.signals.wait(std::min(kPollMs, deadline - steady_ms()))) break;
      open = look();
    }
    if (open)
      cancel();
    else
      end_without_cancel();
    if (r_.signals.received() && !rec_.stop)
      rec_.stop =
          make_stop("signal", std::string(r_.signals.name()) + ": stopped by the operator after cleaning up", 1);
    if (audit_failed_ && !rec_.stop) rec_.stop = make_stop("audit_unavailable", r_.audit.error(), 2);
  }

  // Whether the order still rests; a failed look counts as resting (the
  // cancel at TTL settles it).
  bool look() {
    auto snap = r_.venue.snapshot({symbol_});
    if (!snap || !snap->orders_status.ok) return true;
    for (const auto& o : snap->orders)
      if (o.client_order_id == rec_.client_order_id) {
        rec_.filled_qty = o.filled_qty;
        return o.is_open();
      }
    // Gone from the open orders: filled or ended by the venue. The position
    // says how much filled (the canary holds the instance lock, so no other
    // grinder trades this scope meanwhile).
    if (snap->positions_status.ok)
      rec_.filled_qty = std::clamp(position_of(*snap, symbol_) - position_before_, 0.0, rec_.qty);
    return false;
  }

  void end_without_cancel() {
    rec_.rested_ms = steady_ms() - placed_at_;
    rec_.outcome = rec_.filled_qty >= rec_.qty ? "filled" : "closed";
    record(event(rec_.outcome == "filled" ? "CANARY_FILLED" : "CANARY_CLOSED")
               .raw("filled_qty", plugin::format_decimal(rec_.filled_qty))
               .field("rested_ms", rec_.rested_ms));
  }

  void cancel() {
    plugin::Status s = r_.venue.cancel(symbol_, rec_.client_order_id);
    for (int attempt = 1; !s && attempt < kCancelAttempts && !is_hard_error(s.error().error_class) &&
                          s.error().error_class != plugin::ErrorClass::InvalidArgument;
         ++attempt) {
      r_.signals.wait(kCancelRetryMs);
      s = r_.venue.cancel(symbol_, rec_.client_order_id);
    }
    if (s) {
      rec_.outcome = "cancelled";
      rec_.rested_ms = steady_ms() - placed_at_;
      record(event("CANARY_CANCELLED")
                 .raw("filled_qty", plugin::format_decimal(rec_.filled_qty))
                 .field("rested_ms", rec_.rested_ms));
      return;
    }
    // The cancel failed: maybe the order ended meanwhile. Only a look that
    // no longer finds it open lets the canary go on.
    plugin::VenueError error = s.error();
    if (!look()) {
      end_without_cancel();
      return;
    }
    rec_.outcome = "cancel_failed";
    record(event("CANARY_CANCEL_FAILED")
               .field("error_class", plugin::to_string(error.error_class))
               .field("error", error.to_string()));
    CanaryStop stop = venue_stop("cancel " + rec_.client_order_id, error);
    stop.detail += "; the order may still rest on " + symbol_ + ": cancel it on the venue by hand";
    rec_.stop = std::move(stop);
  }

  CanaryRun& r_;
  const std::string symbol_;
  CycleRecord rec_;
  plugin::Order order_;
  double position_before_ = 0;
  std::int64_t placed_at_ = 0;
  bool audit_failed_ = false;
};

}  // namespace

bool is_hard_error(plugin::ErrorClass c) {
  return c == plugin::ErrorClass::Auth || c == plugin::ErrorClass::NonRetryable ||
         c == plugin::ErrorClass::UnknownState;
}

CycleRecord run_canary_cycle(CanaryRun& run, std::int64_t cycle) { return Cycle(run, cycle).run(); }

}  // namespace grinder::cli
