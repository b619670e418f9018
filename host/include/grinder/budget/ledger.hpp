#pragma once
// The budget ledger: calls and notional used in this run and this UTC day,
// persisted to BUDGET_STATE_PATH as JSON by atomic replace (write a temp file,
// fsync, rename, fsync the folder). A unit is reserved before the action is
// sent, so a crash between reserve and send can only over-count, never
// under-count. A missing file starts fresh; a corrupt one is an error that
// blocks execution: it is never silently reset.
#include <cstdint>
#include <optional>
#include <string>

#include "grinder/budget/ledger_state.hpp"
#include "grinder/gates/context.hpp"
#include "grinder/ladder/limits.hpp"

namespace grinder::budget {

class Ledger {
 public:
  // Opens the ledger at path for a run. A new run id resets the run counters
  // (the day counters carry over within the UTC day). A corrupt file leaves the
  // ledger in error (error() non-empty) and every reserve() fails.
  Ledger(std::string path, std::string run_id, std::int64_t now_ms);

  const std::string& path() const { return path_; }
  const std::string& error() const { return error_; }
  bool existed() const { return existed_; }

  // Counters as the gates see them, rolled to now's UTC day.
  gates::BudgetView view(std::int64_t now_ms) const;
  LedgerState state() const { return state_; }

  // Checks the limits once more and, if they hold, persists the new counters
  // before returning true. On false, `why` says which limit or what failed.
  bool reserve(double notional, const ladder::Limits& limits, std::int64_t now_ms, std::string& why);

  // Starts clean (day and run counters zero) and persists; clears an error.
  bool reset(std::int64_t now_ms, std::string& why);

  // Hours since the file was last written, when it exists.
  std::optional<double> age_hours(std::int64_t now_ms) const;

  // Remaining day budget under limits (nullopt: unlimited).
  std::optional<std::int64_t> calls_remaining_day(const ladder::Limits& l, std::int64_t now_ms) const;
  std::optional<double> notional_remaining_day(const ladder::Limits& l, std::int64_t now_ms) const;

 private:
  bool persist(const LedgerState& s, std::string& why);
  LedgerState rolled(std::int64_t now_ms) const;

  std::string path_;
  std::string run_id_;
  LedgerState state_;
  std::string error_;
  bool existed_ = false;
};

// Writes text to path atomically (temp in the same folder, fsync, rename,
// fsync folder). Returns false with why on failure.
bool atomic_write(const std::string& path, const std::string& text, std::string& why);

// The Runbook 13 staleness warning, or empty when fresh/missing.
std::string stale_warning(const Ledger& ledger, double threshold_hours, std::int64_t now_ms);

}  // namespace grinder::budget
