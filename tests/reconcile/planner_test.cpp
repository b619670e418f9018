#include <catch2/catch.hpp>

#include "grinder/reconcile/planner.hpp"

using namespace grinder;
using namespace grinder::reconcile;

static ladder::Stage stage(std::vector<std::string> plan) {
  ladder::Stage s;
  s.name = std::string(1, 'S');
  s.plan = std::move(plan);
  return s;
}

static DiffResult sample() {
  DiffResult r;
  r.mismatches.push_back({MismatchType::OrderExistsUnexpected, "BTCUSDT", "grinder_1_a", 0.01, 0, ""});
  r.mismatches.push_back({MismatchType::OrderExistsUnexpected, "BTCUSDT", "grinder_1_b", 0.01, 0, ""});
  r.mismatches.push_back({MismatchType::OrderExistsUnexpected, "ETHUSDT", "grinder_1_c", 0.1, 0, ""});
  r.mismatches.push_back({MismatchType::PositionNonzeroUnexpected, "BTCUSDT", "", -0.002, 0, ""});
  r.mismatches.push_back({MismatchType::OrderMissingOnVenue, "BTCUSDT", "grinder_1_z", 0, 0.01, ""});
  return r;
}

TEST_CASE("an observe-only stage plans nothing", "[planner]") { CHECK(plan_remediation(sample(), stage({})).empty()); }

TEST_CASE("cancel_all per symbol listing only the unexpected orders", "[planner]") {
  auto plan = plan_remediation(sample(), stage({"cancel_all"}));
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].type == gates::ActionType::CancelAll);
  CHECK(plan[0].symbol == "BTCUSDT");
  CHECK(plan[0].orders.size() == 2);
  CHECK(plan[1].symbol == "ETHUSDT");
}

TEST_CASE("flatten closes the unexpected part, reduce-only, on the opposite side", "[planner]") {
  auto plan = plan_remediation(sample(), stage({"cancel_all", "flatten"}));
  REQUIRE(plan.size() == 3);
  const auto& f = plan[2];
  CHECK(f.type == gates::ActionType::Flatten);
  CHECK(f.qty == Approx(0.002));
  CHECK(f.side == gates::Side::Buy);  // short position: buy back
  CHECK(f.reduce_only);
}

TEST_CASE("candidates ignore the stage: every remediation the mismatches call for", "[planner]") {
  auto all = remediation_candidates(sample());
  CHECK(all.size() == 3);
}
