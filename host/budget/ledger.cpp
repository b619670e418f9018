#include "grinder/budget/ledger.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/stat.h>

#include <cmath>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

#include "grinder/util/number.hpp"

namespace grinder::budget {

std::string utc_day(std::int64_t epoch_ms) {
  std::time_t t = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

namespace {

std::string to_json(const LedgerState& s) {
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  w.StartObject();
  w.Key("version");
  w.Int(1);
  w.Key("day");
  w.String(s.day.c_str());
  w.Key("run_id");
  w.String(s.run_id.c_str());
  w.Key("calls_run");
  w.Int64(s.calls_run);
  w.Key("calls_day");
  w.Int64(s.calls_day);
  w.Key("notional_run");
  w.Double(s.notional_run);
  w.Key("notional_day");
  w.Double(s.notional_day);
  w.Key("updated_ms");
  w.Int64(s.updated_ms);
  w.EndObject();
  return std::string(sb.GetString()) + "\n";
}

// Strict: every field present with its type, counters non-negative.
std::optional<LedgerState> parse(const std::string& text, std::string& why) {
  rapidjson::Document d;
  d.Parse(text.c_str());
  if (d.HasParseError() || !d.IsObject()) {
    why = "not a JSON object";
    return std::nullopt;
  }
  auto need = [&](const char* k) {
    if (!d.HasMember(k)) why = std::string("missing field '") + k + "'";
    return d.HasMember(k);
  };
  if (!need("version") || !d["version"].IsInt() || d["version"].GetInt() != 1) {
    if (why.empty()) why = "unsupported version";
    return std::nullopt;
  }
  LedgerState s;
  if (!need("day") || !d["day"].IsString() || !need("run_id") || !d["run_id"].IsString() || !need("calls_run") ||
      !d["calls_run"].IsInt64() || !need("calls_day") || !d["calls_day"].IsInt64() || !need("notional_run") ||
      !d["notional_run"].IsNumber() || !need("notional_day") || !d["notional_day"].IsNumber() ||
      !need("updated_ms") || !d["updated_ms"].IsInt64()) {
    if (why.empty()) why = "a field has the wrong type";
    return std::nullopt;
  }
  s.day = d["day"].GetString();
  s.run_id = d["run_id"].GetString();
  s.calls_run = d["calls_run"].GetInt64();
  s.calls_day = d["calls_day"].GetInt64();
  s.notional_run = d["notional_run"].GetDouble();
  s.notional_day = d["notional_day"].GetDouble();
  s.updated_ms = d["updated_ms"].GetInt64();
  if (s.calls_run < 0 || s.calls_day < 0 || s.notional_run < 0 || s.notional_day < 0 ||
      !std::isfinite(s.notional_run) || !std::isfinite(s.notional_day)) {
    why = "negative or non-finite counters";
    return std::nullopt;
  }
  return s;
}

}  // namespace

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
  auto s = parse(ss.str(), why);
  if (!s) {
    error_ = "budget state " + path_ + " is corrupt (" + why +
             "); execution is blocked. Inspect it, then run `grinder budget reset` to start clean";
    state_.day = utc_day(now_ms);
    state_.run_id = run_id_;
    return;
  }
  state_ = *s;
  if (state_.run_id != run_id_) {
    state_.run_id = run_id_;
    state_.calls_run = 0;
    state_.notional_run = 0;
  }
}

LedgerState Ledger::rolled(std::int64_t now_ms) const {
  LedgerState s = state_;
  std::string today = utc_day(now_ms);
  if (s.day != today) {
    s.day = today;
    s.calls_day = 0;
    s.notional_day = 0;
  }
  return s;
}

gates::BudgetView Ledger::view(std::int64_t now_ms) const {
  LedgerState s = rolled(now_ms);
  gates::BudgetView v;
  v.calls_run = s.calls_run;
  v.calls_day = s.calls_day;
  v.notional_run = s.notional_run;
  v.notional_day = s.notional_day;
  v.error = error_;
  return v;
}

bool Ledger::persist(const LedgerState& s, std::string& why) { return atomic_write(path_, to_json(s), why); }

bool Ledger::reserve(double notional, const ladder::Limits& l, std::int64_t now_ms, std::string& why) {
  if (!error_.empty()) {
    why = error_;
    return false;
  }
  LedgerState s = rolled(now_ms);
  const char* exceeded = nullptr;
  if (l.max_calls_per_run && s.calls_run + 1 > *l.max_calls_per_run) exceeded = "budget_calls_run";
  else if (l.max_calls_per_day && s.calls_day + 1 > *l.max_calls_per_day) exceeded = "budget_calls_day";
  else if (l.max_notional_per_run && s.notional_run + notional > *l.max_notional_per_run) exceeded = "budget_notional_run";
  else if (l.max_notional_per_day && s.notional_day + notional > *l.max_notional_per_day) exceeded = "budget_notional_day";
  if (exceeded) {
    why = exceeded;
    return false;
  }
  s.calls_run += 1;
  s.calls_day += 1;
  s.notional_run += notional;
  s.notional_day += notional;
  s.updated_ms = now_ms;
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
