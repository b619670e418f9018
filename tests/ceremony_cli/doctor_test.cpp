// grinder doctor on the paper venue: each check's verdict, the overall
// status and exit code (0 PASS, 1 WARN, 2 FAIL), --json, and the result
// recorded for `doctor:pass`.
#include <sys/stat.h>
#include <utime.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <ctime>

#include "ceremony_fixture.hpp"

using namespace grinder::test;

namespace {

std::string drills_json(const PaperDeployment& p) {
  std::ifstream in(p.dir.file("var/drills.json"));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const char* kValidBudget =
    "{\"version\":1,\"day\":\"2020-01-01\",\"run_id\":\"r\",\"calls_run\":0,\"calls_day\":0,"
    "\"notional_run\":0,\"notional_day\":0,\"updated_ms\":0}\n";

}  // namespace

TEST_CASE("doctor PASSes a healthy paper deployment before anything trades, and records it for doctor:pass",
          "[doctor]") {
  PaperDeployment p;
  auto r = p.grinder("doctor");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(last_line(r.output) == "doctor_status=PASS");
  for (const char* name :
       {"config", "plugin", "credentials", "venue_reachable", "clock_skew", "paths_writable", "instance_lock"})
    CHECK(check_line(r.output, name).rfind("PASS", 0) == 0);
  CHECK(check_line(r.output, "config").find("stage OBSERVE (GUARDED_LIVE_STAGE=observe)") != std::string::npos);
  CHECK(check_line(r.output, "credentials") == "PASS none configured; the simulated venue needs none");
  CHECK(check_line(r.output, "budget_state") == "PASS " + p.budget_path() + " is missing: the ledger starts fresh");
  CHECK(check_line(r.output, "metrics_endpoint").rfind("PASS no run is live", 0) == 0);
  // OBSERVE sends nothing: there is nothing to measure, and doctor says so.
  CHECK(check_line(r.output, "slo_reject_rate") ==
        "PASS not applicable: stage OBSERVE sends no orders and none were sent in the last 24h");
  CHECK(check_line(r.output, "slo_max_drawdown") ==
        "PASS not applicable: stage OBSERVE does not trade and no run is live");
  CHECK(drills_json(p).find("\"doctor\":{\"passed\":true") != std::string::npos);
  // The probe files are gone and looking created no folder.
  CHECK_FALSE(std::filesystem::exists(p.dir.file("artifacts")));
  CHECK_FALSE(std::filesystem::exists(p.dir.file("audit")));
}

TEST_CASE("doctor WARNs no data on a stage that trades but has nothing on record, and records no pass",
          "[doctor][slo]") {
  PaperDeployment p;
  p.approve("CANARY");
  auto r = p.grinder("doctor", {{"GUARDED_LIVE_STAGE", "canary_once"}});
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(check_line(r.output, "slo_reject_rate") == "WARN no data: no audit file yet");
  CHECK(check_line(r.output, "slo_fill_rate") == "WARN no data: no audit file yet");
  CHECK(check_line(r.output, "slo_latency_p95") == "WARN no data: no audit file yet");
  CHECK(check_line(r.output, "slo_max_drawdown") ==
        "WARN no data: no live run of this deployment reports drawdown_pct");
  CHECK(last_line(r.output) == "doctor_status=WARN");
  CHECK(drills_json(p).find("\"doctor\":{\"passed\":false,") != std::string::npos);
  CHECK(drills_json(p).find("\"detail\":\"WARN: slo_reject_rate, slo_fill_rate, slo_latency_p95, slo_max_drawdown\"") !=
        std::string::npos);
}

TEST_CASE("doctor WARNs on a stale budget file with the Runbook 13 wording", "[doctor]") {
  PaperDeployment p;
  p.dir.write("var/budget.json", kValidBudget);
  utimbuf old{};
  old.actime = old.modtime = std::time(nullptr) - 30 * 3600;
  REQUIRE(::utime(p.budget_path().c_str(), &old) == 0);
  auto r = p.grinder("doctor");
  INFO(r.output);
  CHECK(r.exit_code == 1);
  std::string line = check_line(r.output, "budget_state");
  CHECK(line.rfind("WARN WARNING: Budget state is stale (30.0h old, threshold=24h)", 0) == 0);
  CHECK(line.find("Path: " + p.budget_path()) != std::string::npos);
  CHECK(line.find("Consider using --reset-budget-state for a clean start.") != std::string::npos);
  CHECK(last_line(r.output) == "doctor_status=WARN");
}

TEST_CASE("doctor FAILs on a corrupt budget file and says how to recover", "[doctor]") {
  PaperDeployment p;
  p.dir.write("var/budget.json", "{\"version\":1,\"day\":");
  auto r = p.grinder("doctor");
  INFO(r.output);
  CHECK(r.exit_code == 2);
  std::string line = check_line(r.output, "budget_state");
  CHECK(line.rfind("FAIL budget state " + p.budget_path() + " is corrupt", 0) == 0);
  CHECK(line.find("grinder budget reset") != std::string::npos);
  CHECK(last_line(r.output) == "doctor_status=FAIL");
  CHECK(drills_json(p).find("\"doctor\":{\"passed\":false") != std::string::npos);
}

TEST_CASE("doctor FAILs when the paper venue's config makes create fail", "[doctor]") {
  PaperDeployment p("      colour: blue\n");
  auto r = p.grinder("doctor");
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(check_line(r.output, "config").rfind("PASS", 0) == 0);
  std::string plugin = check_line(r.output, "plugin");
  CHECK(plugin.rfind("FAIL", 0) == 0);
  CHECK(plugin.find("colour is not a known setting") != std::string::npos);
  CHECK(check_line(r.output, "venue_reachable") == "FAIL not checked: the venue could not be created");
  CHECK(check_line(r.output, "clock_skew") == "FAIL unknown: the venue did not answer");
  CHECK(last_line(r.output) == "doctor_status=FAIL");
}

TEST_CASE("doctor FAILs on a configuration that does not load, naming the spot", "[doctor]") {
  PaperDeployment p;
  p.dir.write("grinder.yaml", "version: 1\nname: broken\nladder: nowhere.yaml\n");
  auto r = p.grinder("doctor");
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(check_line(r.output, "config").rfind("FAIL " + p.dir.file("grinder.yaml") + ":", 0) == 0);
  CHECK(check_line(r.output, "plugin") == "FAIL not checked: the configuration did not load");
  CHECK(last_line(r.output) == "doctor_status=FAIL");
}

TEST_CASE("doctor --json: doctor_status and one {name,status,detail} per check", "[doctor][json]") {
  PaperDeployment p;
  p.dir.write("var/budget.json", "not json");
  auto r = p.grinder("doctor --json");
  INFO(r.output);
  CHECK(r.exit_code == 2);
  auto d = json_of(r.output);
  REQUIRE(d.IsObject());
  REQUIRE(d.HasMember("doctor_status"));
  CHECK(std::string(d["doctor_status"].GetString()) == "FAIL");
  CHECK(std::string(d["checks"][5]["status"].GetString()) == "FAIL");
  REQUIRE(d["checks"].IsArray());
  std::vector<std::string> names;
  for (const auto& c : d["checks"].GetArray()) {
    REQUIRE(c.IsObject());
    CHECK(c.MemberCount() == 3);
    REQUIRE(c["name"].IsString());
    REQUIRE(c["detail"].IsString());
    std::string status = c["status"].GetString();
    CHECK((status == "PASS" || status == "WARN" || status == "FAIL"));
    CHECK_FALSE(std::string(c["detail"].GetString()).empty());
    names.push_back(c["name"].GetString());
  }
  CHECK(names == std::vector<std::string>{"config", "plugin", "credentials", "venue_reachable", "clock_skew",
                                          "budget_state", "paths_writable", "instance_lock", "metrics_endpoint",
                                          "slo_reject_rate", "slo_fill_rate", "slo_latency_p95", "slo_max_drawdown"});
}

TEST_CASE("doctor names credentials set or missing, never their values", "[doctor][secrets]") {
  const std::string secret = "d0ct0r-s3cret-value";
  PaperDeployment p("", "{ api_key: \"${PAPER_API_KEY}\", api_secret: \"${PAPER_API_SECRET:-}\" }");
  auto r = p.grinder("doctor", {{"PAPER_API_KEY", secret}});
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(check_line(r.output, "credentials") == "FAIL api_key=set api_secret=missing");
  auto j = p.grinder("doctor --json", {{"PAPER_API_KEY", secret}, {"PAPER_API_SECRET", secret + "2"}});
  CHECK(json_of(j.output)["checks"][2]["detail"].GetString() == std::string("api_key=set api_secret=set"));
  CHECK(r.output.find(secret) == std::string::npos);
  CHECK(j.output.find(secret) == std::string::npos);
  CHECK(drills_json(p).find(secret) == std::string::npos);
}

TEST_CASE("doctor --url: a live run that does not answer FAILs; a malformed URL is bad input", "[doctor]") {
  PaperDeployment p;
  auto r = p.grinder("doctor --url http://127.0.0.1:" + std::to_string(free_port()));
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(check_line(r.output, "metrics_endpoint").rfind("FAIL no run answers at 127.0.0.1:", 0) == 0);
  auto bad = p.grinder("doctor --url localhost");
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("--url must look like http://127.0.0.1:9090") != std::string::npos);
}

TEST_CASE("doctor judges reject rate and latency over the audit window, against the thresholds", "[doctor][slo]") {
  PaperDeployment p;
  // A minute ago, so a short window can leave every event out.
  std::int64_t now = now_ms() - 60000;
  std::string decision =
      R"({"action":{"type":"cancel_all","symbol":"BTCTRY"},"ts_ms":)" + std::to_string(now - 600) + "}";
  std::string old = std::to_string(now - 30LL * 3600 * 1000);
  p.dir.write("audit/guarded_live.jsonl",
              // Outside the 24h window: ignored.
              "{\"ts_ms\":" + old +
                  ",\"event\":\"REMEDIATE_FAILED\",\"decision\":{}}\n"
                  "{\"ts_ms\":" +
                  std::to_string(now - 600) + ",\"event\":\"REMEDIATE_PLANNED\",\"decision\":" + decision +
                  "}\n"
                  "{\"ts_ms\":" +
                  std::to_string(now - 480) + ",\"event\":\"REMEDIATE_EXECUTED\",\"decision\":" + decision +
                  "}\n"
                  "{\"ts_ms\":" +
                  std::to_string(now - 400) +
                  ",\"event\":\"REMEDIATE_FAILED\",\"decision\":{}}\n"
                  "{\"ts_ms\":" +
                  std::to_string(now - 300) +
                  ",\"event\":\"CANARY_PLACED\",\"latency_ms\":40}\n"
                  "{\"ts_ms\":" +
                  std::to_string(now - 200) +
                  ",\"event\":\"CANARY_CANCELLED\",\"filled_qty\":0}\n"
                  "{\"ts_ms\":" +
                  std::to_string(now - 100) + ",\"event\":\"REMEDIATE_EXECUTED\",\"deci");  // torn tail
  auto r = p.grinder("doctor");
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(check_line(r.output, "slo_reject_rate") == "FAIL 0.3333333333333333 (1 of 3) > 0.2 over the last 24h");
  CHECK(check_line(r.output, "slo_fill_rate") == "PASS 0 (0 of 1) >= 0 over the last 24h");
  CHECK(check_line(r.output, "slo_latency_p95") == "PASS 120 ms over 2 sample(s) <= 2000 ms");

  auto loose = p.grinder("doctor --max-reject-rate 0.5 --max-latency-p95-ms 100 --min-fill-rate 0.5");
  INFO(loose.output);
  CHECK(check_line(loose.output, "slo_reject_rate").rfind("PASS", 0) == 0);
  CHECK(check_line(loose.output, "slo_latency_p95") == "FAIL 120 ms over 2 sample(s) > 100 ms");
  CHECK(check_line(loose.output, "slo_fill_rate") == "FAIL 0 (0 of 1) < 0.5 over the last 24h");
  // A window shorter than the events' age sees none of them: nothing to
  // measure, which only a stage that sends nothing may pass.
  auto narrow = p.grinder("doctor --window-hours 0.001");
  CHECK(check_line(narrow.output, "slo_reject_rate").rfind("PASS not applicable: stage OBSERVE", 0) == 0);
  p.approve("CANARY_LOOP");
  auto trading = p.grinder("doctor --window-hours 0.001", {{"GUARDED_LIVE_STAGE", "canary_loop"}});
  CHECK(check_line(trading.output, "slo_reject_rate") ==
        "WARN no data: nothing was sent to the venue in the last 0.001h");
}
