// Safety properties of a running instance: single instance, stale market
// data fails closed, a venue outage degrades gracefully, no secret anywhere.
#include <filesystem>
#include <fstream>

#include "instance.hpp"

using namespace grinder::test;

TEST_CASE("a second instance on the same state folder is refused naming the holder", "[runtime][safety]") {
  TempDir shared;
  std::map<std::string, std::string> env = {{"GRINDER_STATE_DIR", shared.file("var")}, {"RECONCILE_ENABLED", "0"}};
  Instance first(env);
  grinder::runtime::RunOptions o;
  o.config_path = source_dir() + "/examples/paper";
  auto env2 = env;
  env2["GRINDER_ARTIFACTS_DIR"] = shared.file("a2");
  o.env = fake_env(env2);
  o.http_port = 0;
  std::ostringstream sink;
  o.out = &sink;
  grinder::runtime::Runtime second(o);
  CHECK(second.run() == 2);
}

TEST_CASE("a run never writes a secret anywhere", "[runtime][secrets]") {
  TempDir t;
  const std::string secret = "sup3r-s3cret-value-xyz";
  std::string root = t.write("grinder.yaml",
                             "version: 1\n"
                             "ladder: " + source_dir() + "/stages/runbook22/ladder.yaml\n"
                             "chains: " + source_dir() + "/stages/runbook22/chains.yaml\n"
                             "venues:\n  paper:\n    plugin: paper\n"
                             "    params:\n      seed: 1\n      symbols: { BTCUSDT: { price: 65000, tick_size: 0.1, step_size: 0.001, min_notional: 100 } }\n"
                             "      drills: [ { drill: unexpected_order, symbol: BTCUSDT, client_order_id: grinder_1_x } ]\n"
                             "    credentials: { api_key: \"${PAPER_API_KEY}\", api_secret: \"${PAPER_API_SECRET}\" }\n"
                             "reconcile: { interval_ms: \"${RECONCILE_INTERVAL_MS:-100}\", symbols: [BTCUSDT] }\n"
                             "state_dir: ${GRINDER_STATE_DIR}\n"
                             "artifacts: { dir: \"${GRINDER_ARTIFACTS_DIR}\" }\n"
                             "audit: { path: \"${GRINDER_AUDIT_PATH}\" }\n"
                             "budget: { state_path: \"${BUDGET_STATE_PATH}\" }\n");
  std::string metrics, status, log;
  std::string dir;
  {
    Instance g(Env{{"REMEDIATION_MODE", "plan_only"}, {"PAPER_API_KEY", secret + "-key"}, {"PAPER_API_SECRET", secret}},
               root);
    REQUIRE(g.wait_metric("grinder_reconcile_action_planned_total{action=\"cancel_all\"}", 1));
    metrics = g.body("/metrics");
    status = g.body("/status");
    g.stop();
    log = g.log();
    // Everything the run wrote to disk.
    for (const auto& e : std::filesystem::recursive_directory_iterator(g.dir().path())) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path());
      std::string content((std::istreambuf_iterator<char>(in)), {});
      INFO(e.path());
      CHECK(content.find(secret) == std::string::npos);
    }
  }
  CHECK(metrics.find(secret) == std::string::npos);
  CHECK(status.find(secret) == std::string::npos);
  CHECK(log.find(secret) == std::string::npos);
}

TEST_CASE("a venue outage degrades gracefully: the loop goes on, nothing is planned from missing data",
          "[runtime][safety]") {
  TempDir t;
  std::string root = t.write("grinder.yaml",
                             "version: 1\n"
                             "ladder: " + source_dir() + "/stages/runbook22/ladder.yaml\n"
                             "chains: " + source_dir() + "/stages/runbook22/chains.yaml\n"
                             "venues:\n  paper:\n    plugin: paper\n"
                             "    params:\n      seed: 1\n      symbols: { BTCUSDT: { price: 65000, tick_size: 0.1, step_size: 0.001, min_notional: 100 } }\n"
                             "      drills: [ { drill: unexpected_order, symbol: BTCUSDT, client_order_id: grinder_1_x },\n"
                             "                { drill: outage, sources: [orders] } ]\n"
                             "reconcile: { interval_ms: \"${RECONCILE_INTERVAL_MS:-100}\", symbols: [BTCUSDT] }\n"
                             "state_dir: ${GRINDER_STATE_DIR}\n"
                             "artifacts: { dir: \"${GRINDER_ARTIFACTS_DIR}\" }\n"
                             "audit: { path: \"${GRINDER_AUDIT_PATH}\" }\n"
                             "budget: { state_path: \"${BUDGET_STATE_PATH}\" }\n");
  Instance g(Env{{"REMEDIATION_MODE", "plan_only"}}, root);
  REQUIRE(g.wait_metric("grinder_reconcile_runs_total", 3));
  CHECK(g.metric("grinder_reconcile_snapshot_failures_total") >= 3);
  CHECK(g.metric("grinder_reconcile_mismatch_total{type=\"ORDER_EXISTS_UNEXPECTED\"}") == 0);
  CHECK(g.metric("grinder_reconcile_action_planned_total{action=\"cancel_all\"}") == 0);
  CHECK(g.log().find("REST: Skipping source") != std::string::npos);
}
