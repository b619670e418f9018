#include "grinder/reload/generation.hpp"

#include "grinder/gates/context_setup.hpp"
#include "grinder/lua/policy_factory.hpp"
#include "grinder/lua/policy_tests.hpp"

namespace grinder::reload {

gates::GateContext Generation::context() const {
  gates::GateContext ctx = gates::stage_context(*deployment, stage_index, graduation_step, env);
  ctx.generation = id;
  return ctx;
}

gates::Decision Generation::decide(const gates::Action& action, gates::GateContext ctx) const {
  ctx.generation = id;
  auto it = chains.find(stage().chain);
  if (it == chains.end()) {
    gates::Decision d;
    d.action = action;
    d.chain = stage().chain;
    d.stage = stage().name;
    d.generation = id;
    d.ts_ms = ctx.now_ms;
    d.verdicts.push_back({"generation", "builtin", false, "chain_missing",
                          "stage " + stage().name + " names chain '" + stage().chain + "', which this generation lacks"});
    return d;
  }
  gates::Decision d = it->second->decide(action, ctx);
  d.generation = id;
  return d;
}

void Generation::decide(const gates::Action& action, const gates::GateContext& ctx, gates::Decision& out) const {
  auto it = chains.find(stage().chain);
  if (ctx.generation != id || it == chains.end()) {
    // Policies read ctx.generation, so it must be this one's; a missing
    // chain denies. Both are rare: take the copying path.
    out = decide(action, ctx);
    return;
  }
  it->second->decide(action, ctx, out);
}

namespace {

// A failing self-test is a reason to refuse the generation: say which case
// and how it failed, at the case's line.
void report_failures(const lua::PolicyTestReport& r, config::Diagnostics& diags) {
  for (const auto& c : r.cases) {
    if (c.passed) continue;
    std::string why;
    for (const auto& line : lua::describe_difference(c)) why += (why.empty() ? "" : "; ") + line;
    diags.add(c.where, "policy_test.failed", "policy '" + c.policy + "', case '" + c.name + "': " + why);
  }
}

}  // namespace

std::shared_ptr<Generation> build_generation(const BuildInput& in, config::Diagnostics& diags) {
  config::LoadOptions opts;
  opts.env = in.env;
  config::Diagnostics local;
  auto loaded = config::load_deployment(in.config_path, local, opts);
  if (!loaded) {
    diags.append(local);
    return nullptr;
  }
  // Shared first: the chains and every later context point into it.
  auto deployment = std::make_shared<const config::Deployment>(std::move(*loaded));
  if (!deployment->policies_dir.empty()) {
    lua::PolicyTestReport tests = lua::run_policy_tests(deployment->policies_dir, in.limits);
    local.append(tests.diags);
    report_failures(tests, local);
  }
  auto chains = gates::build_chains(*deployment, lua::policy_gate_factory(in.limits), local);
  if (!chains || !local.empty()) {
    diags.append(local);
    return nullptr;
  }
  auto g = std::make_shared<Generation>();
  ladder::LeverReading lever = config::read_lever(deployment->ladder, in.env);
  g->lever_value = lever.value;
  g->lever_stage_index = lever.stage_index.value_or(0);  // load_deployment refused an unknown value
  g->stage_index = g->lever_stage_index;
  if (in.graduation_step) g->graduation_step = in.graduation_step(*deployment);
  if (in.ceiling) {
    std::string why;
    std::size_t ceiling = in.ceiling(*deployment, why);
    if (ceiling < g->stage_index) {
      g->stage_index = ceiling;
      g->held = true;
      g->held_reason = deployment->ladder.lever.env + "=" + lever.value + " selects " +
                       deployment->ladder.stages[g->lever_stage_index].name + ", above the approved " +
                       deployment->ladder.stages[ceiling].name + (why.empty() ? "" : " (" + why + ")") +
                       "; `grinder stage promote --confirm " + deployment->ladder.stages[ceiling + 1].name +
                       "` raises it once its criteria hold";
    }
  }
  g->env = gates::capture_env(*deployment, in.env);
  g->chains = std::move(*chains);
  g->deployment = std::move(deployment);
  g->built_at = std::chrono::system_clock::now();
  return g;
}

}  // namespace grinder::reload
