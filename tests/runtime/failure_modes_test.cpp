// A running instance under failure: the audit cannot be written (execution
// stops, /healthz degraded, observation goes on); a config change reloads
// without a restart; a broken one keeps the running generation.
#include <filesystem>
#include <fstream>

#include "grinder/config/deployment.hpp"
#include "instance.hpp"

using namespace grinder::test;

TEST_CASE("an unwritable audit stops execution, says degraded, keeps observing", "[runtime][audit]") {
  Instance g(Env{{"REMEDIATION_MODE", "execute_cancel_all"}, {"ALLOW_MAINNET_TRADE", "1"}, {"GRINDER_AUDIT_PATH", "/dev/full"}},
             source_dir() + "/examples/paper", {}, "ACTIVE");
  REQUIRE(g.wait_metric("grinder_reconcile_action_blocked_total{reason=\"audit_unavailable\"}", 1));
  CHECK(g.metric("grinder_reconcile_action_executed_total{action=\"cancel_all\"}") == 0);
  CHECK(g.metric("grinder_audit_healthy") == 0);
  CHECK(g.metric("grinder_reconcile_runs_total") >= 1);
  CHECK(g.body("/healthz").find("\"status\":\"degraded\"") != std::string::npos);
  CHECK(g.status("/readyz") == 503);
}

TEST_CASE("a config change reloads without restart; a broken one keeps the running generation", "[runtime][reload]") {
  TempDir t;
  namespace fs = std::filesystem;
  // A private copy of the deployment, so the test may edit it.
  fs::copy(source_dir() + "/stages/runbook22", t.file("stages"), fs::copy_options::recursive);
  fs::copy(source_dir() + "/policies", t.file("policies"), fs::copy_options::recursive);
  std::ifstream in(source_dir() + "/examples/paper/grinder.yaml");
  std::string root((std::istreambuf_iterator<char>(in)), {});
  auto replace = [&](const std::string& from, const std::string& to) { root.replace(root.find(from), from.size(), to); };
  replace("../../stages/runbook22/", "stages/");
  replace("../../stages/runbook22/", "stages/");
  replace("../../stages/runbook22/", "stages/");
  replace("../../policies", "policies");
  t.write("grinder.yaml", root);
  Instance g(Env{{"REMEDIATION_MODE", "plan_only"}}, t.path());
  REQUIRE(g.wait_metric("grinder_reconcile_runs_total", 1));
  CHECK(g.metric("grinder_config_generation") == 1);
  // Save by rename, as editors do.
  std::ifstream cin(t.file("stages/chains.yaml"));
  std::string chains((std::istreambuf_iterator<char>(cin)), {});
  t.write("stages/.chains.tmp", chains + "\n# edited\n");
  fs::rename(t.file("stages/.chains.tmp"), t.file("stages/chains.yaml"));
  REQUIRE(g.wait_metric("grinder_config_generation", 2));
  CHECK(g.metric("grinder_config_reload_total{result=\"ok\"}") >= 2);
  t.write("stages/chains.yaml", "chains:\n  remediation:\n    - gate: teleport\n");
  REQUIRE(g.wait_metric("grinder_config_reload_total{result=\"error\"}", 1));
  CHECK(g.metric("grinder_config_generation") == 2);
  CHECK(g.body("/healthz").find("\"status\":\"degraded\"") != std::string::npos);
  CHECK(g.body("/healthz").find("chains.yaml:3") != std::string::npos);
  // Decisions go on on the last good generation.
  double runs = g.metric("grinder_reconcile_runs_total");
  REQUIRE(g.wait_metric("grinder_reconcile_runs_total", runs + 2));
  g.stop();
  std::ifstream audit(g.env().at("GRINDER_AUDIT_PATH"));
  std::string text((std::istreambuf_iterator<char>(audit)), {});
  CHECK(text.find("\"event\":\"CONFIG_RELOAD\",\"result\":\"ok\"") != std::string::npos);
  CHECK(text.find("\"event\":\"CONFIG_RELOAD\",\"result\":\"error\"") != std::string::npos);
}
