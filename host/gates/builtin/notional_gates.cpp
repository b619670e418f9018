// Gates on notional: per-order cap, venue minimum, flatten cap per call, and
// "no price, no flatten" (Runbook 15: a price getter that returns nothing
// blocks flatten, because the notional cannot be proven under the cap).
#include "builtin_gates.hpp"

namespace grinder::gates::builtin {

namespace {

bool places(const Action& a) { return a.type == ActionType::PlaceOrder || a.type == ActionType::ReplaceOrder; }

class MaxNotionalPerOrder final : public Gate {
 public:
  MaxNotionalPerOrder(std::string id, std::optional<double> max) : Gate(std::move(id)), max_(max) {}
  void judge(const Action& a, const GateContext& ctx, Verdict& out) const override {
    if (!places(a) && a.type != ActionType::Flatten) return out.set_pass();
    std::optional<double> cap = max_ ? max_ : ctx.limits.max_notional_per_order;
    if (!cap) return out.set_pass();
    auto n = a.notional(reference_price(a, ctx));
    if (!n) return out.set_deny("max_notional_per_order", "notional unknown (no price)");
    if (*n <= *cap) return out.set_pass();
    out.set_deny("max_notional_per_order", "limit=", *cap, " action=", *n);
  }

 private:
  std::optional<double> max_;
};

class MinNotional final : public Gate {
 public:
  MinNotional(std::string id, std::optional<double> min) : Gate(std::move(id)), min_(min) {}
  void judge(const Action& a, const GateContext& ctx, Verdict& out) const override {
    // Reduce-only orders close what exists; the venue minimum is for new risk.
    if (!places(a) || a.reduce_only) return out.set_pass();
    std::optional<double> floor = min_ ? min_ : ctx.min_notional;
    if (!floor) return out.set_deny("min_notional", "venue minimum notional unknown");
    auto n = a.notional(reference_price(a, ctx));
    if (!n) return out.set_deny("min_notional", "notional unknown (no price)");
    if (*n >= *floor) return out.set_pass();
    out.set_deny("min_notional", "min=", *floor, " action=", *n);
  }

 private:
  std::optional<double> min_;
};

class FlattenNotional final : public Gate {
 public:
  FlattenNotional(std::string id, std::optional<double> max) : Gate(std::move(id)), max_(max) {}
  void judge(const Action& a, const GateContext& ctx, Verdict& out) const override {
    if (a.type != ActionType::Flatten) return out.set_pass();
    std::optional<double> cap = max_ ? max_ : ctx.limits.flatten_max_notional_per_call;
    if (!cap) return out.set_pass();
    auto n = a.notional(reference_price(a, ctx));
    if (!n) return out.set_deny("flatten_notional_cap", "notional unknown (no price)");
    if (*n <= *cap) return out.set_pass();
    out.set_deny("flatten_notional_cap", "limit=", *cap, " action=", *n);
  }

 private:
  std::optional<double> max_;
};

class PriceKnown final : public Gate {
 public:
  using Gate::Gate;
  void judge(const Action& a, const GateContext& ctx, Verdict& out) const override {
    bool needs_price = a.type == ActionType::Flatten || (places(a) && !a.price);
    if (!needs_price || reference_price(a, ctx)) return out.set_pass();
    out.set_deny("price_unknown", "no price for ", a.symbol, "; notional cannot be bounded");
  }
};

}  // namespace

GatePtr max_notional_per_order(std::string id, const Params& p) {
  return std::make_unique<MaxNotionalPerOrder>(std::move(id), p.number("max"));
}
GatePtr min_notional(std::string id, const Params& p) { return std::make_unique<MinNotional>(std::move(id), p.number("min")); }
GatePtr flatten_notional(std::string id, const Params& p) {
  return std::make_unique<FlattenNotional>(std::move(id), p.number("max"));
}
GatePtr price_known(std::string id) { return std::make_unique<PriceKnown>(std::move(id)); }

}  // namespace grinder::gates::builtin
