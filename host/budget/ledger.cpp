#include "grinder/budget/ledger.hpp"

#include <sys/stat.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

#include "grinder/util/number.hpp"

namespace grinder::budget {

Ledger::Ledger(std::string path, std::string run_id, std::int64_t now_ms)
    : path_(std::move(path)), run_id_(std::move(run_id)) {
  std::ifstream in(path_, std::ios::binary);
  if (!in) {
    state_.day = utc_day(now_ms);
    state_.run_id = run_id_;
    return;  // missing: start fresh
  }
  existed_ = true;
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string why;
  auto s = parse_ledger_json(ss.str(), why);
  if (!s) {
    error_ = "budget state " + path_ + " is corrupt (" + why +
             "); execution is blocked. Inspect it, then run `grinder budget reset` to start clean";
    state_.day = utc_day(now_ms);
    state_.run_id = run_id_;
    return;
  }
  state_ = adopted_by_run(*s, run_id_);
}

LedgerState Ledger::rolled(std::int64_t now_ms) const { return rolled_to_day(state_, now_ms); }

gates::BudgetView Ledger::view(std::int64_t now_ms) const { return view_of(rolled(now_ms), error_); }

bool Ledger::persist(const LedgerState& s, std::string& why) { return atomic_write(path_, ledger_json(s), why); }

bool Ledger::reserve(double notional, const ladder::Limits& l, std::int64_t now_ms, std::string& why) {
  if (!error_.empty()) {
    why = error_;
    return false;
  }
  LedgerState s = rolled(now_ms);
  if (const char* exceeded = exceeded_limit(s, notional, l)) {
    why = exceeded;
    return false;
  }
  s = with_call(s, notional, now_ms);
  if (!persist(s, why)) {
    why = "budget state not persisted, action not sent: " + why;
    return false;
  }
  state_ = s;
  return true;
}

bool Ledger::reset(std::int64_t now_ms, std::string& why) {
  LedgerState s;
  s.day = utc_day(now_ms);
  s.run_id = run_id_;
  s.updated_ms = now_ms;
  if (!persist(s, why)) return false;
  state_ = s;
  error_.clear();
  existed_ = true;
  return true;
}

std::optional<double> Ledger::age_hours(std::int64_t now_ms) const {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) return std::nullopt;
  double mtime_ms = static_cast<double>(st.st_mtim.tv_sec) * 1000.0 + static_cast<double>(st.st_mtim.tv_nsec) / 1e6;
  return (static_cast<double>(now_ms) - mtime_ms) / 3600000.0;
}

std::optional<std::int64_t> Ledger::calls_remaining_day(const ladder::Limits& l, std::int64_t now_ms) const {
  if (!l.max_calls_per_day) return std::nullopt;
  return std::max<std::int64_t>(0, *l.max_calls_per_day - rolled(now_ms).calls_day);
}

std::optional<double> Ledger::notional_remaining_day(const ladder::Limits& l, std::int64_t now_ms) const {
  if (!l.max_notional_per_day) return std::nullopt;
  return std::max(0.0, *l.max_notional_per_day - rolled(now_ms).notional_day);
}

std::string stale_warning(const Ledger& ledger, double threshold_hours, std::int64_t now_ms) {
  auto age = ledger.age_hours(now_ms);
  if (!age || *age <= threshold_hours) return {};
  struct stat st {};
  ::stat(ledger.path().c_str(), &st);
  std::time_t t = st.st_mtim.tv_sec;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
  char age_text[32];
  std::snprintf(age_text, sizeof age_text, "%.1f", *age);
  return "WARNING: Budget state is stale (" + std::string(age_text) + "h old, threshold=" +
         util::format_number(threshold_hours) + "h)\n         Last modified: " + when + "\n         Path: " +
         ledger.path() + "\n         Consider using --reset-budget-state for a clean start.";
}

}  // namespace grinder::budget
