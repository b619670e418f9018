#pragma once
// From mismatches to remediation actions the current stage may plan: a
// cancel_all per symbol with unexpected orders of ours, a reduce-only flatten
// per symbol with an unexpected or wrong-sized position. Orders that are not
// grinder's are never listed, whatever the stage.
#include <vector>

#include "grinder/gates/action.hpp"
#include "grinder/ladder/ladder.hpp"
#include "grinder/reconcile/diff.hpp"

namespace grinder::reconcile {

std::vector<gates::Action> plan_remediation(const DiffResult& diff, const ladder::Stage& stage);

}  // namespace grinder::reconcile
