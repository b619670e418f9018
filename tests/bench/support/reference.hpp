#pragma once
// The reference decision: the Runbook 22 ACTIVE remediation chain as shipped
// (stages/runbook22/chains.yaml, 16 built-in gates, loaded through
// examples/paper/grinder.yaml) and the same chain followed by three Lua
// policies (stale_market_data, max_drawdown, max_actions_per_hour), with an
// action and two contexts: one every gate allows, one several gates deny.
#include <map>
#include <memory>
#include <string>

#include "grinder/config/deployment.hpp"
#include "grinder/gates/chain.hpp"
#include "grinder/gates/context.hpp"

namespace grinder::bench {

struct Reference {
  std::shared_ptr<const config::Deployment> deployment;  // the contexts point into it
  std::shared_ptr<const gates::Chain> builtin;           // the 16 gates
  std::shared_ptr<const gates::Chain> with_lua;          // the 16 gates + 3 policies
  gates::Action action;                                  // cancel_all of one own order on BTCUSDT
  gates::GateContext allow_ctx;                          // ACTIVE, fresh quote, budget unused
  gates::GateContext deny_ctx;                           // STAGING, no ALLOW_MAINNET_TRADE, stale, in drawdown
};

// The three policies the reference chain ends with.
inline const char* const kReferencePolicies[] = {"stale_market_data", "max_drawdown", "max_actions_per_hour"};

// Throws std::runtime_error with the diagnostics when the shipped files do
// not load.
Reference load_reference();

// A new clock and a new quote for decision i, as the runtime hands them in.
void advance(gates::GateContext& ctx, long i, bool stale = false);

// The environment the reference runs in: the ACTIVE lever, mainnet allowed.
std::map<std::string, std::string> reference_env();
config::EnvLookup env_lookup(std::map<std::string, std::string> vars);

}  // namespace grinder::bench
