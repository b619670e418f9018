// stage promote refuses with every unmet criterion named, moves one rung when
// they hold and writes the ceremony log; rollback applies without restart.
#include <filesystem>
#include <fstream>

#include "deployment_fixture.hpp"
#include "instance.hpp"

using namespace grinder::test;

static std::string read(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

static std::string find_log(const std::string& dir, const std::string& action) {
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.path().filename().string().find("ceremony_") == 0 && e.path().string().find(action) != std::string::npos)
      return e.path().string();
  return "";
}

TEST_CASE("promotion is refused with each unmet criterion named", "[ceremony][promote]") {
  Instance g(Env{{"REMEDIATION_MODE", "execute_cancel_all"}});  // held at STAGING: nobody promoted
  REQUIRE(g.wait_metric("grinder_reconcile_runs_total", 2));
  std::string cmd = g.shell_env() + grinder_bin() + " stage promote --config " + source_dir() + "/examples/paper --url " + g.url();
  auto wrong = run_command(cmd + " --confirm ACTIVE+");
  CHECK(wrong.exit_code == 2);
  CHECK(wrong.output.find("--confirm ACTIVE") != std::string::npos);
  auto r = run_command(cmd + " --confirm ACTIVE");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("NOT MET  soak_elapsed") != std::string::npos);
  CHECK(r.output.find("NOT MET  mismatches_24h == 0") != std::string::npos);  // the paper venue plants mismatches
  CHECK(r.output.find("NOT MET  drill:kill_switch  (no kill_switch result on record)") != std::string::npos);
  CHECK(r.output.find("NOT MET  drill:rollback") != std::string::npos);
  CHECK(r.output.find("NOT MET  doctor:pass") != std::string::npos);
  CHECK(r.output.find("promotion refused") != std::string::npos);
  CHECK(g.body("/status").find("\"stage\":\"STAGING\"") != std::string::npos);
}

TEST_CASE("promotion with every criterion met moves one rung, logs the ceremony, applies live", "[ceremony][promote]") {
  TempDir t;
  auto root = quick_deployment(t, "[]");
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  std::string drills = "{";
  for (const char* d : {"kill_switch", "rollback", "doctor"})
    drills += std::string(drills.size() > 1 ? "," : "") + "\"" + d + "\":{\"passed\":true,\"at_ms\":" + std::to_string(now) + ",\"detail\":\"test\"}";
  Instance g(Env{{"REMEDIATION_MODE", "execute_flatten"}, {"BINANCE_API_SECRET", "never-print-me"}}, root);
  t.write("unused", "");
  std::ofstream(g.env().at("GRINDER_STATE_DIR") + "/drills.json") << drills << "}";
  REQUIRE(g.wait_metric("grinder_reconcile_runs_total", 2));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the 1s soak
  auto r = run_command(g.shell_env() + "USER=alice " + grinder_bin() + " stage promote --config " + root + " --url " + g.url() +
                       " --confirm ACTIVE");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("promoted to ACTIVE") != std::string::npos);
  CHECK(g.body("/status").find("\"stage\":\"ACTIVE\"") != std::string::npos);
  CHECK(read(g.env().at("GRINDER_STATE_DIR") + "/stage.json").find("\"ceiling\":\"ACTIVE\"") != std::string::npos);
  std::string log = find_log(g.env().at("GRINDER_ARTIFACTS_DIR"), "promote_ACTIVE");
  REQUIRE_FALSE(log.empty());
  std::string text = read(log);
  CHECK(text.find("Operator: alice") != std::string::npos);
  CHECK(text.find("Config digest: ") != std::string::npos);
  CHECK(text.find("REMEDIATION_MODE=execute_flatten") != std::string::npos);
  CHECK(text.find("BINANCE_API_SECRET=<redacted>") != std::string::npos);
  CHECK(text.find("never-print-me") == std::string::npos);
}

TEST_CASE("rollback applies without restart, is timed, and the ceiling follows", "[ceremony][rollback]") {
  TempDir t;
  auto root = quick_deployment(t, "[]");
  Instance g(Env{{"REMEDIATION_MODE", "execute_flatten"}}, root, {}, "ACTIVE");
  REQUIRE(g.wait_metric("grinder_reconcile_runs_total", 1));
  CHECK(g.body("/status").find("\"stage\":\"ACTIVE\"") != std::string::npos);
  auto r = run_command(g.shell_env() + grinder_bin() + " stage rollback --config " + root + " --url " + g.url());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("rolled back to STAGING; applied in ") != std::string::npos);
  CHECK(r.output.find(" ms without restart") != std::string::npos);
  CHECK(g.body("/status").find("\"stage\":\"STAGING\"") != std::string::npos);
  CHECK(read(g.env().at("GRINDER_STATE_DIR") + "/stage.json").find("\"ceiling\":\"STAGING\"") != std::string::npos);
  auto deeper = run_command(g.shell_env() + grinder_bin() + " stage rollback --json --to SHADOW --config " + root + " --url " + g.url());
  CHECK(deeper.exit_code == 0);
  CHECK(deeper.output.find("\"stage\":\"SHADOW\"") != std::string::npos);
  auto up = run_command(g.shell_env() + grinder_bin() + " stage rollback --to ACTIVE --config " + root + " --url " + g.url());
  CHECK(up.exit_code == 2);
}
