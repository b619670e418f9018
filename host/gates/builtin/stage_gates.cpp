// Gates on the stage and the flags derived from it (Runbook 22: the single
// lever decides; dry_run / allow_active_remediation / armed follow).
#include <algorithm>
#include <string_view>

#include "builtin_gates.hpp"

namespace grinder::gates::builtin {

namespace {

std::string_view stage_name(const GateContext& ctx) { return ctx.stage ? std::string_view(ctx.stage->name) : "<none>"; }

class ActionInStage final : public Gate {
 public:
  using Gate::Gate;
  void judge(const Action& a, const GateContext& ctx, Verdict& out) const override {
    if (!ctx.stage) return out.set_deny("action_not_in_stage", "no stage is selected");
    // Stage::may_plan without the std::string it takes: this runs on every decision.
    const std::string_view type = action_type_name(a.type);
    const auto& plan = ctx.stage->plan;
    if (std::find(plan.begin(), plan.end(), type) != plan.end()) return out.set_pass();
    out.set_deny("action_not_in_stage", "stage=", ctx.stage->name, " plans=[");
    for (std::size_t i = 0; i < plan.size(); ++i) out.append_detail(i ? "," : "", plan[i]);
    out.append_detail("] action=", type);
  }
};

class DryRun final : public Gate {
 public:
  using Gate::Gate;
  void judge(const Action&, const GateContext& ctx, Verdict& out) const override {
    if (!ctx.flags.dry_run) return out.set_pass();
    out.set_deny("dry_run", "stage=", stage_name(ctx), " does not execute (dry_run=true)");
  }
};

class AllowActive final : public Gate {
 public:
  using Gate::Gate;
  void judge(const Action&, const GateContext& ctx, Verdict& out) const override {
    if (ctx.flags.allow_active_remediation) return out.set_pass();
    out.set_deny("not_allowed", "stage=", stage_name(ctx), " allow_active_remediation=false");
  }
};

class Armed final : public Gate {
 public:
  using Gate::Gate;
  void judge(const Action&, const GateContext& ctx, Verdict& out) const override {
    if (ctx.flags.armed) return out.set_pass();
    out.set_deny("not_armed", "stage=", stage_name(ctx), " armed=false");
  }
};

}  // namespace

GatePtr action_in_stage(std::string id) { return std::make_unique<ActionInStage>(std::move(id)); }
GatePtr dry_run(std::string id) { return std::make_unique<DryRun>(std::move(id)); }
GatePtr allow_active_remediation(std::string id) { return std::make_unique<AllowActive>(std::move(id)); }
GatePtr armed(std::string id) { return std::make_unique<Armed>(std::move(id)); }

}  // namespace grinder::gates::builtin
