#include "grinder/ha/etcd_budget_account.hpp"

namespace grinder::ha {

namespace {
// A reservation that keeps meeting a document changed since it was read
// gives up rather than loop: only the leader writes, so this means something
// else is writing the key.
constexpr int kAttempts = 3;
}  // namespace

EtcdBudgetAccount::EtcdBudgetAccount(std::shared_ptr<const EtcdClient> client, const LeaderElector& elector,
                                     std::string key, std::string run_id, PostToLoop post)
    : client_(std::move(client)),
      elector_(elector),
      key_(std::move(key)),
      run_id_(std::move(run_id)),
      post_(std::move(post)) {}

EtcdBudgetAccount::~EtcdBudgetAccount() { worker_.stop(); }

budget::LedgerState EtcdBudgetAccount::fresh(std::int64_t now_ms) const {
  budget::LedgerState s;
  s.day = budget::utc_day(now_ms);
  s.run_id = run_id_;
  return s;
}

gates::BudgetView EtcdBudgetAccount::view(std::int64_t now_ms) const {
  std::string err = error();
  std::lock_guard<std::mutex> lock(mu_);
  budget::LedgerState s = budget::rolled_to_day(budget::adopted_by_run(cached_, run_id_), now_ms);
  return budget::view_of(s, err);
}

std::string EtcdBudgetAccount::error() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (!corrupt_.empty()) return corrupt_;
  if (!loaded_)
    return "budget state not read from etcd yet (" + key_ + ")" + (last_error_.empty() ? "" : ": " + last_error_);
  return {};
}

budget::LedgerState EtcdBudgetAccount::state() const {
  std::lock_guard<std::mutex> lock(mu_);
  return budget::adopted_by_run(cached_, run_id_);
}

std::string EtcdBudgetAccount::last_error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_error_;
}

void EtcdBudgetAccount::refresh() {
  if (refresh_queued_.exchange(true)) return;  // one read in the queue is enough
  worker_.post([this] {
    refresh_queued_ = false;
    budget::Reservation ignored;
    load(ignored);
  });
}

void EtcdBudgetAccount::reserve(double notional, const ladder::Limits& limits, std::int64_t now_ms, Done done) {
  worker_.post([this, notional, limits, now_ms, done = std::move(done)] {
    budget::Reservation r = reserve_now(notional, limits, now_ms);
    post_([done, r] { done(r); });
  });
}

bool EtcdBudgetAccount::load(budget::Reservation& refusal) {
  std::string why;
  auto got = client_->get(key_, why);
  std::lock_guard<std::mutex> lock(mu_);
  if (!got) {
    last_error_ = why;
    refusal =
        budget::Reservation::refused("budget_state_error", "budget state in etcd unreachable, action not sent: " + why);
    return false;
  }
  last_error_.clear();
  loaded_ = true;
  if (!*got) {                        // no document yet: nothing spent in this scope
    cached_ = budget::LedgerState{};  // rolled to today and adopted by this run when read
    mod_revision_ = 0;
    corrupt_.clear();
    return true;
  }
  auto parsed = budget::parse_ledger_json((*got)->value, why);
  mod_revision_ = (*got)->mod_revision;
  if (!parsed) {
    // Never reset silently: the operator decides (Runbook 13).
    corrupt_ = "budget state in etcd key " + key_ + " is corrupt (" + why +
               "); execution is blocked. Inspect it with `etcdctl get " + key_ +
               "`, then start one instance with `grinder run --reset-budget-state`";
    refusal = budget::Reservation::refused("budget_state_error", corrupt_);
    return false;
  }
  corrupt_.clear();
  cached_ = *parsed;
  return true;
}

budget::Reservation EtcdBudgetAccount::reserve_now(double notional, const ladder::Limits& limits, std::int64_t now_ms) {
  budget::Reservation refusal;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    auto lease = elector_.fencing_lease();
    if (!lease)
      return budget::Reservation::refused("not_leader",
                                          "leadership was lost before the budget was reserved; action not sent");
    if (!load(refusal)) return refusal;
    budget::LedgerState s;
    std::int64_t revision = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      s = budget::rolled_to_day(budget::adopted_by_run(cached_, run_id_), now_ms);
      revision = mod_revision_;
    }
    if (const char* exceeded = budget::exceeded_limit(s, notional, limits))
      return budget::Reservation::refused(exceeded, exceeded);
    budget::LedgerState next = budget::with_call(s, notional, now_ms);
    Txn t;
    t.when.push_back({elector_.key(), Compare::Target::Lease, *lease});
    t.when.push_back({key_, Compare::Target::ModRevision, std::to_string(revision)});
    t.then.push_back({key_, budget::ledger_json(next), ""});
    t.otherwise_read.push_back(elector_.key());
    std::string why;
    auto r = client_->txn(t, why);
    if (!r) {
      // The write may or may not have landed: the next read tells. Counting
      // it twice is possible, spending it uncounted is not.
      std::lock_guard<std::mutex> lock(mu_);
      last_error_ = why;
      return budget::Reservation::refused("budget_state_error",
                                          "budget state not written to etcd, action not sent: " + why);
    }
    if (r->succeeded) {
      std::lock_guard<std::mutex> lock(mu_);
      cached_ = next;
      mod_revision_ = r->revision;
      return budget::Reservation::granted();
    }
    const auto& holder = r->read.empty() ? std::nullopt : r->read.front();
    if (!holder || holder->lease != *lease)
      return budget::Reservation::refused("not_leader",
                                          "the leader key no longer carries this instance's lease; action not sent");
    // The document changed since it was read: read it again.
  }
  return budget::Reservation::refused(
      "budget_state_error", "budget state in etcd kept changing while being reserved (" + key_ + "); action not sent");
}

bool EtcdBudgetAccount::reset(std::int64_t now_ms, std::string& why) {
  budget::LedgerState s = fresh(now_ms);
  s.updated_ms = now_ms;
  Txn t;
  t.then.push_back({key_, budget::ledger_json(s), ""});
  auto r = client_->txn(t, why);
  if (!r) return false;
  std::lock_guard<std::mutex> lock(mu_);
  cached_ = s;
  mod_revision_ = r->revision;
  loaded_ = true;
  corrupt_.clear();
  last_error_.clear();
  return true;
}

}  // namespace grinder::ha
