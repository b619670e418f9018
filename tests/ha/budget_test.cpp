// The budget ledger shared in etcd: a new leader continues from what the old
// one spent, only the leader spends, limits hold across a failover, and a
// corrupt document blocks execution instead of starting over.
#include <future>
#include <memory>

#include "etcd_server.hpp"
#include "grinder/ha/etcd_budget_account.hpp"
#include "grinder/ha/etcd_client.hpp"
#include "grinder/ha/leader_elector.hpp"

using namespace grinder;
using namespace grinder::test;

namespace {

constexpr std::int64_t kNoon = 1767268800000;  // 2026-01-01 12:00 UTC

struct Member {
  std::shared_ptr<ha::EtcdClient> client;
  std::unique_ptr<ha::LeaderElector> elector;
  std::unique_ptr<ha::EtcdBudgetAccount> account;
};

config::HaConfig ha_config(const EtcdServer& etcd) {
  config::HaConfig ha;
  ha.enabled = true;
  ha.etcd = {etcd.endpoint()};
  ha.scope = "venue/main";
  ha.key_prefix = "/grinder-test";
  ha.lease_ttl_s = 2;
  return ha;
}

// One instance of the scope: an elector and the account it fences.
Member member(const EtcdServer& etcd, const std::string& name) {
  Member m;
  m.client = std::make_shared<ha::EtcdClient>(std::vector<config::EtcdEndpoint>{etcd.endpoint()},
                                              std::chrono::milliseconds(500));
  m.elector =
      std::make_unique<ha::LeaderElector>(ha_config(etcd), m.client, name, "run-" + name, [](const ha::RoleChange&) {});
  m.account = std::make_unique<ha::EtcdBudgetAccount>(m.client, *m.elector, ha::budget_key(ha_config(etcd)),
                                                      "run-" + name, [](std::function<void()> f) { f(); });
  m.elector->start();
  return m;
}

budget::Reservation reserve(ha::EtcdBudgetAccount& account, double notional, const ladder::Limits& limits,
                            std::int64_t now = kNoon) {
  std::promise<budget::Reservation> answer;
  auto got = answer.get_future();
  account.reserve(notional, limits, now, [&answer](budget::Reservation r) { answer.set_value(r); });
  REQUIRE(got.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  return got.get();
}

ladder::Limits limits(std::int64_t calls_per_day) {
  ladder::Limits l;
  l.max_calls_per_run = 10;
  l.max_calls_per_day = calls_per_day;
  l.max_notional_per_run = 1000;
  l.max_notional_per_day = 1000;
  return l;
}

}  // namespace

TEST_CASE("a new leader continues from the budget the old one spent", "[ha][budget]") {
  EtcdServer etcd;
  Member a = member(etcd, "a");
  REQUIRE(eventually([&] { return a.elector->is_leader(); }, 3000));
  Member b = member(etcd, "b");
  REQUIRE(reserve(*a.account, 100, limits(3)).ok);
  REQUIRE(reserve(*a.account, 50, limits(3)).ok);
  // The standby sees what the leader spent once it reads the shared state...
  b.account->refresh();
  REQUIRE(eventually([&] { return b.account->view(kNoon).calls_day == 2; }, 2000));
  CHECK(b.account->view(kNoon).notional_day == 150);
  CHECK(b.account->view(kNoon).calls_run == 0);  // run counters are per run, as on a single host
  // ...but cannot spend it.
  auto refused = reserve(*b.account, 10, limits(3));
  CHECK_FALSE(refused.ok);
  CHECK(refused.reason == "not_leader");

  a.account.reset();
  a.elector->stop();  // failover
  REQUIRE(eventually([&] { return b.elector->is_leader(); }, 3000));
  REQUIRE(reserve(*b.account, 10, limits(3)).ok);  // the third call of the day
  auto over = reserve(*b.account, 10, limits(3));
  CHECK_FALSE(over.ok);
  CHECK(over.reason == "budget_calls_day");
  CHECK(b.account->view(kNoon).calls_day == 3);
  CHECK(b.account->view(kNoon).notional_day == 160);
  CHECK(b.account->view(kNoon).calls_run == 1);
}

TEST_CASE("a leader whose key was taken over cannot spend", "[ha][budget][fail_closed]") {
  EtcdServer etcd;
  Member a = member(etcd, "a");
  REQUIRE(eventually([&] { return a.elector->is_leader(); }, 3000));
  // Someone else's lease on the leader key (as after a partition): the
  // reservation's fence fails in etcd even if `a` still believes it leads.
  std::string why;
  auto other = a.client->grant(30, why);
  REQUIRE(other);
  ha::Txn steal;
  steal.then.push_back({a.elector->key(), "instance=other run_id=y", other->id});
  REQUIRE(a.client->txn(steal, why));
  auto r = reserve(*a.account, 10, limits(3));
  CHECK_FALSE(r.ok);
  CHECK(r.reason == "not_leader");
  auto got = a.client->get(ha::budget_key(ha_config(etcd)), why);
  REQUIRE(got);
  CHECK_FALSE(got->has_value());  // nothing was counted
  REQUIRE(eventually([&] { return !a.elector->is_leader(); }, 2000));
}

TEST_CASE("a corrupt shared budget blocks execution until reset", "[ha][budget]") {
  EtcdServer etcd;
  Member a = member(etcd, "a");
  REQUIRE(eventually([&] { return a.elector->is_leader(); }, 3000));
  std::string why;
  ha::Txn corrupt;
  corrupt.then.push_back({ha::budget_key(ha_config(etcd)), "{not json", ""});
  REQUIRE(a.client->txn(corrupt, why));
  auto r = reserve(*a.account, 10, limits(3));
  CHECK_FALSE(r.ok);
  CHECK(r.reason == "budget_state_error");
  CHECK(r.detail.find("is corrupt") != std::string::npos);
  CHECK(a.account->view(kNoon).error.find("grinder run --reset-budget-state") != std::string::npos);
  auto still = a.client->get(ha::budget_key(ha_config(etcd)), why);
  REQUIRE(still);
  CHECK((*still)->value == "{not json");  // never silently replaced
  REQUIRE(a.account->reset(kNoon, why));
  CHECK(a.account->error().empty());
  CHECK(reserve(*a.account, 10, limits(3)).ok);
}

TEST_CASE("the shared budget is unreadable before etcd answers, and says so", "[ha][budget][fail_closed]") {
  EtcdServer etcd;
  Member a = member(etcd, "a");
  CHECK(a.account->error().find("not read from etcd yet") != std::string::npos);
  a.account->refresh();
  REQUIRE(eventually([&] { return a.account->error().empty(); }, 2000));
  CHECK(a.account->view(kNoon).calls_day == 0);
  REQUIRE(eventually([&] { return a.elector->is_leader(); }, 3000));
  etcd.kill();
  auto r = reserve(*a.account, 10, limits(3));
  CHECK_FALSE(r.ok);
  CHECK((r.reason == "budget_state_error" || r.reason == "not_leader"));
}

TEST_CASE("budget show reads the shared ledger under HA; budget reset leaves it to the leader", "[ha][budget][cli]") {
  EtcdServer etcd;
  config::HaConfig ha = ha_config(etcd);
  ha.key_prefix = "/grinder";  // as examples/ha says
  ha.scope = "budget-cli/main";
  auto client = std::make_shared<ha::EtcdClient>(ha.etcd, std::chrono::milliseconds(500));
  ha::LeaderElector elector(ha, client, "a", "run-a", [](const ha::RoleChange&) {});
  ha::EtcdBudgetAccount account(client, elector, ha::budget_key(ha), "run-a", [](std::function<void()> f) { f(); });
  elector.start();
  REQUIRE(eventually([&] { return elector.is_leader(); }, 3000));
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  REQUIRE(reserve(account, 120, limits(5), now).ok);

  TempDir state;
  const std::string env = "REMEDIATION_MODE=plan_only ETCD_ENDPOINTS=" + etcd.url() + " HA_SCOPE=" + ha.scope +
                          " GRINDER_STATE_DIR=" + state.path() + " BUDGET_STATE_PATH=" + state.file("budget.json") + " ";
  auto shown = run_command(env + grinder_bin() + " budget show --json -c " + source_dir() + "/examples/ha");
  INFO(shown.output);
  CHECK(shown.exit_code == 0);
  CHECK(shown.output.find("\"path\":\"etcd key /grinder/budget-cli/main/budget\",\"shared\":true,\"exists\":true") !=
        std::string::npos);
  CHECK(shown.output.find("\"calls_day\":1,\"notional_day\":120") != std::string::npos);

  auto reset = run_command(env + grinder_bin() + " budget reset -c " + source_dir() + "/examples/ha");
  INFO(reset.output);
  CHECK(reset.exit_code == 2);
  CHECK(reset.output.find("only the leader writes it") != std::string::npos);
  account.refresh();
  REQUIRE(eventually([&] { return account.view(now).calls_day == 1; }, 2000));  // untouched

  // doctor and explain read the same shared ledger.
  auto doctor = run_command(env + grinder_bin() + " doctor -c " + source_dir() + "/examples/ha");
  INFO(doctor.output);
  CHECK(doctor.output.find("etcd key /grinder/budget-cli/main/budget (shared by scope budget-cli/main) is fresh") !=
        std::string::npos);

  etcd.kill();
  auto down = run_command(env + grinder_bin() + " budget show -c " + source_dir() + "/examples/ha");
  CHECK(down.exit_code == 2);
  CHECK(down.output.find("ERROR") != std::string::npos);
}
