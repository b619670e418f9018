// Two grinder instances of one scope, in-process on the paper venue, with a
// real etcd: the leader is ready and executes, the standby answers 503 and
// every action it plans is blocked with not_leader; when the leader stops,
// the standby takes over and spends from the budget the leader left.
#include "../runtime/instance.hpp"
#include "etcd_server.hpp"
#include "grinder/audit/audit_log.hpp"

using namespace grinder::test;

namespace {

const std::string kExecuted = "grinder_reconcile_action_executed_total{action=\"cancel_all\"}";
const std::string kNotLeader = "grinder_reconcile_action_blocked_total{reason=\"not_leader\"}";
const std::string kRemainingDay = "grinder_reconcile_budget_calls_remaining_day";

// The ACTIVE stage (promoted, armed) of examples/ha against this etcd.
Env ha_env(const EtcdServer& etcd, const std::string& instance) {
  return Env{{"REMEDIATION_MODE", "execute_cancel_all"},
             {"ALLOW_MAINNET_TRADE", "1"},
             {"ETCD_ENDPOINTS", etcd.url()},
             {"HA_SCOPE", "paper/main"},
             {"HA_LEASE_TTL_S", "2"},
             {"HA_INSTANCE", instance}};
}

std::unique_ptr<Instance> start(const EtcdServer& etcd, const std::string& instance) {
  return std::make_unique<Instance>(ha_env(etcd, instance), source_dir() + "/examples/ha",
                                    grinder::runtime::RunOptions{}, "ACTIVE");
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("HA: the leader is ready and executes, the standby answers 503 and is blocked", "[ha][runtime]") {
  EtcdServer etcd;
  auto a = start(etcd, "a");
  REQUIRE(a->wait_metric("grinder_ha_is_leader", 1));
  // Until its first election answer an instance is a standby: what it judged
  // then was blocked; nothing is once it leads.
  double blocked_before_leading = a->metric(kNotLeader);
  auto b = start(etcd, "b");
  REQUIRE(b->wait_metric(kNotLeader, 1));
  REQUIRE(a->wait_metric(kExecuted, 1));

  CHECK(a->status("/readyz") == 200);
  CHECK(has(a->body("/readyz"), "\"role\":\"leader\""));
  CHECK(b->status("/readyz") == 503);
  auto standby = b->body("/readyz");
  CHECK(has(standby, "\"role\":\"standby\""));
  CHECK(has(standby, "\"scope\":\"paper/main\""));
  CHECK(has(standby, "led by instance=a"));

  CHECK(a->metric("grinder_ha_is_leader") == 1);
  CHECK(b->metric("grinder_ha_is_leader") == 0);
  CHECK(a->metric("grinder_ha_role{role=\"leader\"}") == 1);
  CHECK(b->metric("grinder_ha_role{role=\"standby\"}") == 1);
  CHECK(b->metric("grinder_ha_enabled") == 1);
  CHECK(b->metric(kExecuted) == 0);
  CHECK(a->metric(kNotLeader) == blocked_before_leading);
  CHECK(has(b->body("/status"), "\"leader\":false"));
  CHECK(has(a->body("/status"), "\"leader\":true"));
}

TEST_CASE("HA failover: the standby takes over and continues the leader's budget", "[ha][runtime][budget]") {
  EtcdServer etcd;
  auto a = start(etcd, "a");
  REQUIRE(a->wait_metric("grinder_ha_is_leader", 1));
  auto b = start(etcd, "b");
  REQUIRE(a->wait_metric(kExecuted, 1));  // the left-over order: one call of the day's 20
  REQUIRE(eventually([&] { return a->metric(kRemainingDay) == 19; }, 3000));
  REQUIRE(b->wait_metric(kNotLeader, 1));

  auto stopped = std::chrono::steady_clock::now();
  a->stop();  // graceful: the lease is revoked
  REQUIRE(b->wait_metric("grinder_ha_is_leader", 1, 3000));
  auto took_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - stopped).count();
  CHECK(took_ms < 2000 + 1000);
  CHECK(b->status("/readyz") == 200);
  // Its own paper venue has the same left-over order: the second call of the
  // day, counted on top of the first, not from zero.
  REQUIRE(b->wait_metric(kExecuted, 1));
  CHECK(eventually([&] { return b->metric(kRemainingDay) == 18; }, 3000));
  CHECK(has(a->log(), "ha: resigned leadership of paper/main"));
  CHECK(has(b->log(), "ha: now leader of paper/main"));
  b->stop();
  auto events = grinder::audit::read_events(b->dir().file("audit/reconcile.jsonl"));
  bool audited = false;
  for (const auto& e : events.events)
    audited = audited || (has(e, "\"event\":\"HA_ROLE_CHANGED\"") && has(e, "\"role\":\"leader\""));
  CHECK(audited);
}

TEST_CASE("HA: etcd down, the leader becomes a standby within the TTL", "[ha][runtime][fail_closed]") {
  EtcdServer etcd;
  auto a = start(etcd, "a");
  REQUIRE(a->wait_metric("grinder_ha_is_leader", 1));
  etcd.kill();
  CHECK(eventually([&] { return a->metric("grinder_ha_is_leader") == 0; }, 2000));
  CHECK(a->status("/readyz") == 503);
  auto body = a->body("/readyz");
  CHECK(has(body, "\"role\":\"standby\""));
  CHECK(has(body, "etcd unreachable"));
  CHECK(a->status("/healthz") == 200);  // alive, just not allowed to trade
}

TEST_CASE("without ha the instance runs alone and is always the leader", "[ha][runtime]") {
  Instance g(Env{{"REMEDIATION_MODE", "plan_only"}, {"HA_ENABLED", "0"}}, source_dir() + "/examples/ha");
  REQUIRE(g.wait_metric("grinder_reconcile_runs_total", 1));
  CHECK(g.metric("grinder_ha_is_leader") == 1);
  CHECK(g.metric("grinder_ha_enabled") == 0);
  CHECK(has(g.body("/readyz"), "\"role\":\"leader\""));
  CHECK(g.metric(kNotLeader) == 0);
}
