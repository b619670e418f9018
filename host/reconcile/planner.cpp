#include "grinder/reconcile/planner.hpp"

#include <cmath>
#include <map>

namespace grinder::reconcile {

namespace {
std::vector<gates::Action> plan(const DiffResult& diff, bool may_cancel, bool may_flatten) {
  std::vector<gates::Action> out;
  if (!may_cancel && !may_flatten) return out;

  // One cancel_all per symbol, listing only grinder's unexpected orders.
  std::map<std::string, gates::Action> cancels;
  std::map<std::string, const Mismatch*> positions;
  for (const auto& m : diff.mismatches) {
    if (m.type == MismatchType::OrderExistsUnexpected && may_cancel) {
      auto& a = cancels[m.symbol];
      a.type = gates::ActionType::CancelAll;
      a.symbol = m.symbol;
      a.orders.push_back({m.client_order_id, m.symbol});
    } else if ((m.type == MismatchType::PositionNonzeroUnexpected || m.type == MismatchType::PositionMismatch) &&
               may_flatten) {
      positions[m.symbol] = &m;
    }
  }
  for (auto& [_, a] : cancels) out.push_back(std::move(a));
  for (const auto& [symbol, m] : positions) {
    double excess = m->venue_qty - m->expected_qty;
    if (excess == 0) continue;
    // Only what exceeds the expectation is closed, toward the expectation.
    if ((m->expected_qty > 0 && excess < 0) || (m->expected_qty < 0 && excess > 0)) continue;
    gates::Action a;
    a.type = gates::ActionType::Flatten;
    a.symbol = symbol;
    a.qty = std::fabs(excess);
    a.side = excess > 0 ? gates::Side::Sell : gates::Side::Buy;
    a.reduce_only = true;
    out.push_back(std::move(a));
  }
  return out;
}
}  // namespace

std::vector<gates::Action> plan_remediation(const DiffResult& diff, const ladder::Stage& stage) {
  return plan(diff, stage.may_plan("cancel_all"), stage.may_plan("flatten"));
}

std::vector<gates::Action> remediation_candidates(const DiffResult& diff) { return plan(diff, true, true); }

}  // namespace grinder::reconcile
