// grinder canary once|loop on the paper venue: runs to its cycle cap when
// armed on an approved stage, and stops on each abort condition with the
// exit code the runbook's decision tree expects.
#include <catch2/catch.hpp>

#include "ceremony_fixture.hpp"

using namespace grinder::test;

namespace {

// Short TTL and cycle, so a loop of a few cycles takes well under a second
// of waiting.
const std::string kFast = " --symbol BTCTRY --notional 100 --ttl-seconds 0.2 --cycle-seconds 0.2";

std::string field(const std::string& output, const std::string& key) {
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + "=", 0) == 0) return line.substr(key.size() + 1);
  return "";
}

}  // namespace

TEST_CASE("canary loop, armed on an approved stage, runs to its cycle cap and cancels every order", "[canary]") {
  PaperDeployment p;
  p.approve("CANARY_LOOP");
  auto r = p.grinder("canary loop" + kFast + " --max-cycles 3", armed("canary_loop"));
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("stage CANARY_LOOP") != std::string::npos);
  // 10% under a bid near 2,000,000 on tick 1; 100 TRY rounds up to 6 steps.
  CHECK(r.output.find("cycle 1: BUY 0.00006 @ 1") != std::string::npos);
  CHECK(r.output.find(" ms, cancelled after ") != std::string::npos);
  CHECK(r.output.find(" ms (filled 0)") != std::string::npos);
  CHECK(r.output.find("canary summary: cycles 3 of 3, orders placed 3, cancelled 3, filled 0, rejected 0") !=
        std::string::npos);
  CHECK(field(r.output, "canary_stop_reason") == "max_cycles");
  CHECK(last_line(r.output) == "canary_status=COMPLETED");

  auto placed = p.audit_events("CANARY_PLACED");
  REQUIRE(placed.size() == 3);
  CHECK(placed[0].find("\"client_order_id\":\"grinder_1_cn") != std::string::npos);
  CHECK(placed[0].find("\"decision\":{") != std::string::npos);
  CHECK(placed[0].find("\"qty\":0.00006,") != std::string::npos);
  CHECK(placed[0].find("\"stage\":\"CANARY_LOOP\"") != std::string::npos);
  CHECK(p.audit_events("CANARY_CANCELLED").size() == 3);
  auto stopped = p.audit_events("CANARY_STOPPED");
  REQUIRE(stopped.size() == 1);
  CHECK(stopped[0].find("\"reason\":\"max_cycles\"") != std::string::npos);
  // Reserved before each place: three calls today.
  std::ifstream budget(p.budget_path());
  std::string state((std::istreambuf_iterator<char>(budget)), {});
  CHECK(state.find("\"calls_day\":3") != std::string::npos);
}

TEST_CASE("canary once --json: the summary as one object", "[canary][json]") {
  PaperDeployment p;
  p.approve("CANARY");
  auto r = p.grinder("canary once --json" + kFast, armed());
  INFO(r.output);
  CHECK(r.exit_code == 0);
  auto d = json_of(r.output);
  REQUIRE(d.IsObject());
  CHECK(std::string(d["canary_status"].GetString()) == "COMPLETED");
  CHECK(std::string(d["stop_reason"].GetString()) == "max_cycles");
  CHECK(d["cycles_run"].GetInt() == 1);
  CHECK(d["max_cycles"].GetInt() == 1);
  CHECK(d["orders"]["placed"].GetInt() == 1);
  CHECK(d["orders"]["cancelled"].GetInt() == 1);
  CHECK(d["orders"]["filled"].GetInt() == 0);
  REQUIRE(d["cycles"].Size() == 1);
  CHECK(std::string(d["cycles"][0]["outcome"].GetString()) == "cancelled");
  CHECK(d["cycles"][0]["qty"].GetDouble() == Approx(0.00006));
  CHECK(d["cycles"][0]["latency_ms"].IsInt());
  // Rested its TTL (0.2 s) before the cancel.
  CHECK(d["cycles"][0]["rested_ms"].GetInt() >= 200);
}

TEST_CASE("canary stops on a gate deny when an arming variable is unset; nothing is sent", "[canary]") {
  PaperDeployment p;
  p.approve("CANARY");
  auto env = armed();
  env.erase("LIVE_TRADING");
  auto r = p.grinder("canary once" + kFast, env);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(field(r.output, "canary_stop_reason") == "gate_denied");
  CHECK(r.output.find("denied: live_trading_disabled") != std::string::npos);
  CHECK(r.output.find("orders placed 0") != std::string::npos);
  CHECK(last_line(r.output) == "canary_status=STOPPED");
  CHECK(p.audit_events("CANARY_PLACED").empty());
  auto stopped = p.audit_events("CANARY_STOPPED");
  REQUIRE(stopped.size() == 1);
  CHECK(stopped[0].find("\"reasons\":\"live_trading_disabled\"") != std::string::npos);
  CHECK(stopped[0].find("\"decision\":{") != std::string::npos);
  // Nothing was reserved for an order that was not sent.
  CHECK_FALSE(std::filesystem::exists(p.budget_path()));
}

TEST_CASE("canary with every arming variable unset lists each one that blocks", "[canary]") {
  PaperDeployment p;
  p.approve("CANARY");
  auto r = p.grinder("canary once --json" + kFast, {{"GUARDED_LIVE_STAGE", "canary_once"}});
  INFO(r.output);
  CHECK(r.exit_code == 1);
  auto d = json_of(r.output);
  REQUIRE(d.IsObject());
  std::vector<std::string> reasons;
  for (const auto& v : d["reasons"].GetArray()) reasons.push_back(v.GetString());
  CHECK(reasons == std::vector<std::string>{"live_trading_disabled", "ack_missing", "dry_run", "kill_switch_env"});
  // An unset KILL_SWITCH is a switch that is on.
  CHECK(std::string(d["stop_reason"].GetString()) == "kill_switch");
}

TEST_CASE("canary above the approved ceiling runs held at the approved stage, which sends nothing", "[canary]") {
  PaperDeployment p;  // no stage.json: nothing that executes is approved yet
  auto r = p.grinder("canary once" + kFast, armed());
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("stage CONNECTIVITY (held: GUARDED_LIVE_STAGE=canary_once selects CANARY") != std::string::npos);
  CHECK(r.output.find("action_not_in_stage") != std::string::npos);
  CHECK(p.audit_events("CANARY_PLACED").empty());
}

TEST_CASE("canary stops as a kill switch on KILL_SWITCH=true", "[canary]") {
  PaperDeployment p;
  p.approve("CANARY");
  auto env = armed();
  env["KILL_SWITCH"] = "true";
  auto r = p.grinder("canary once" + kFast, env);
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(field(r.output, "canary_stop_reason") == "kill_switch");
  CHECK(r.output.find("denied: kill_switch_env") != std::string::npos);
  CHECK(p.audit_events("CANARY_PLACED").empty());
}

TEST_CASE("canary stops with exit 2 on a venue AUTH error when placing", "[canary]") {
  PaperDeployment p("      faults: [ { op: place, class: AUTH, code: -1022 } ]\n");
  p.approve("CANARY_LOOP");
  auto r = p.grinder("canary loop" + kFast + " --max-cycles 3", armed("canary_loop"));
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(field(r.output, "canary_stop_reason") == "venue_error:AUTH");
  CHECK(r.output.find("canary summary: cycles 1 of 3, orders placed 0, cancelled 0, filled 0, rejected 1") !=
        std::string::npos);
  CHECK(last_line(r.output) == "canary_status=FAILED");
  auto rejected = p.audit_events("CANARY_REJECTED");
  REQUIRE(rejected.size() == 1);
  CHECK(rejected[0].find("\"error_class\":\"AUTH\"") != std::string::npos);
}

TEST_CASE("canary goes on past a retryable reject and counts it", "[canary]") {
  PaperDeployment p("      faults: [ { op: place, class: RATE_LIMITED, count: 1, code: 429 } ]\n");
  p.approve("CANARY_LOOP");
  auto r = p.grinder("canary loop" + kFast + " --max-cycles 2", armed("canary_loop"));
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("cycle 1: BUY 0.00006 @ ") != std::string::npos);
  CHECK(r.output.find("rejected by the venue") != std::string::npos);
  CHECK(r.output.find("orders placed 1, cancelled 1, filled 0, rejected 1") != std::string::npos);
}

TEST_CASE("canary refuses bad input with exit 2 before anything is sent", "[canary]") {
  PaperDeployment p;
  p.approve("CANARY");
  // Over the stage's max_notional_per_order (150 TRY by default).
  auto over = p.grinder("canary once --symbol BTCTRY --notional 500", armed());
  CHECK(over.exit_code == 2);
  CHECK(over.output.find("--notional 500 exceeds the stage's max_notional_per_order 150") != std::string::npos);
  auto unbounded = p.grinder("canary loop --symbol BTCTRY --notional 100", armed("canary_loop"));
  CHECK(unbounded.exit_code == 2);
  CHECK(unbounded.output.find("canary loop needs --max-cycles") != std::string::npos);
  auto once_many = p.grinder("canary once --symbol BTCTRY --notional 100 --max-cycles 5", armed());
  CHECK(once_many.exit_code == 2);
  auto unknown = p.grinder("canary once --symbol DOGETRY --notional 100", armed());
  INFO(unknown.output);
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.output.find("filters of DOGETRY") != std::string::npos);
  CHECK(p.audit_events("CANARY_PLACED").empty());
}

TEST_CASE("canary refuses to start when doctor would FAIL on the venue", "[canary]") {
  PaperDeployment p("      colour: blue\n");
  p.approve("CANARY");
  auto r = p.grinder("canary once" + kFast, armed());
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("refused: doctor would FAIL") != std::string::npos);
  CHECK(r.output.find("colour is not a known setting") != std::string::npos);
}

TEST_CASE("canary interrupted by SIGINT cancels its resting order before it exits", "[canary][signal]") {
  PaperDeployment p;
  p.approve("CANARY");
  std::string env = "env -i GRINDER_HTTP_PORT=" + std::to_string(p.http_port);
  for (const auto& [k, v] : armed()) env += " " + k + "=" + v;
  // A 30 s TTL the operator cuts short; the signal goes to this canary's pid only.
  auto r = run_command("sh -c '" + env + " " + grinder_bin() +
                       " canary once --symbol BTCTRY --notional 100 --ttl-seconds 30 --config " + p.root() +
                       " & pid=$!; sleep 0.7; kill -INT $pid; wait $pid'");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("orders placed 1, cancelled 1") != std::string::npos);
  CHECK(field(r.output, "canary_stop_reason") == "signal");
  CHECK(r.output.find("SIGINT: stopped by the operator after cleaning up") != std::string::npos);
  auto cancelled = p.audit_events("CANARY_CANCELLED");
  REQUIRE(cancelled.size() == 1);
}
