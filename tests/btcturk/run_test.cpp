// The grinder binary as an operator runs it, on
// examples/btcturk/grinder.sim.yaml pointed at the simulator through the
// environment: health, the bounded canary armed on an approved stage, the
// stops that must happen before anything is sent (stale market data, the
// plugin's read-only mode, a key missing), and a reconcile run over the
// venue's snapshot.
#include <fstream>
#include <map>

#include "btcturk_harness.hpp"

using namespace grinder;
using namespace grinder::test;

namespace {

const std::string kCanary = " --symbol BTCTRY --notional 100 --ttl-seconds 0.3";

class SimDeployment {
 public:
  explicit SimDeployment(SimProcess& sim) : sim_(sim) {}

  // The approved ceiling, as `grinder stage promote` records it.
  void approve(const std::string& stage) const {
    dir_.write("var/stage.json", "{\"version\":1,\"ceiling\":\"" + stage +
                                     "\",\"since_ms\":0,\"changed_by\":\"test\",\"reason\":\"\"}\n");
  }

  // `grinder ARGS --config examples/btcturk/grinder.sim.yaml` with the
  // simulator's endpoint and keys, this test's folders, and `env` on top.
  CommandResult grinder(const std::string& args, std::map<std::string, std::string> env = {}) const {
    std::map<std::string, std::string> all = {{"PATH", "/usr/bin:/bin"},
                                              {"BTCTURK_BASE_URL", sim_.base_url()},
                                              {"BTCTURK_API_KEY", kApiKey},
                                              {"BTCTURK_API_SECRET", kApiSecret},
                                              {"GRINDER_STATE_DIR", dir_.file("var")},
                                              {"GRINDER_ARTIFACTS_DIR", dir_.file("artifacts")},
                                              {"GRINDER_AUDIT_PATH", audit_path()},
                                              {"BUDGET_STATE_PATH", dir_.file("var/budget.json")},
                                              {"GRINDER_HTTP_PORT", "0"}};
    for (auto& [k, v] : env) all[k] = v;
    std::string cmd = "env -i";
    for (const auto& [k, v] : all)
      if (!v.empty()) cmd += " " + k + "='" + v + "'";
    return run_command(cmd + " " + grinder_bin() + " " + args + " --config " + source_dir() +
                       "/examples/btcturk/grinder.sim.yaml");
  }

  std::string audit_path() const { return dir_.file("audit/guarded_live.jsonl"); }
  std::string audit() const {
    std::ifstream in(audit_path());
    return std::string((std::istreambuf_iterator<char>(in)), {});
  }
  std::vector<std::string> audit_events(const std::string& type) const {
    std::vector<std::string> out;
    std::ifstream in(audit_path());
    std::string line;
    while (std::getline(in, line))
      if (line.find("\"event\":\"" + type + "\"") != std::string::npos) out.push_back(line);
    return out;
  }

 private:
  SimProcess& sim_;
  TempDir dir_;
};

// The five arming variables, the canary's stage, and the plugin armed.
std::map<std::string, std::string> armed() {
  return {{"LIVE_TRADING", "true"},
          {"LIVE_TRADING_ACK", "I_UNDERSTAND"},
          {"DRY_RUN", "false"},
          {"KILL_SWITCH", "false"},
          {"SAFE_MODE", "false"},
          {"GUARDED_LIVE_STAGE", "canary_once"},
          {"GRINDER_CONNECTOR_MODE", "LIVE_TRADE"}};
}

std::string field(const std::string& output, const std::string& key) {
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  return "";
}

}  // namespace

TEST_CASE("the deployment validates with nothing set, and health reaches the simulator") {
  CommandResult v = run_command("env -i PATH=/usr/bin:/bin " + grinder_bin() + " validate " + source_dir() +
                                "/examples/btcturk/grinder.sim.yaml");
  INFO(v.output);
  CHECK(v.exit_code == 0);
  SimProcess sim;
  SimDeployment d(sim);
  CommandResult h = d.grinder("health");
  INFO(h.output);
  CHECK(h.exit_code == 0);
  CHECK_THAT(h.output, Catch::Contains("health_status=OK"));
}

TEST_CASE("canary once, armed on an approved stage: one LIMIT BUY on BTCTurk's wire, then its cancel") {
  SimProcess sim;
  SimDeployment d(sim);
  d.approve("CANARY");
  CommandResult r = d.grinder("canary once" + kCanary, armed());
  INFO(r.output << sim.output());
  REQUIRE(r.exit_code == 0);
  CHECK(field(r.output, "canary_status") == "COMPLETED");
  CHECK_THAT(r.output, Catch::Contains("stage CANARY") && Catch::Contains("cycle 1: BUY 0.0000555") &&
                           Catch::Contains("cancelled after"));
  auto placed = d.audit_events("CANARY_PLACED");
  REQUIRE(placed.size() == 1);
  std::size_t at = placed[0].find("\"client_order_id\":\"") + 19;
  std::string coid = placed[0].substr(at, placed[0].find('"', at) - at);
  CHECK(coid.rfind("grinder_1_cn", 0) == 0);
  CHECK(sim.orders_for(coid) == 1);
  CHECK(sim.requests("POST /api/v1/order") == 1);
  CHECK(sim.requests("DELETE /api/v1/order") == 1);
  CHECK(eventually([&] { return sim.stat("open_orders") == 0; }, 2000));
  CHECK(d.audit_events("CANARY_CANCELLED").size() == 1);
  CHECK(secret_free(r.output));
  CHECK(secret_free(d.audit()));
  CHECK(secret_free(sim.output()));
}

TEST_CASE("a stale ticker stops the canary with market_data:stale; nothing is sent") {
  SimProcess sim;
  SimDeployment d(sim);
  d.approve("CANARY");
  sim.admin("stale", R"({"pairs": ["BTCTRY"], "age_ms": 10000})");
  CommandResult r = d.grinder("canary once" + kCanary, armed());
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(field(r.output, "canary_stop_reason") == "market_data:stale");
  CHECK_THAT(r.output, Catch::Contains("quote age_ms="));
  CHECK(sim.requests("POST /api/v1/order") == 0);
}

TEST_CASE("every gate open but the plugin read-only: the order is refused before it is sent") {
  SimProcess sim;
  SimDeployment d(sim);
  d.approve("CANARY");
  auto env = armed();
  env.erase("GRINDER_CONNECTOR_MODE");
  CommandResult r = d.grinder("canary once" + kCanary, env);
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(field(r.output, "canary_stop_reason") == "venue_error:NON_RETRYABLE");
  CHECK_THAT(r.output, Catch::Contains("mode is read_only"));
  CHECK(sim.requests("POST /api/v1/order") == 0);
}

TEST_CASE("LIVE_TRADE with a key missing fails closed at once, naming the key and not its value") {
  SimProcess sim;
  SimDeployment d(sim);
  d.approve("CANARY");
  auto env = armed();
  env["BTCTURK_API_KEY"] = "";
  CommandResult r = d.grinder("canary once" + kCanary, env);
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("mode live_trade needs credentials"));
  CHECK(secret_free(r.output));
  CHECK(sim.private_requests() == 0);
}

TEST_CASE("grinder run reconciles from the venue's snapshot: a left-over order of grinder's is found") {
  SimProcess sim;
  SimDeployment d(sim);
  sim.admin("unexpected_order", R"({"pair": "BTCTRY", "client_order_id": "grinder_1_leftover"})");
  CommandResult r = d.grinder("run --max-cycles 2", {{"RECONCILE_INTERVAL_MS", "100"}});
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("ORDER_EXISTS_UNEXPECTED symbol=BTCTRY order=grinder_1_leftover"));
  auto runs = d.audit_events("RECONCILE_RUN");
  REQUIRE(runs.size() == 2);
  CHECK_THAT(runs[0], Catch::Contains("\"snapshot\":\"complete\""));
  // OBSERVE sends nothing: the order is judged, blocked, and left alone.
  CHECK(sim.requests("DELETE /api/v1/order") == 0);
  CHECK(secret_free(r.output));
}
