#include <catch2/catch.hpp>

#include "test_env.hpp"

using namespace grinder::test;

static std::string base() {
  return "env -u REMEDIATION_MODE -u ALLOW_MAINNET_TRADE BUDGET_STATE_PATH=/tmp/grinder-explain-test-budget.json ";
}

TEST_CASE("explain: every gate and the final verdict; exit 1 when denied", "[cli][explain]") {
  auto r = run_command(base() + grinder_bin() + " explain --config " + source_dir() +
                       "/examples/paper --action '{\"type\":\"flatten\",\"symbol\":\"BTCUSDT\",\"qty\":0.01}'");
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("dry_run") != std::string::npos);
  CHECK(r.output.find("env_var_missing") != std::string::npos);
  CHECK(r.output.find("verdict  DENY") != std::string::npos);
}

TEST_CASE("explain: exit 0 when allowed, with a context file", "[cli][explain]") {
  TempDir t;
  auto ctx = t.write("ctx.yaml",
                     "market: { bid: 65000, ask: 65001, age_ms: 200 }\n"
                     "env: { REMEDIATION_MODE: execute_cancel_all, ALLOW_MAINNET_TRADE: \"1\" }\n");
  auto r = run_command(base() + grinder_bin() + " explain --json --config " + source_dir() +
                       "/examples/paper --context " + ctx +
                       " --action '{\"type\":\"cancel_all\",\"symbol\":\"BTCUSDT\",\"orders\":[{\"client_order_id\":\"grinder_1_a\"}]}'");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("\"verdict\":\"ALLOW\"") != std::string::npos);
  CHECK(r.output.find("\"stage\":\"ACTIVE\"") != std::string::npos);
}

TEST_CASE("explain: bad input exits 2 with a message", "[cli][explain]") {
  auto bad_action = run_command(base() + grinder_bin() + " explain --config " + source_dir() +
                                "/examples/paper --action '{\"type\":\"teleport\",\"symbol\":\"X\"}'");
  CHECK(bad_action.exit_code == 2);
  CHECK(bad_action.output.find("unknown action type") != std::string::npos);
  TempDir t;
  auto ctx = t.write("ctx.yaml", "market: { bid: -1 }\nwho: me\n");
  auto bad_ctx = run_command(base() + grinder_bin() + " explain --config " + source_dir() + "/examples/paper --context " +
                             ctx + " --action '{\"type\":\"cancel_all\",\"symbol\":\"BTCUSDT\"}'");
  CHECK(bad_ctx.exit_code == 2);
  CHECK(bad_ctx.output.find("ctx.yaml:1:") != std::string::npos);
  CHECK(bad_ctx.output.find("ctx.yaml:2:1") != std::string::npos);
}

TEST_CASE("budget show and reset", "[cli][budget]") {
  TempDir t;
  std::string env = "env -u REMEDIATION_MODE BUDGET_STATE_PATH=" + t.file("b.json") + " ";
  auto show = run_command(env + grinder_bin() + " budget show --config " + source_dir() + "/examples/paper");
  CHECK(show.exit_code == 0);
  CHECK(show.output.find("missing: starts fresh") != std::string::npos);
  auto reset = run_command(env + grinder_bin() + " budget reset --config " + source_dir() + "/examples/paper");
  CHECK(reset.exit_code == 0);
  CHECK(reset.output.find("budget_state_reset=1 path=" + t.file("b.json")) != std::string::npos);
  t.write("b.json", "garbage");
  auto corrupt = run_command(env + grinder_bin() + " budget show --json --config " + source_dir() + "/examples/paper");
  CHECK(corrupt.exit_code == 2);
  CHECK(corrupt.output.find("corrupt") != std::string::npos);
}
