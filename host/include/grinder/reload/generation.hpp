#pragma once
// A generation: one complete, validated configuration (the deployment, its
// built gate chains with their compiled Lua policies, the environment
// captured when it was built) and the stage it runs at. It never changes once
// built: a reload builds a new one and swaps it in whole, and a decision in
// flight keeps the one it started with (OPA's bundles, Envoy's snapshots).
#include <chrono>
#include <functional>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "grinder/config/deployment.hpp"
#include "grinder/config/diagnostic.hpp"
#include "grinder/gates/chain.hpp"
#include "grinder/gates/context.hpp"
#include "grinder/gates/decision.hpp"
#include "grinder/lua/limits.hpp"

namespace grinder::reload {

struct Generation {
  std::uint64_t id = 0;  // monotonic; every decision records it
  std::shared_ptr<const config::Deployment> deployment;
  gates::ChainSet chains;
  std::map<std::string, std::string> env;  // what the gates may read, captured at build
  std::chrono::system_clock::time_point built_at;

  std::size_t stage_index = 0;        // the stage decisions run at
  std::size_t graduation_step = 0;    // the limit schedule's current step
  std::size_t lever_stage_index = 0;  // the stage the lever asked for
  std::string lever_value;
  // The lever asks for a higher stage than the one running: a reload never
  // promotes, the ceremony does (GenerationHolder::promote_to).
  bool held = false;
  std::string held_reason;

  const ladder::Stage& stage() const { return deployment->ladder.stages.at(stage_index); }
  // The deployment-wide part of a decision's context: stage, flags, limits,
  // env, this generation's id. The caller adds market data, position,
  // budget, metrics and the clock.
  gates::GateContext context() const;
  // Runs the running stage's chain. The decision records this generation's
  // id; a stage whose chain is missing denies.
  gates::Decision decide(const gates::Action& action, gates::GateContext ctx) const;
  // The same into `out`, whose buffers are reused, and without copying ctx
  // when it already carries this generation's id (context() sets it): a
  // decision loop allocates nothing.
  void decide(const gates::Action& action, const gates::GateContext& ctx, gates::Decision& out) const;
};

// Everything a generation is built from.
struct BuildInput {
  std::string config_path;  // grinder.yaml or its folder
  config::EnvLookup env = config::process_env();
  lua::PolicyLimits limits;
  // The highest stage the operator has approved (see ceremony/state.hpp):
  // a generation runs at min(lever stage, ceiling), held with a reason when
  // the lever asks for more. Unset: the lever alone decides (tests, tools).
  std::function<std::size_t(const config::Deployment&, std::string& why)> ceiling;
  // The current graduation step (graduation.json); unset: the first step.
  std::function<std::size_t(const config::Deployment&)> graduation_step;
};

// Loads and validates the deployment, compiles every policy in its policies
// folder and runs their test cases, and builds the chains. Returns a
// generation with id 0 and stage_index set to what the lever selects, or
// nullptr with every error found (file:line). Stage holding is the holder's
// business.
std::shared_ptr<Generation> build_generation(const BuildInput& in, config::Diagnostics& diags);

}  // namespace grinder::reload
