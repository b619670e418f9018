// Runbook 22 section 8: after rolling back to detect_only with
// ALLOW_MAINNET_TRADE unset, dry_run and env_var_missing blocks keep growing
// and executed stays flat; /healthz still answers 200.
#include "instance.hpp"

using namespace grinder::test;

TEST_CASE("rollback verification signals", "[runtime][runbook22]") {
  Instance g(Env{{"REMEDIATION_MODE", "detect_only"}});
  const std::string dry = "grinder_reconcile_action_blocked_total{reason=\"dry_run\"}";
  const std::string env = "grinder_reconcile_action_blocked_total{reason=\"env_var_missing\"}";
  const std::string executed = "grinder_reconcile_action_executed_total{action=\"cancel_all\"}";
  REQUIRE(g.wait_metric(dry, 1));
  double dry_before = g.metric(dry), env_before = g.metric(env), exec_before = g.metric(executed);
  REQUIRE(g.wait_metric(dry, dry_before + 2));
  CHECK(g.metric(env) > env_before);
  CHECK(g.metric(executed) == exec_before);
  CHECK(g.metric(executed) == 0);
  CHECK(g.status("/healthz") == 200);
  CHECK(g.body("/healthz").find("\"status\":\"ok\"") != std::string::npos);
  CHECK(g.metric("grinder_reconcile_action_planned_total{action=\"cancel_all\"}") == 0);
  // Readiness: detect_only does not execute.
  CHECK(g.status("/readyz") == 503);
  CHECK(g.body("/readyz").find("does not execute") != std::string::npos);
}

TEST_CASE("preflight endpoints answer as the runbook expects", "[runtime][runbook22]") {
  Instance g(Env{{"REMEDIATION_MODE", "plan_only"}});
  REQUIRE(g.wait_metric("grinder_reconcile_runs_total", 1));
  CHECK(g.body("/healthz").find("\"uptime_s\":") != std::string::npos);
  CHECK(g.metric("grinder_up") == 1);
  CHECK(g.metric("grinder_kill_switch_triggered") == 0);
  int ready = g.status("/readyz");
  CHECK((ready == 200 || ready == 503));
  auto status = g.body("/status");
  CHECK(status.find("\"stage\":\"STAGING\"") != std::string::npos);
  CHECK(status.find("\"recent_decisions\":[{") != std::string::npos);
  CHECK(g.status("/nope") == 404);
}
