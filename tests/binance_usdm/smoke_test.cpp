// `grinder smoke` (Runbook 17 steps 2 and 3) as an operator runs it: the
// built grinder binary on examples/binance-usdm, pointed at the simulator
// through the environment.
#include <regex>

#include "binance_harness.hpp"

using namespace grinder::test;

namespace {

std::string smoke(const SimProcess& sim, const std::string& env, const std::string& args) {
  return "env -i PATH=/usr/bin:/bin BINANCE_BASE_URL=" + sim.base_url() + " BINANCE_WS_URL=" + sim.ws_url() +
         " BINANCE_API_KEY=" + kApiKey + " BINANCE_API_SECRET=" + kApiSecret + " " + env + " " + grinder_bin() +
         " smoke --config " + source_dir() + "/examples/binance-usdm " + args;
}

const std::string kAllGates = "ARMED=1 GRINDER_CONNECTOR_MODE=LIVE_TRADE ALLOW_MAINNET_TRADE=1";

int total_requests(SimProcess& sim) {
  auto s = sim.admin("stats");
  int n = 0;
  for (const auto& m : s["requests"].GetObject()) n += m.value.GetInt();
  return n;
}

}  // namespace

TEST_CASE("dry run: each LIVE_TRADE gate blocks when it should, and nothing is sent") {
  SimProcess sim;
  CommandResult r = run_command(smoke(sim, "", ""));
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output,
             Catch::Contains("LIVE_TRADE SMOKE TEST") && Catch::Contains("## Dry-run mode: Testing gate checks only") &&
                 Catch::Contains("PASS: Blocked with: Cannot place_order: ARMED=1 not set") &&
                 Catch::Contains("PASS: Blocked with: Cannot place_order: GRINDER_CONNECTOR_MODE=READ_ONLY") &&
                 Catch::Contains("PASS: Blocked with: Cannot place_order: ALLOW_MAINNET_TRADE=1 not set") &&
                 Catch::Contains("PASS: Blocked with: Cannot place_order: venue not configured") &&
                 Catch::Contains("PASS: Allowed by 4 gate(s)") &&
                 Catch::Contains("DRY-RUN COMPLETE: All gate checks passed"));
  // This environment arms nothing, so the dry run says what blocks it.
  CHECK_THAT(r.output, Catch::Contains("LIVE_TRADE is BLOCKED"));
  CHECK(r.output.find(kApiSecret) == std::string::npos);
  CHECK(total_requests(sim) == 0);

  CommandResult armed = run_command(smoke(sim, kAllGates, ""));
  CHECK(armed.exit_code == 0);
  CHECK_THAT(armed.output, Catch::Contains("LIVE_TRADE is ALLOWED"));
  CHECK(total_requests(sim) == 0);
}

TEST_CASE("--confirm LIVE_TRADE with gates unmet is blocked, each gate named, and nothing is sent") {
  SimProcess sim;
  CommandResult r = run_command(smoke(sim, "GRINDER_CONNECTOR_MODE=LIVE_TRADE", "--confirm LIVE_TRADE"));
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.output, Catch::Contains("FAIL: Blocked with: Cannot place_order: ARMED=1 not set") &&
                           Catch::Contains("FAIL: Blocked with: Cannot place_order: ALLOW_MAINNET_TRADE=1 not set") &&
                           Catch::Contains("nothing was sent") && Catch::Contains("SMOKE TEST FAILED"));
  CHECK_THAT(r.output, !Catch::Contains("GRINDER_CONNECTOR_MODE=READ_ONLY"));
  CHECK(total_requests(sim) == 0);
}

TEST_CASE("--confirm LIVE_TRADE through the full chain: a LIMIT BUY 50% below the bid, then its cancel") {
  SimProcess sim;
  CommandResult r = run_command(smoke(sim, kAllGates, "--confirm LIVE_TRADE --symbol BTCUSDT -v"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("symbol: BTCUSDT") && Catch::Contains("side: BUY") &&
                           Catch::Contains("### Order placed!") && Catch::Contains("### Order cancelled!") &&
                           Catch::Contains("result: True") && Catch::Contains("SMOKE TEST PASSED"));
  std::smatch m;
  REQUIRE(std::regex_search(r.output, m, std::regex(R"(price: ([0-9.]+) \(50% below market, best bid ([0-9.]+)\))")));
  double price = std::stod(m[1]), bid = std::stod(m[2]);
  CHECK(price <= bid * 0.5);
  CHECK(price > bid * 0.5 - 0.1);
  REQUIRE(std::regex_search(r.output, m, std::regex(R"(quantity: ([0-9.]+) \(notional ([0-9.]+), minimum 100\))")));
  CHECK(std::stod(m[2]) >= 100);
  CHECK(std::stod(m[2]) - price * 0.001 < 100);  // one step less would be short: rounded up, not more
  REQUIRE(std::regex_search(r.output, m, std::regex(R"(order_id: (grinder_1_\S+))")));
  std::string coid = m[1];
  CHECK(coid.size() <= 36);
  CHECK(sim.orders_for(coid) == 1);
  CHECK(sim.admin("stats")["open_orders"].GetInt() == 0);
  // -v shows every plugin log line: still no secret, no signature.
  CHECK_THAT(r.output, Catch::Contains("POST /fapi/v1/order"));
  CHECK(r.output.find(kApiSecret) == std::string::npos);
  CHECK(r.output.find("signature=") == std::string::npos);
  CHECK(sim.output().find(kApiSecret) == std::string::npos);
}

TEST_CASE("--confirm takes LIVE_TRADE and nothing else") {
  SimProcess sim;
  CommandResult r = run_command(smoke(sim, kAllGates, "--confirm yes"));
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.output, Catch::Contains("--confirm must be exactly LIVE_TRADE"));
  CHECK(total_requests(sim) == 0);
}
