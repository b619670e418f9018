// The Runbook 22 drills pass on a healthy STAGING instance and fail on a
// broken one; their results are what promotion checks.
#include <fstream>

#include "deployment_fixture.hpp"
#include "instance.hpp"

using namespace grinder::test;

static std::string drills_json(const Instance& g) {
  std::ifstream in(g.env().at("GRINDER_STATE_DIR") + "/drills.json");
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST_CASE("kill switch drill: trigger and block, then reset by restart", "[ceremony][drill]") {
  TempDir shared;
  Env env{{"REMEDIATION_MODE", "plan_only"}, {"GRINDER_STATE_DIR", shared.file("var")}};
  std::string config = source_dir() + "/examples/paper";
  {
    Instance g(env);
    REQUIRE(g.wait_metric("grinder_reconcile_runs_total", 1));
    auto r = run_command(g.shell_env() + grinder_bin() + " drill kill-switch --config " + config + " --url " + g.url());
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("ok    grinder_kill_switch_triggered 1") != std::string::npos);
    CHECK(r.output.find("ok    a new order is denied by the kill switch") != std::string::npos);
    CHECK(r.output.find("ok    a reduce-only flatten passes the kill switch") != std::string::npos);
    CHECK(r.output.find("KILL_SWITCH_ACTIVE") != std::string::npos);
    CHECK(g.metric("grinder_kill_switch_triggered") == 1);
    CHECK(drills_json(g).find("\"passed\":false") != std::string::npos);
    // A second run on the tripped instance fails: only a restart resets.
    auto again = run_command(g.shell_env() + grinder_bin() + " drill kill-switch --config " + config + " --url " + g.url());
    CHECK(again.exit_code == 1);
    auto early = run_command(g.shell_env() + grinder_bin() + " drill kill-switch --verify-reset --config " + config + " --url " + g.url());
    CHECK(early.exit_code == 1);
  }
  Instance restarted(env);
  REQUIRE(restarted.wait_metric("grinder_reconcile_runs_total", 1));
  auto r = run_command(restarted.shell_env() + grinder_bin() + " drill kill-switch --verify-reset --config " + config + " --url " +
                       restarted.url());
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(drills_json(restarted).find("\"kill_switch\":{\"passed\":true") != std::string::npos);
}

TEST_CASE("kill-switch trigger and status commands", "[ceremony][kill_switch]") {
  Instance g(Env{{"REMEDIATION_MODE", "plan_only"}});
  std::string base = g.shell_env() + grinder_bin() + " kill-switch ";
  std::string args = " --config " + source_dir() + "/examples/paper --url " + g.url();
  auto s = run_command(base + "status" + args);
  CHECK(s.exit_code == 0);
  CHECK(s.output.find("\"tripped\":false") != std::string::npos);
  auto t = run_command(base + "trigger --reason test" + args);
  CHECK(t.exit_code == 0);
  CHECK(t.output.find("resets only when the instance restarts") != std::string::npos);
  CHECK(g.metric("grinder_kill_switch_triggered") == 1);
  // Without the token the admin endpoint refuses.
  auto no_token = run_command("curl -s -X POST " + g.url() + "/admin/kill-switch -w ' %{http_code}'");
  CHECK(no_token.output.find("401") != std::string::npos);
}

TEST_CASE("rollback drill passes on a healthy STAGING instance", "[ceremony][drill]") {
  Instance g(Env{{"REMEDIATION_MODE", "plan_only"}});
  auto r = run_command(g.shell_env() + grinder_bin() + " drill rollback --window-seconds 1 --config " + source_dir() +
                       "/examples/paper --url " + g.url());
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("rolled back STAGING -> SHADOW without restart in ") != std::string::npos);
  CHECK(r.output.find("ok    blocked{reason=\"dry_run\"} incrementing") != std::string::npos);
  CHECK(r.output.find("ok    blocked{reason=\"env_var_missing\"} incrementing") != std::string::npos);
  CHECK(r.output.find("ok    executed_total stable") != std::string::npos);
  CHECK(drills_json(g).find("\"rollback\":{\"passed\":true") != std::string::npos);
  CHECK(g.body("/status").find("\"stage\":\"STAGING\"") != std::string::npos);  // restored
}

TEST_CASE("rollback drill fails when ALLOW_MAINNET_TRADE is still set", "[ceremony][drill]") {
  Instance g(Env{{"REMEDIATION_MODE", "plan_only"}, {"ALLOW_MAINNET_TRADE", "1"}});
  auto r = run_command(g.shell_env() + grinder_bin() + " drill rollback --window-seconds 1 --config " + source_dir() +
                       "/examples/paper --url " + g.url());
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("FAIL  blocked{reason=\"env_var_missing\"}") != std::string::npos);
  CHECK(drills_json(g).find("\"rollback\":{\"passed\":false") != std::string::npos);
}

TEST_CASE("drills refuse an instance whose stage executes", "[ceremony][drill]") {
  TempDir t;
  auto root = quick_deployment(t, "[]");
  Instance g(Env{{"REMEDIATION_MODE", "execute_flatten"}}, root, {}, "ACTIVE");
  auto r = run_command(g.shell_env() + grinder_bin() + " drill kill-switch --config " + root + " --url " + g.url());
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("drills run in a stage that does not") != std::string::npos);
  auto none = run_command(g.shell_env() + grinder_bin() + " drill rollback --config " + root + " --url http://127.0.0.1:1");
  CHECK(none.exit_code == 2);
  CHECK(none.output.find("no live instance") != std::string::npos);
}
