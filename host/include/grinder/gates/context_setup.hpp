#pragma once
// Filling the deployment-wide part of a GateContext (stage, flags, limits,
// identity, env) once per generation; callers then add the per-action facts
// (market data, position, budget view, safety state, clock).
#include <cstddef>
#include <map>
#include <string>

#include "grinder/config/deployment.hpp"
#include "grinder/gates/context.hpp"

namespace grinder::gates {

// The environment the gates may read: every variable the deployment's files
// reference, the lever, and the variables env gates name. Secret-named
// variables are left out, so no gate or policy can ever print one.
std::map<std::string, std::string> capture_env(const config::Deployment& d, const config::EnvLookup& env);

GateContext stage_context(const config::Deployment& d, std::size_t stage_index, std::size_t graduation_step,
                          std::map<std::string, std::string> env);

}  // namespace grinder::gates
