// The budget gate: per-run and per-day calls and notional (Runbook 22 section
// 3). It reads what the ledger has already reserved; the ledger itself
// reserves only after an ALLOW, before the send.
#include "builtin_gates.hpp"

namespace grinder::gates::builtin {

namespace {

class Budget final : public Gate {
 public:
  using Gate::Gate;
  void judge(const Action& a, const GateContext& ctx, Verdict& out) const override {
    if (!ctx.budget.error.empty()) return out.set_deny("budget_state_error", ctx.budget.error);
    const auto& l = ctx.limits;
    const auto& b = ctx.budget;
    auto n = a.notional(reference_price(a, ctx));
    bool counts_notional = l.max_notional_per_run || l.max_notional_per_day;
    if (counts_notional && !n) return out.set_deny("budget_notional_run", "notional unknown (no price)");
    double notional = n.value_or(0);
    const bool calls_run = l.max_calls_per_run && b.calls_run + 1 > *l.max_calls_per_run;
    const bool calls_day = l.max_calls_per_day && b.calls_day + 1 > *l.max_calls_per_day;
    const bool notional_run = l.max_notional_per_run && b.notional_run + notional > *l.max_notional_per_run;
    const bool notional_day = l.max_notional_per_day && b.notional_day + notional > *l.max_notional_per_day;
    // The budget gate runs on every decision: text only for a denial.
    if (!calls_run && !calls_day && !notional_run && !notional_day) return out.set_pass();
    // First exceeded reason is the verdict; the detail names every one.
    out.set_deny({});
    auto over = [&out](std::string_view code, const auto&... text) {
      if (out.reason.empty())
        out.reason = code;
      else
        out.append_detail("; ");
      out.append_detail(code, ": ", text...);
    };
    if (calls_run) over("budget_calls_run", "limit=", *l.max_calls_per_run, " used=", b.calls_run, " action=1");
    if (calls_day) over("budget_calls_day", "limit=", *l.max_calls_per_day, " used=", b.calls_day, " action=1");
    if (notional_run)
      over("budget_notional_run", "limit=", *l.max_notional_per_run, " used=", b.notional_run, " action=", notional);
    if (notional_day)
      over("budget_notional_day", "limit=", *l.max_notional_per_day, " used=", b.notional_day, " action=", notional);
  }
};

}  // namespace

GatePtr budget(std::string id) { return std::make_unique<Budget>(std::move(id)); }

}  // namespace grinder::gates::builtin
