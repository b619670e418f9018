// Rollback triggers from the ladder roll the instance down by themselves,
// audited, saying which fired.
#include "deployment_fixture.hpp"
#include "grinder/audit/audit_log.hpp"
#include "instance.hpp"

using namespace grinder::test;

static bool wait_stage(const Instance& g, const std::string& stage) {
  for (int i = 0; i < 160; ++i) {
    if (g.body("/status").find("\"stage\":\"" + stage + "\"") != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

static std::string rollback_event(const Instance& g) {
  for (const auto& e : grinder::audit::read_events(g.env().at("GRINDER_AUDIT_PATH")).events)
    if (e.find("\"event\":\"STAGE_ROLLBACK\"") != std::string::npos) return e;
  return "";
}

TEST_CASE("trigger: kill_switch_triggered == 1", "[ceremony][auto_rollback]") {
  TempDir t;
  auto root = quick_deployment(t, "[]");
  Instance g(Env{{"REMEDIATION_MODE", "execute_flatten"}, {"ALLOW_MAINNET_TRADE", "1"}}, root, {}, "ACTIVE");
  REQUIRE(wait_stage(g, "ACTIVE"));
  auto r = run_command(g.shell_env() + grinder_bin() + " kill-switch trigger --config " + root + " --url " + g.url());
  REQUIRE(r.exit_code == 0);
  REQUIRE(wait_stage(g, "STAGING"));
  auto e = rollback_event(g);
  CHECK(e.find("\"trigger\":\"kill_switch_triggered == 1\"") != std::string::npos);
  CHECK(e.find("\"from\":\"ACTIVE\",\"to\":\"STAGING\"") != std::string::npos);
  CHECK(g.log().find("AUTOMATIC ROLLBACK ACTIVE -> STAGING") != std::string::npos);
}

TEST_CASE("trigger: circuit_open > 0 when the venue keeps failing", "[ceremony][auto_rollback]") {
  TempDir t;
  auto root = quick_deployment(t, "[ { drill: outage } ]", quick_ladder("[\"circuit_open > 0\"]"));
  Instance g(Env{{"REMEDIATION_MODE", "execute_flatten"}, {"ALLOW_MAINNET_TRADE", "1"}}, root, {}, "ACTIVE");
  REQUIRE(wait_stage(g, "STAGING"));
  CHECK(rollback_event(g).find("circuit_open > 0") != std::string::npos);
}

TEST_CASE("trigger: executed_per_hour > 0 after the first execution", "[ceremony][auto_rollback]") {
  TempDir t;
  auto root = quick_deployment(t, "[ { drill: unexpected_order, symbol: BTCUSDT, client_order_id: grinder_1_x } ]",
                               quick_ladder("[\"executed_per_hour > 0\"]"));
  Instance g(Env{{"REMEDIATION_MODE", "execute_flatten"}, {"ALLOW_MAINNET_TRADE", "1"}}, root, {}, "ACTIVE");
  REQUIRE(wait_stage(g, "STAGING"));
  CHECK(g.metric("grinder_reconcile_action_executed_total{action=\"cancel_all\"}") == 1);
  CHECK(rollback_event(g).find("executed_per_hour > 0") != std::string::npos);
}

TEST_CASE("trigger: drawdown_pct >= 5 after a losing flatten", "[ceremony][auto_rollback]") {
  TempDir t;
  // A long position bought far above the market: flattening it realises a loss.
  auto root = quick_deployment(t, "[ { drill: unexpected_position, symbol: BTCUSDT, qty: 0.01, entry_price: 130000 } ]",
                               quick_ladder("[\"drawdown_pct >= 5\"]"));
  Instance g(Env{{"REMEDIATION_MODE", "execute_flatten"}, {"ALLOW_MAINNET_TRADE", "1"}}, root, {}, "ACTIVE");
  REQUIRE(wait_stage(g, "STAGING"));
  CHECK(g.metric("grinder_reconcile_action_executed_total{action=\"flatten\"}") == 1);
  CHECK(g.metric("grinder_drawdown_pct") >= 5);
  CHECK(rollback_event(g).find("drawdown_pct >= 5") != std::string::npos);
}
