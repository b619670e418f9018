// Leader election against a real etcd (Runbook 17 section 4): one leader per
// scope, a quick takeover when the leader resigns, a takeover within the TTL
// when it dies, and a leader that loses etcd steps down within the TTL.
#include <atomic>
#include <memory>

#include "etcd_server.hpp"
#include "grinder/ha/etcd_client.hpp"
#include "grinder/ha/leader_elector.hpp"

using namespace grinder;
using namespace grinder::test;

namespace {

constexpr int kTtlS = 2;
constexpr int kTtlMs = kTtlS * 1000;

config::HaConfig ha_config(const EtcdServer& etcd, const std::string& scope) {
  config::HaConfig ha;
  ha.enabled = true;
  ha.etcd = {etcd.endpoint()};
  ha.scope = scope;
  ha.key_prefix = "/grinder-test";
  ha.lease_ttl_s = kTtlS;
  return ha;
}

std::shared_ptr<ha::EtcdClient> client_for(const EtcdServer& etcd) {
  return std::make_shared<ha::EtcdClient>(std::vector<config::EtcdEndpoint>{etcd.endpoint()},
                                          std::chrono::milliseconds(500));
}

std::unique_ptr<ha::LeaderElector> elector(const EtcdServer& etcd, const std::string& scope, const std::string& name,
                                           std::atomic<int>* changes = nullptr) {
  auto e = std::make_unique<ha::LeaderElector>(ha_config(etcd, scope), client_for(etcd), name, "run-" + name,
                                               [changes](const ha::RoleChange&) {
                                                 if (changes) ++*changes;
                                               });
  e->start();
  return e;
}

}  // namespace

TEST_CASE("two instances of one scope: exactly one leads", "[ha][election]") {
  EtcdServer etcd;
  auto a = elector(etcd, "venue/main", "a");
  auto b = elector(etcd, "venue/main", "b");
  REQUIRE(eventually([&] { return a->is_leader() || b->is_leader(); }, 3000));
  // For a whole TTL and more, never both, never neither.
  for (int i = 0; i < 60; ++i) {
    CHECK(a->is_leader() != b->is_leader());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto& standby = a->is_leader() ? *b : *a;
  auto& leader = a->is_leader() ? *a : *b;
  CHECK(standby.status().role == ha::Role::Standby);
  CHECK(standby.status().holder == leader.identity());
  CHECK(standby.status().reason.find("led by instance=") != std::string::npos);
  CHECK_FALSE(standby.fencing_lease().has_value());
  CHECK(leader.fencing_lease().has_value());
  CHECK(leader.key() == "/grinder-test/venue/main/leader");
}

TEST_CASE("the leader resigns: the standby takes over at once", "[ha][election]") {
  EtcdServer etcd;
  auto a = elector(etcd, "venue/main", "a");
  REQUIRE(eventually([&] { return a->is_leader(); }, 3000));
  auto b = elector(etcd, "venue/main", "b");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE_FALSE(b->is_leader());
  auto resigned = std::chrono::steady_clock::now();
  a->stop();  // revokes the lease: the key goes with it
  CHECK_FALSE(a->is_leader());
  REQUIRE(eventually([&] { return b->is_leader(); }, kTtlMs));
  auto took_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - resigned).count();
  CHECK(took_ms < kTtlMs);  // one tick, not a whole TTL
}

TEST_CASE("a leader that dies without resigning is replaced within the TTL", "[ha][election]") {
  EtcdServer etcd;
  auto client = client_for(etcd);
  // A leader that took the key and then died: its lease is never renewed.
  std::string why;
  auto lease = client->grant(kTtlS, why);
  REQUIRE(lease);
  ha::Txn take;
  take.when.push_back({"/grinder-test/venue/main/leader", ha::Compare::Target::CreateRevision, "0"});
  take.then.push_back({"/grinder-test/venue/main/leader", "instance=dead run_id=x", lease->id});
  auto taken = client->txn(take, why);
  REQUIRE(taken);
  REQUIRE(taken->succeeded);
  auto started = std::chrono::steady_clock::now();
  auto b = elector(etcd, "venue/main", "b");
  REQUIRE(eventually([&] { return b->status().holder == "instance=dead run_id=x"; }, 1500));
  CHECK_FALSE(b->is_leader());
  REQUIRE(eventually([&] { return b->is_leader(); }, kTtlMs + 2000));
  auto took_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  CHECK(took_ms <= kTtlMs + 1000);  // the TTL plus at most one tick
}

TEST_CASE("etcd gone: the leader steps down within the TTL and stays standby", "[ha][election][fail_closed]") {
  EtcdServer etcd;
  std::atomic<int> changes{0};
  auto a = elector(etcd, "venue/main", "a", &changes);
  REQUIRE(eventually([&] { return a->is_leader(); }, 3000));
  REQUIRE(changes == 1);
  auto killed = std::chrono::steady_clock::now();
  etcd.kill();
  REQUIRE(eventually([&] { return !a->is_leader(); }, kTtlMs));
  auto took_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed).count();
  CHECK(took_ms <= kTtlMs);
  CHECK_FALSE(a->fencing_lease().has_value());
  // The thread notices too (it reports the change), and the reason names etcd.
  REQUIRE(eventually([&] { return changes == 2; }, 1000));
  auto st = a->status();
  CHECK(st.role == ha::Role::Standby);
  CHECK(st.last_error.find("etcd unreachable") != std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(kTtlMs));
  CHECK_FALSE(a->is_leader());
}

TEST_CASE("two scopes: one leader each", "[ha][election]") {
  EtcdServer etcd;
  auto a = elector(etcd, "binance-usdm/main", "a");
  auto b = elector(etcd, "binance-usdm/hedge", "b");
  CHECK(eventually([&] { return a->is_leader() && b->is_leader(); }, 3000));
  CHECK(a->key() != b->key());
}

TEST_CASE("the etcd client speaks the JSON gateway", "[ha][etcd]") {
  EtcdServer etcd;
  auto client = client_for(etcd);
  std::string why;
  auto missing = client->get("/grinder-test/none", why);
  REQUIRE(missing);
  CHECK_FALSE(missing->has_value());
  // Keys and values that need base64's padding and arbitrary bytes.
  std::string value("a\0b\xff\n", 5);
  ha::Txn put;
  put.then.push_back({"/grinder-test/k1", value, ""});
  auto put_result = client->txn(put, why);
  REQUIRE(put_result);
  auto got = client->get("/grinder-test/k1", why);
  REQUIRE(got);
  REQUIRE(got->has_value());
  CHECK((*got)->value == value);
  CHECK((*got)->mod_revision == put_result->revision);
  // A compare that fails reads what it was told to.
  ha::Txn stale;
  stale.when.push_back({"/grinder-test/k1", ha::Compare::Target::ModRevision, "1"});
  stale.then.push_back({"/grinder-test/k1", "overwritten", ""});
  stale.otherwise_read.push_back("/grinder-test/k1");
  auto r = client->txn(stale, why);
  REQUIRE(r);
  CHECK_FALSE(r->succeeded);
  REQUIRE(r->read.size() == 1);
  REQUIRE(r->read[0].has_value());
  CHECK(r->read[0]->value == value);
  // A revoked lease is gone: renewing it says so, revoking it again is fine.
  auto lease = client->grant(kTtlS, why);
  REQUIRE(lease);
  CHECK(client->keep_alive(lease->id, why).value_or(-1) > 0);
  CHECK(client->revoke(lease->id, why));
  CHECK(client->keep_alive(lease->id, why).value_or(-1) == 0);
  CHECK(client->revoke(lease->id, why));
  etcd.kill();
  CHECK_FALSE(client->get("/grinder-test/k1", why));
  CHECK(why.find("etcd unreachable") != std::string::npos);
}
