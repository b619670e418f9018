#include "grinder/budget/account.hpp"

#include <algorithm>

namespace grinder::budget {

std::optional<std::int64_t> calls_remaining_day(const gates::BudgetView& v, const ladder::Limits& l) {
  if (!l.max_calls_per_day) return std::nullopt;
  return std::max<std::int64_t>(0, *l.max_calls_per_day - v.calls_day);
}

std::optional<double> notional_remaining_day(const gates::BudgetView& v, const ladder::Limits& l) {
  if (!l.max_notional_per_day) return std::nullopt;
  return std::max(0.0, *l.max_notional_per_day - v.notional_day);
}

void FileAccount::reserve(double notional, const ladder::Limits& limits, std::int64_t now_ms, Done done) {
  std::string why;
  if (ledger_->reserve(notional, limits, now_ms, why)) return done(Reservation::granted());
  // An exceeded limit comes back as its own code; anything else is a ledger
  // that could not count the call.
  bool limit = why.rfind("budget_", 0) == 0 && why.find(' ') == std::string::npos;
  done(Reservation::refused(limit ? why : "budget_state_error", why));
}

}  // namespace grinder::budget
