// The budget gate: per-run and per-day calls and notional (Runbook 22 section
// 3). It reads what the ledger has already reserved; the ledger itself
// reserves only after an ALLOW, before the send.
#include "builtin_gates.hpp"
#include "grinder/util/number.hpp"

namespace grinder::gates::builtin {

namespace {

class Budget final : public Gate {
 public:
  using Gate::Gate;
  Verdict check(const Action& a, const GateContext& ctx) const override {
    if (!ctx.budget.error.empty()) return Verdict::deny("budget_state_error", ctx.budget.error);
    const auto& l = ctx.limits;
    const auto& b = ctx.budget;
    auto n = a.notional(reference_price(a, ctx));
    bool counts_notional = l.max_notional_per_run || l.max_notional_per_day;
    if (counts_notional && !n) return Verdict::deny("budget_notional_run", "notional unknown (no price)");
    double notional = n.value_or(0);
    const bool calls_run = l.max_calls_per_run && b.calls_run + 1 > *l.max_calls_per_run;
    const bool calls_day = l.max_calls_per_day && b.calls_day + 1 > *l.max_calls_per_day;
    const bool notional_run = l.max_notional_per_run && b.notional_run + notional > *l.max_notional_per_run;
    const bool notional_day = l.max_notional_per_day && b.notional_day + notional > *l.max_notional_per_day;
    // The budget gate runs on every decision: the text is built only for a
    // denial, never to be thrown away.
    if (!calls_run && !calls_day && !notional_run && !notional_day) return Verdict::pass();
    // First exceeded reason is the verdict; the detail names every one.
    std::string reason, detail;
    auto over = [&](const char* code, bool exceeded, auto text) {
      if (!exceeded) return;
      if (reason.empty()) reason = code;
      detail += (detail.empty() ? "" : "; ") + std::string(code) + ": " + text();
    };
    over("budget_calls_run", calls_run, [&] {
      return "limit=" + std::to_string(*l.max_calls_per_run) + " used=" + std::to_string(b.calls_run) + " action=1";
    });
    over("budget_calls_day", calls_day, [&] {
      return "limit=" + std::to_string(*l.max_calls_per_day) + " used=" + std::to_string(b.calls_day) + " action=1";
    });
    over("budget_notional_run", notional_run, [&] {
      return "limit=" + util::format_number(*l.max_notional_per_run) + " used=" + util::format_number(b.notional_run) +
             " action=" + util::format_number(notional);
    });
    over("budget_notional_day", notional_day, [&] {
      return "limit=" + util::format_number(*l.max_notional_per_day) + " used=" + util::format_number(b.notional_day) +
             " action=" + util::format_number(notional);
    });
    return Verdict::deny(std::move(reason), std::move(detail));
  }
};

}  // namespace

GatePtr budget(std::string id) { return std::make_unique<Budget>(std::move(id)); }

}  // namespace grinder::gates::builtin
