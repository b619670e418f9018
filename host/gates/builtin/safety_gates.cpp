// Safety state gates: the kill switch latch, stale market data, the venue's
// circuit breaker, HA leadership and a configured venue.
#include "builtin_gates.hpp"

namespace grinder::gates::builtin {

namespace {

class KillSwitch final : public Gate {
 public:
  using Gate::Gate;
  void judge(const Action& a, const GateContext& ctx, Verdict& out) const override {
    // Like a REDUCING trading state: new risk is denied, cancels and
    // reduce-only flattens pass (Runbook 15, ADR-043).
    if (!ctx.kill_switch || !a.adds_risk()) return out.set_pass();
    out.set_deny("kill_switch_active", "kill switch tripped: only risk-reducing actions pass");
  }
};

class MarketDataFresh final : public Gate {
 public:
  MarketDataFresh(std::string id, std::optional<double> max_age_ms) : Gate(std::move(id)), max_age_ms_(max_age_ms) {}
  void judge(const Action& a, const GateContext& ctx, Verdict& out) const override {
    // Cancels do not depend on the price; everything priced does.
    if (a.type == ActionType::CancelOrder || a.type == ActionType::CancelAll) return out.set_pass();
    std::int64_t max_age = static_cast<std::int64_t>(max_age_ms_.value_or(10000));
    if (!ctx.market.age_ms) return out.set_deny("market_data:stale", "no market data for ", a.symbol);
    if (*ctx.market.age_ms <= max_age) return out.set_pass();
    out.set_deny("market_data:stale", "age_ms=", *ctx.market.age_ms, " max_age_ms=", max_age);
  }

 private:
  std::optional<double> max_age_ms_;
};

class CircuitBreaker final : public Gate {
 public:
  using Gate::Gate;
  void judge(const Action&, const GateContext& ctx, Verdict& out) const override {
    if (!ctx.circuit_open) return out.set_pass();
    out.set_deny("circuit_open", "venue circuit breaker is open");
  }
};

class Leader final : public Gate {
 public:
  using Gate::Gate;
  void judge(const Action&, const GateContext& ctx, Verdict& out) const override {
    if (ctx.leader) return out.set_pass();
    out.set_deny("not_leader", "this instance is a standby; only the leader executes");
  }
};

class VenueConfigured final : public Gate {
 public:
  using Gate::Gate;
  void judge(const Action&, const GateContext& ctx, Verdict& out) const override {
    if (ctx.venue_configured) return out.set_pass();
    out.set_deny("venue_not_configured", "Cannot place_order: venue not configured");
  }
};

}  // namespace

GatePtr kill_switch(std::string id) { return std::make_unique<KillSwitch>(std::move(id)); }
GatePtr market_data_fresh(std::string id, const Params& p) {
  return std::make_unique<MarketDataFresh>(std::move(id), p.number("max_age_ms"));
}
GatePtr circuit_breaker(std::string id) { return std::make_unique<CircuitBreaker>(std::move(id)); }
GatePtr leader(std::string id) { return std::make_unique<Leader>(std::move(id)); }
GatePtr venue_configured(std::string id) { return std::make_unique<VenueConfigured>(std::move(id)); }

}  // namespace grinder::gates::builtin
