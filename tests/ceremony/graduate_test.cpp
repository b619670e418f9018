// grinder graduate: refused until the time and the criteria hold; then the
// next step's limits apply to the live instance.
#include "deployment_fixture.hpp"
#include "instance.hpp"

using namespace grinder::test;

TEST_CASE("graduation checks time and criteria, then applies the next limits live", "[ceremony][graduate]") {
  TempDir t;
  auto root = quick_deployment(t, "[]", quick_ladder(),
                               "graduation:\n  stages: [ACTIVE]\n  steps:\n"
                               "    - { name: week1, after: 0d, limits: { max_calls_per_run: 3 } }\n"
                               "    - { name: week2, after: 1s, limits: { max_calls_per_run: 5 }, require: [\"kill_switch_triggered == 0\"] }\n"
                               "    - { name: week3, after: 7d, limits: { max_calls_per_run: 10 } }\n");
  Instance g(Env{{"REMEDIATION_MODE", "execute_flatten"}}, root, {}, "ACTIVE");
  REQUIRE(g.wait_metric("grinder_reconcile_runs_total", 1));
  CHECK(g.body("/status").find("\"max_calls_per_run\":3") != std::string::npos);
  std::string cmd = g.shell_env() + grinder_bin() + " graduate --config " + root + " --url " + g.url();
  auto early = run_command(cmd);
  CHECK(early.exit_code == 1);
  CHECK(early.output.find("NOT MET  after 1s") != std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto ok = run_command(cmd);
  INFO(ok.output);
  REQUIRE(ok.exit_code == 0);
  CHECK(ok.output.find("met      kill_switch_triggered == 0") != std::string::npos);
  CHECK(ok.output.find("now on week2") != std::string::npos);
  CHECK(g.body("/status").find("\"max_calls_per_run\":5") != std::string::npos);
  auto stage_show = run_command(g.shell_env() + grinder_bin() + " stage show --json --config " + root);
  CHECK(stage_show.output.find("\"graduation_step\":\"week2\"") != std::string::npos);
  auto too_soon = run_command(cmd);
  CHECK(too_soon.exit_code == 1);
}
