#pragma once
// The budget ledger instances of one scope share in etcd, under
// <key_prefix>/<scope>/budget as the same JSON document the file ledger
// writes, so a new leader continues from what the old one spent.
//
// A reservation reads the document, checks the limits, and writes the new
// counters in one transaction that holds only if the document is unchanged
// since it was read (mod_revision) and the leader key still carries this
// instance's lease: two instances can never both spend the same budget, and
// a deposed leader cannot spend at all. Every etcd call runs on the account's
// own thread; the loop only ever reads the cached copy.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "grinder/budget/account.hpp"
#include "grinder/ha/etcd_client.hpp"
#include "grinder/ha/leader_elector.hpp"
#include "grinder/runtime/venue_worker.hpp"

namespace grinder::ha {

class EtcdBudgetAccount final : public budget::Account {
 public:
  // Runs a task on the caller's loop (reservation answers go through it).
  using PostToLoop = std::function<void(std::function<void()>)>;

  EtcdBudgetAccount(std::shared_ptr<const EtcdClient> client, const LeaderElector& elector, std::string key,
                    std::string run_id, PostToLoop post);
  ~EtcdBudgetAccount() override;

  gates::BudgetView view(std::int64_t now_ms) const override;
  std::string error() const override;
  budget::LedgerState state() const override;
  std::string location() const override { return "etcd key " + key_; }
  void reserve(double notional, const ladder::Limits& limits, std::int64_t now_ms, Done done) override;
  void refresh() override;

  // `grinder run --reset-budget-state`: writes a clean document (blocking,
  // bounded by the client's timeout); clears a corrupt one.
  bool reset(std::int64_t now_ms, std::string& why);
  // The last failed exchange with etcd, empty once one succeeds.
  std::string last_error() const;

 private:
  budget::Reservation reserve_now(double notional, const ladder::Limits& limits, std::int64_t now_ms);
  // Reads the document into the cache; false with the reservation's refusal
  // when it cannot be read or is corrupt.
  bool load(budget::Reservation& refusal);
  budget::LedgerState fresh(std::int64_t now_ms) const;

  const std::shared_ptr<const EtcdClient> client_;
  const LeaderElector& elector_;
  const std::string key_;
  const std::string run_id_;
  const PostToLoop post_;

  mutable std::mutex mu_;
  bool loaded_ = false;
  budget::LedgerState cached_;
  std::int64_t mod_revision_ = 0;  // 0: no document yet
  std::string corrupt_;            // set while the document cannot be parsed
  std::string last_error_;
  std::atomic<bool> refresh_queued_{false};
  // Declared last: its thread stops before the state it touches goes away.
  runtime::VenueWorker worker_;
};

}  // namespace grinder::ha
