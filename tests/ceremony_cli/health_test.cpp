// grinder health: the venue's public API reachable (OK, exit 0) or not
// (FAIL, exit 2); SKIP (exit 0) only for a venue that needs no network.
#include <catch2/catch.hpp>

#include "ceremony_fixture.hpp"

using namespace grinder::test;

TEST_CASE("health SKIPs the paper venue: a simulated venue needs no network", "[health]") {
  PaperDeployment p;
  auto r = p.grinder("health");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("public_api  SKIP  venue paper (paper): plugin paper is a simulated venue") != std::string::npos);
  CHECK(last_line(r.output) == "health_status=SKIP");
}

TEST_CASE("health is OK when a networked venue's plugin connects and answers", "[health]") {
  // The test fixture "minimal" is a plugin of kind "test": it answers every
  // reachability call, so health must ask it rather than skip.
  PaperDeployment p("", "", "minimal", GRINDER_TEST_FIXTURE_DIR);
  auto r = p.grinder("health");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("connect, health and server time answered in") != std::string::npos);
  CHECK(last_line(r.output) == "health_status=OK");

  auto j = p.grinder("health --json");
  auto d = json_of(j.output);
  REQUIRE(d.IsObject());
  CHECK(std::string(d["health_status"].GetString()) == "OK");
  CHECK(std::string(d["kind"].GetString()) == "test");
  CHECK(d["server_time_ms"].GetInt64() == 1700000000000);
  CHECK(d["latency_ms"].IsInt64());
}

TEST_CASE("health FAILs when the venue cannot be created, in one line", "[health]") {
  PaperDeployment p("", "", "create_fails", GRINDER_TEST_FIXTURE_DIR);
  auto r = p.grinder("health");
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("public_api  FAIL  venue paper: ") != std::string::npos);
  CHECK(r.output.find("api_key is required (second line)") != std::string::npos);
  CHECK(last_line(r.output) == "health_status=FAIL");
}

TEST_CASE("doctor FAILs the clock check of a venue whose clock is far from ours", "[doctor][health]") {
  // The fixture's server time is fixed in 2023.
  PaperDeployment p("", "", "minimal", GRINDER_TEST_FIXTURE_DIR);
  auto r = p.grinder("doctor");
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(check_line(r.output, "venue_reachable").rfind("PASS", 0) == 0);
  std::string skew = check_line(r.output, "clock_skew");
  CHECK(skew.rfind("FAIL venue clock -", 0) == 0);
  CHECK(skew.find("over 5000 ms") != std::string::npos);
  // A networked venue without credentials can only be read.
  CHECK(check_line(r.output, "credentials") == "WARN none configured for venue paper: it can only be read");
}
