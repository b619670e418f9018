#pragma once
// What the budget ledger counts and how: calls and notional used in this run
// and this UTC day, the JSON document they are kept as, and the arithmetic of
// a reservation. Shared by the file ledger (budget::Ledger) and the ledger HA
// keeps in etcd, so both count and refuse alike.
#include <cstdint>
#include <optional>
#include <string>

#include "grinder/gates/context.hpp"
#include "grinder/ladder/limits.hpp"

namespace grinder::budget {

struct LedgerState {
  std::string day;  // UTC "YYYY-MM-DD" the day counters belong to
  std::string run_id;
  std::int64_t calls_run = 0;
  std::int64_t calls_day = 0;
  double notional_run = 0;
  double notional_day = 0;
  std::int64_t updated_ms = 0;
};

std::string ledger_json(const LedgerState& s);
// Strict: every field present with its type, counters non-negative.
std::optional<LedgerState> parse_ledger_json(const std::string& text, std::string& why);
// Day counters restart on a new UTC day.
LedgerState rolled_to_day(LedgerState s, std::int64_t now_ms);
// Run counters restart for a new run id (the day counters carry over).
LedgerState adopted_by_run(LedgerState s, const std::string& run_id);
// The first limit one more call of `notional` would pass ("budget_calls_run",
// ...), or nullptr when it fits.
const char* exceeded_limit(const LedgerState& s, double notional, const ladder::Limits& l);
// s with one more call of `notional` counted.
LedgerState with_call(LedgerState s, double notional, std::int64_t now_ms);
gates::BudgetView view_of(const LedgerState& s, const std::string& error);

// "YYYY-MM-DD" of a UTC epoch-ms time.
std::string utc_day(std::int64_t epoch_ms);

}  // namespace grinder::budget
