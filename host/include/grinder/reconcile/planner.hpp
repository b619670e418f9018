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

// Every remediation the mismatches call for, whatever the stage plans. An
// observe-only stage still passes these through the gate chain as shadow
// decisions (counted as blocked, never planned, never sent), so the gates
// that hold a rolled-back instance are visible: Runbook 22's rollback check
// expects dry_run and env_var_missing blocks to keep growing in detect_only.
std::vector<gates::Action> remediation_candidates(const DiffResult& diff);

}  // namespace grinder::reconcile
