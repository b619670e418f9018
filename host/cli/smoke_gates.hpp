#pragma once
// The dry run of `grinder smoke` (Runbook 17 step 2): each LIVE_TRADE gate of
// the connector chain, tripped alone while every other is satisfied, must
// block; with all satisfied the chain must allow. The chain is data, so the
// scenarios are derived from its entries, not written for four known gates.
#include <string>
#include <string_view>
#include <vector>

#include "grinder/config/deployment.hpp"
#include "grinder/gates/context.hpp"
#include "grinder/gates/decision.hpp"

namespace grinder::cli {

struct GateScenario {
  std::string gate;        // the gate's id in decisions
  std::string condition;   // what trips it: "ALLOW_MAINNET_TRADE=1 not set"
  gates::GateContext ctx;  // every other gate satisfied
};

struct GateChecks {
  gates::GateContext satisfied;       // every gate the dry run knows satisfied
  std::vector<GateScenario> trips;    // one per gate it knows how to trip, in chain order
  std::vector<std::string> untested;  // gates it cannot trip (their ids)
};

// base: the context of the current stage and environment.
GateChecks plan_gate_checks(const config::ChainConfig& chain, const gates::GateContext& base);

// How a blocked gate reads to an operator, as Runbook 17 prints it:
// "Cannot place_order: ALLOW_MAINNET_TRADE=1 not set (...)".
std::string blocked_text(const gates::GateVerdict& v, std::string_view action);

}  // namespace grinder::cli
