#include "grinder/budget/ledger_state.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>
#include <ctime>

namespace grinder::budget {

std::string utc_day(std::int64_t epoch_ms) {
  std::time_t t = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string ledger_json(const LedgerState& s) {
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

std::optional<LedgerState> parse_ledger_json(const std::string& text, std::string& why) {
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
      !d["notional_run"].IsNumber() || !need("notional_day") || !d["notional_day"].IsNumber() || !need("updated_ms") ||
      !d["updated_ms"].IsInt64()) {
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

LedgerState rolled_to_day(LedgerState s, std::int64_t now_ms) {
  std::string today = utc_day(now_ms);
  if (s.day != today) {
    s.day = today;
    s.calls_day = 0;
    s.notional_day = 0;
  }
  return s;
}

LedgerState adopted_by_run(LedgerState s, const std::string& run_id) {
  if (s.run_id != run_id) {
    s.run_id = run_id;
    s.calls_run = 0;
    s.notional_run = 0;
  }
  return s;
}

const char* exceeded_limit(const LedgerState& s, double notional, const ladder::Limits& l) {
  if (l.max_calls_per_run && s.calls_run + 1 > *l.max_calls_per_run) return "budget_calls_run";
  if (l.max_calls_per_day && s.calls_day + 1 > *l.max_calls_per_day) return "budget_calls_day";
  if (l.max_notional_per_run && s.notional_run + notional > *l.max_notional_per_run) return "budget_notional_run";
  if (l.max_notional_per_day && s.notional_day + notional > *l.max_notional_per_day) return "budget_notional_day";
  return nullptr;
}

LedgerState with_call(LedgerState s, double notional, std::int64_t now_ms) {
  s.calls_run += 1;
  s.calls_day += 1;
  s.notional_run += notional;
  s.notional_day += notional;
  s.updated_ms = now_ms;
  return s;
}

gates::BudgetView view_of(const LedgerState& s, const std::string& error) {
  gates::BudgetView v;
  v.calls_run = s.calls_run;
  v.calls_day = s.calls_day;
  v.notional_run = s.notional_run;
  v.notional_day = s.notional_day;
  v.error = error;
  return v;
}

}  // namespace grinder::budget
