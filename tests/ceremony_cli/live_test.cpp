// The ceremony commands around a live run, and the canary waiting for market
// data to go stale: slower than the rest, so labelled integration.
#include <catch2/catch.hpp>

#include "../runtime/instance.hpp"
#include "ceremony_fixture.hpp"

using namespace grinder::test;

TEST_CASE("canary loop stops when the market data goes stale (paper drill), after cleaning up", "[canary][stale]") {
  // The drill freezes the quote when the venue is created: fresh for the
  // first cycle, older than the chain's 3000 ms by the second.
  PaperDeployment p("      drills: [ { drill: stale_market_data } ]\n");
  p.approve("CANARY_LOOP");
  auto r = p.grinder("canary loop --symbol BTCTRY --notional 100 --ttl-seconds 0.2 --cycle-seconds 3.2 --max-cycles 3",
                     armed("canary_loop"));
  INFO(r.output);
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("cycle 1: BUY 0.00006 @ ") != std::string::npos);
  CHECK(r.output.find("cycle 2: nothing sent") != std::string::npos);
  CHECK(r.output.find("canary summary: cycles 2 of 3, orders placed 1, cancelled 1") != std::string::npos);
  CHECK(r.output.find("canary_stop_reason=market_data:stale") != std::string::npos);
  CHECK(r.output.find("max_age_ms=3000") != std::string::npos);
  auto stopped = p.audit_events("CANARY_STOPPED");
  REQUIRE(stopped.size() == 1);
  CHECK(stopped[0].find("\"reason\":\"market_data:stale\"") != std::string::npos);
}

TEST_CASE("with a canary on record and its live run answering, doctor PASSes and records it for doctor:pass",
          "[doctor][live]") {
  PaperDeployment p;
  p.approve("CANARY");
  REQUIRE(p.grinder("canary once --symbol BTCTRY --notional 100 --ttl-seconds 0.1", armed()).exit_code == 0);

  // The run of the same deployment, in this process, holding its lock.
  Instance live(Env{{"GRINDER_HTTP_PORT", std::to_string(p.http_port)}}, p.root());
  std::string url = "http://127.0.0.1:" + std::to_string(live.port());
  REQUIRE(live.wait_metric("grinder_reconcile_runs_total", 1));

  auto r = p.grinder("doctor --url " + url);
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(check_line(r.output, "instance_lock") == "PASS held by pid " + std::to_string(::getpid()) +
                                                     ", the live run serving 127.0.0.1:" + std::to_string(live.port()));
  CHECK(check_line(r.output, "metrics_endpoint").rfind("PASS grinder_up 1 at", 0) == 0);
  CHECK(check_line(r.output, "slo_reject_rate") == "PASS 0 (0 of 1) <= 0.2 over the last 24h");
  CHECK(check_line(r.output, "slo_max_drawdown") == "PASS drawdown_pct 0 < 5 (live run)");
  CHECK(last_line(r.output) == "doctor_status=PASS");
  std::ifstream drills(p.dir.file("var/drills.json"));
  std::string recorded((std::istreambuf_iterator<char>(drills)), {});
  CHECK(recorded.find("\"doctor\":{\"passed\":true") != std::string::npos);

  // Without --url doctor looks at the configured port, where nothing runs:
  // the lock is held by a run it cannot see, which it says.
  auto blind = p.grinder("doctor");
  CHECK(blind.exit_code == 1);
  CHECK(check_line(blind.output, "instance_lock") ==
        "WARN held by pid " + std::to_string(::getpid()) + " (a run is live)");

  // One instance per state folder and venue: the canary does not run beside it.
  auto canary = p.grinder("canary once --symbol BTCTRY --notional 100 --ttl-seconds 0.1", armed());
  CHECK(canary.exit_code == 2);
  CHECK(canary.output.find("another grinder instance holds") != std::string::npos);

  // The export carries the live run's metrics, and not its admin token.
  std::string out = p.dir.file("incident.jsonl");
  auto e = p.grinder("export --last 5 --format jsonl --out " + out + " --url " + url);
  REQUIRE(e.exit_code == 0);
  std::ifstream file(out);
  std::string text((std::istreambuf_iterator<char>(file)), {});
  CHECK(text.find("{\"kind\":\"metrics\",\"source\":\"127.0.0.1:" + std::to_string(live.port())) != std::string::npos);
  CHECK(text.find("\"live\":true,\"values\":{") != std::string::npos);
  CHECK(text.find("\"grinder_up\":1") != std::string::npos);
  std::ifstream token_file(p.dir.file("var/admin.token"));
  std::string token;
  std::getline(token_file, token);
  REQUIRE_FALSE(token.empty());
  CHECK(text.find(token) == std::string::npos);
}
