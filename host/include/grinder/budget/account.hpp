#pragma once
// The budget a running instance spends from. On a single host it is the file
// ledger (FileAccount); under HA it is the ledger the instances of a scope
// share in etcd (ha::EtcdBudgetAccount), so a failover continues from what the
// old leader spent. The gates read view(); an allowed action is sent only
// after reserve() has counted it where the next reader will see it.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "grinder/budget/ledger.hpp"
#include "grinder/budget/ledger_state.hpp"

namespace grinder::budget {

// A reservation's answer. Refused: `reason` is what the decision records
// (budget_calls_day, budget_state_error, not_leader, ...), `detail` says why.
struct Reservation {
  bool ok = false;
  std::string reason;
  std::string detail;

  static Reservation granted() { return {true, {}, {}}; }
  static Reservation refused(std::string reason, std::string detail) {
    return {false, std::move(reason), std::move(detail)};
  }
};

class Account {
 public:
  using Done = std::function<void(Reservation)>;
  virtual ~Account() = default;

  // Counters as the gates see them, rolled to now's UTC day; `error` set when
  // the state is unusable and execution must stop.
  virtual gates::BudgetView view(std::int64_t now_ms) const = 0;
  virtual std::string error() const = 0;
  virtual LedgerState state() const = 0;
  // The file path or etcd key, for messages.
  virtual std::string location() const = 0;
  // Checks the limits once more and counts one call of `notional` durably
  // before granting. `done` runs once on the caller's loop: before reserve()
  // returns (file), or posted later (etcd; never if the account is destroyed
  // first, at shutdown).
  virtual void reserve(double notional, const ladder::Limits& limits, std::int64_t now_ms, Done done) = 0;
  // Reads the shared state again when it lives elsewhere (etcd); a file
  // ledger is always current.
  virtual void refresh() {}
};

// Remaining day budget under limits (nullopt: unlimited).
std::optional<std::int64_t> calls_remaining_day(const gates::BudgetView& v, const ladder::Limits& l);
std::optional<double> notional_remaining_day(const gates::BudgetView& v, const ladder::Limits& l);

// The single-host account: the file ledger at BUDGET_STATE_PATH.
class FileAccount final : public Account {
 public:
  explicit FileAccount(std::unique_ptr<Ledger> ledger) : ledger_(std::move(ledger)) {}

  gates::BudgetView view(std::int64_t now_ms) const override { return ledger_->view(now_ms); }
  std::string error() const override { return ledger_->error(); }
  LedgerState state() const override { return ledger_->state(); }
  std::string location() const override { return ledger_->path(); }
  void reserve(double notional, const ladder::Limits& limits, std::int64_t now_ms, Done done) override;

  Ledger& ledger() { return *ledger_; }

 private:
  std::unique_ptr<Ledger> ledger_;
};

}  // namespace grinder::budget
