#pragma once
// Builds the gate for a chain's `policy:` entry: the Lua engine's side of
// gates::build_chains.
#include "grinder/gates/chain.hpp"
#include "grinder/lua/limits.hpp"

namespace grinder::lua {

// The factory looks the policy up as <policies_dir>/<entry.name>.lua and
// names the gate entry.id.
gates::PolicyGateFactory policy_gate_factory(PolicyLimits limits = {});

}  // namespace grinder::lua
