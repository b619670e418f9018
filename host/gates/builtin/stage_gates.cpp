// Gates on the stage and the flags derived from it (Runbook 22: the single
// lever decides; dry_run / allow_active_remediation / armed follow).
#include <algorithm>
#include <string_view>

#include "builtin_gates.hpp"

namespace grinder::gates::builtin {

namespace {

std::string stage_name(const GateContext& ctx) { return ctx.stage ? ctx.stage->name : std::string("<none>"); }

class ActionInStage final : public Gate {
 public:
  using Gate::Gate;
  Verdict check(const Action& a, const GateContext& ctx) const override {
    if (!ctx.stage) return Verdict::deny("action_not_in_stage", "no stage is selected");
    // Stage::may_plan without the std::string it takes: this runs on every decision.
    const std::string_view type = action_type_name(a.type);
    const auto& plan = ctx.stage->plan;
    if (std::find(plan.begin(), plan.end(), type) != plan.end()) return Verdict::pass();
    std::string plans;
    for (const auto& p : ctx.stage->plan) plans += (plans.empty() ? "" : ",") + p;
    return Verdict::deny("action_not_in_stage", "stage=" + ctx.stage->name + " plans=[" + plans +
                                                    "] action=" + std::string(action_type_name(a.type)));
  }
};

class DryRun final : public Gate {
 public:
  using Gate::Gate;
  Verdict check(const Action&, const GateContext& ctx) const override {
    if (!ctx.flags.dry_run) return Verdict::pass();
    return Verdict::deny("dry_run", "stage=" + stage_name(ctx) + " does not execute (dry_run=true)");
  }
};

class AllowActive final : public Gate {
 public:
  using Gate::Gate;
  Verdict check(const Action&, const GateContext& ctx) const override {
    if (ctx.flags.allow_active_remediation) return Verdict::pass();
    return Verdict::deny("not_allowed", "stage=" + stage_name(ctx) + " allow_active_remediation=false");
  }
};

class Armed final : public Gate {
 public:
  using Gate::Gate;
  Verdict check(const Action&, const GateContext& ctx) const override {
    if (ctx.flags.armed) return Verdict::pass();
    return Verdict::deny("not_armed", "stage=" + stage_name(ctx) + " armed=false");
  }
};

}  // namespace

GatePtr action_in_stage(std::string id) { return std::make_unique<ActionInStage>(std::move(id)); }
GatePtr dry_run(std::string id) { return std::make_unique<DryRun>(std::move(id)); }
GatePtr allow_active_remediation(std::string id) { return std::make_unique<AllowActive>(std::move(id)); }
GatePtr armed(std::string id) { return std::make_unique<Armed>(std::move(id)); }

}  // namespace grinder::gates::builtin
