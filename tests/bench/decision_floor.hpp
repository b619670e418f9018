#pragma once
// The floor of the decision benchmark: the reference chain's 19 checks
// (16 built-in gates, 3 policies) written by hand as one C++ function, with
// the Runbook 22 ACTIVE configuration compiled in. No gate objects, no
// virtual calls, no configuration lookups: what a decision costs when
// nothing is configurable. The checks alone fill a FloorDecision;
// fill_envelope then produces the same gates::Decision the engine does.
#include <array>

#include "grinder/gates/action.hpp"
#include "grinder/gates/context.hpp"
#include "grinder/gates/decision.hpp"

namespace grinder::bench {

inline constexpr int kFloorChecks = 19;

struct FloorDecision {
  bool allow = false;
  std::array<const char*, kFloorChecks> reasons{};  // null where the check allows
};

// Fills `out`; returns out.allow.
bool floor_decide(const gates::Action& a, const gates::GateContext& c, FloorDecision& out);

// The decision envelope from a FloorDecision, filled as the engine fills a
// reused Decision: the gate names once, then per decision the action, stage,
// clock and every verdict.
void fill_envelope(const gates::Action& a, const gates::GateContext& c, const FloorDecision& f, gates::Decision& out);

}  // namespace grinder::bench
