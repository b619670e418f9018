#include <catch2/catch.hpp>

#include <fstream>

#include "grinder/audit/audit_log.hpp"
#include "test_env.hpp"

using namespace grinder;

TEST_CASE("audit events are JSON lines, appended and readable", "[audit]") {
  test::TempDir t;
  {
    audit::AuditLog log(t.file("audit/reconcile.jsonl"), true);
    CHECK(log.append(audit::Event("RECONCILE_RUN", 1000).field("mismatches", 2).field("ok", true)));
    CHECK(log.append(audit::Event("REMEDIATE_BLOCKED", 1001).field("reason", "dry_run").raw("gates", "[1,2]")));
    CHECK(log.written() == 2);
  }
  auto r = audit::read_events(t.file("audit/reconcile.jsonl"));
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0] == "{\"ts_ms\":1000,\"event\":\"RECONCILE_RUN\",\"mismatches\":2,\"ok\":true}");
  CHECK_FALSE(r.torn_tail);
}

TEST_CASE("a torn last line after a crash is skipped, not fatal", "[audit]") {
  test::TempDir t;
  auto p = t.write("a.jsonl", "{\"ts_ms\":1,\"event\":\"RECONCILE_RUN\"}\n{\"ts_ms\":2,\"event\":\"REMEDIATE_EXEC");
  auto r = audit::read_events(p);
  CHECK(r.events.size() == 1);
  CHECK(r.torn_tail);
  // Appending after a torn tail still yields readable events afterwards.
  audit::AuditLog log(p, true);
  std::ofstream(p, std::ios::app) << "\n";
  CHECK(log.append(audit::Event("RECONCILE_RUN", 3)));
  auto again = audit::read_events(p);
  CHECK(again.events.size() == 2);
  CHECK(again.skipped == 1);
}

TEST_CASE("an audit that cannot be written says so and never pretends", "[audit]") {
  audit::AuditLog log("/proc/grinder-no-such/audit.jsonl", true);
  CHECK_FALSE(log.append(audit::Event("RECONCILE_RUN", 1)));
  CHECK(log.error().find("cannot open audit log") != std::string::npos);
  audit::AuditLog full("/dev/full", true);
  CHECK_FALSE(full.append(audit::Event("RECONCILE_RUN", 1)));
  CHECK(full.error().find("cannot append") != std::string::npos);
}

TEST_CASE("a disabled audit accepts and discards", "[audit]") {
  test::TempDir t;
  audit::AuditLog log(t.file("x.jsonl"), false);
  CHECK(log.append(audit::Event("RECONCILE_RUN", 1)));
  CHECK_FALSE(std::filesystem::exists(t.file("x.jsonl")));
}
