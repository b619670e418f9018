// Runbook 15's staged enablement, end to end on the paper venue over HTTP.
// examples/paper injects a left-over order of grinder's, a manual order and
// an unexpected position.
#include "grinder/audit/audit_log.hpp"
#include "instance.hpp"

using namespace grinder::test;

static const std::string kRuns = "grinder_reconcile_runs_total";
static const std::string kPlannedCancel = "grinder_reconcile_action_planned_total{action=\"cancel_all\"}";
static const std::string kExecutedCancel = "grinder_reconcile_action_executed_total{action=\"cancel_all\"}";
static std::string blocked(const std::string& reason) {
  return "grinder_reconcile_action_blocked_total{reason=\"" + reason + "\"}";
}

TEST_CASE("stage 0: reconcile disabled runs nothing, endpoints answer", "[runtime][runbook15]") {
  Instance g(Env{{"RECONCILE_ENABLED", "0"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  CHECK(g.metric(kRuns) == 0);
  CHECK(g.metric(kExecutedCancel) == 0);
  CHECK(g.metric("grinder_up") == 1);
  CHECK(g.status("/healthz") == 200);
}

TEST_CASE("stage 1: detect-only runs and finds mismatches, plans and executes nothing", "[runtime][runbook15]") {
  Instance g(Env{{"REMEDIATION_MODE", "detect_only"}});
  REQUIRE(g.wait_metric(kRuns, 3));
  CHECK(g.metric("grinder_reconcile_mismatch_total{type=\"ORDER_EXISTS_UNEXPECTED\"}") > 0);
  CHECK(g.metric("grinder_reconcile_mismatch_total{type=\"POSITION_NONZERO_UNEXPECTED\"}") > 0);
  CHECK(g.metric(kPlannedCancel) == 0);
  CHECK(g.metric(kExecutedCancel) == 0);
  CHECK(g.metric("grinder_reconcile_last_snapshot_age_seconds") < 120);
  CHECK(g.metric("grinder_stage{stage=\"SHADOW\"}") == 1);
}

TEST_CASE("stage 2: plan-only plans, blocks on dry_run, executes nothing", "[runtime][runbook15]") {
  Instance g(Env{{"REMEDIATION_MODE", "plan_only"}});
  REQUIRE(g.wait_metric(kPlannedCancel, 2));
  CHECK(g.metric(blocked("dry_run")) > 0);
  CHECK(g.metric(blocked("not_armed")) > 0);
  CHECK(g.metric(kExecutedCancel) == 0);
  g.stop();
  auto events = grinder::audit::read_events(g.dir().file("audit/reconcile.jsonl"));
  bool planned = false, executed = false;
  for (const auto& e : events.events) {
    planned = planned || e.find("\"event\":\"REMEDIATE_PLANNED\"") != std::string::npos;
    executed = executed || e.find("\"event\":\"REMEDIATE_EXECUTED\"") != std::string::npos;
  }
  CHECK(planned);
  CHECK_FALSE(executed);
}

TEST_CASE("stage 3: execution blocked by the env gate", "[runtime][runbook15]") {
  Instance g(Env{{"REMEDIATION_MODE", "execute_cancel_all"}}, source_dir() + "/examples/paper", {}, "ACTIVE");
  REQUIRE(g.wait_metric(blocked("env_var_missing"), 2));
  CHECK(g.metric(kExecutedCancel) == 0);
  CHECK(g.status("/readyz") == 200);  // the stage executes; the env gate still holds every action
}

TEST_CASE("stage 4: live with limits executes only for the mismatch, within budget", "[runtime][runbook15]") {
  Instance g(Env{{"REMEDIATION_MODE", "execute_cancel_all"}, {"ALLOW_MAINNET_TRADE", "1"}}, source_dir() + "/examples/paper",
             {}, "ACTIVE");
  REQUIRE(g.wait_metric(kExecutedCancel, 1));
  REQUIRE(g.wait_metric(kRuns, 6));
  // The left-over order is gone; the manual order stays; nothing more to do.
  CHECK(g.metric(kExecutedCancel) == 1);
  CHECK(g.metric("grinder_orders_cancelled_total") == 1);
  CHECK(g.metric("grinder_reconcile_foreign_orders") == 1);
  CHECK(g.metric("grinder_reconcile_budget_calls_remaining_day") == 19);
  g.stop();
  auto events = grinder::audit::read_events(g.dir().file("audit/reconcile.jsonl"));
  int executed = 0;
  for (const auto& e : events.events)
    if (e.find("\"event\":\"REMEDIATE_EXECUTED\"") != std::string::npos) {
      ++executed;
      CHECK(e.find("grinder_1_left_over") != std::string::npos);
      CHECK(e.find("manual_123") == std::string::npos);
    }
  CHECK(executed == 1);
}

TEST_CASE("an executing stage nobody promoted is held below it: the lever alone never arms", "[runtime][ceremony]") {
  Instance g(Env{{"REMEDIATION_MODE", "execute_cancel_all"}, {"ALLOW_MAINNET_TRADE", "1"}});
  REQUIRE(g.wait_metric(kRuns, 3));
  CHECK(g.metric("grinder_stage{stage=\"STAGING\"}") == 1);
  CHECK(g.metric(kExecutedCancel) == 0);
  CHECK(g.metric(blocked("dry_run")) > 0);
  auto status = g.body("/status");
  CHECK(status.find("\"held\":true") != std::string::npos);
  CHECK(status.find("stage promote --confirm ACTIVE") != std::string::npos);
}
