#include "audit_slo.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "grinder/audit/audit_log.hpp"
#include "grinder/util/number.hpp"

namespace grinder::cli {

namespace {

std::string event_type(const rapidjson::Value& e) {
  return e.HasMember("event") && e["event"].IsString() ? e["event"].GetString() : std::string();
}

double number(const rapidjson::Value& e, const char* key) {
  return e.HasMember(key) && e[key].IsNumber() ? e[key].GetDouble() : 0;
}

// The decision envelope as text: a planned remediation and its execution
// carry the same one, which is how the two are paired.
std::string decision_key(const rapidjson::Value& e) {
  if (!e.HasMember("decision")) return {};
  rapidjson::StringBuffer sb;
  rapidjson::Writer<rapidjson::StringBuffer> w(sb);
  e["decision"].Accept(w);
  return sb.GetString();
}

std::string rate_text(std::int64_t part, std::int64_t whole) {
  return util::format_number(static_cast<double>(part) / static_cast<double>(whole)) + " (" + std::to_string(part) +
         " of " + std::to_string(whole) + ")";
}

}  // namespace

double percentile(std::vector<double> sample, double p) {
  std::sort(sample.begin(), sample.end());
  auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sample.size())));
  return sample[std::clamp<std::size_t>(rank, 1, sample.size()) - 1];
}

SloData read_slo_data(const std::string& audit_path, std::int64_t since_ms) {
  SloData out;
  std::error_code ec;
  out.readable = std::filesystem::is_regular_file(audit_path, ec);
  if (!out.readable) return out;
  std::map<std::string, double> planned_at;  // decision -> when planned
  for (const auto& line : audit::read_events(audit_path).events) {
    rapidjson::Document e;
    e.Parse(line.c_str());
    if (e.HasParseError() || !e.IsObject() || number(e, "ts_ms") < static_cast<double>(since_ms)) continue;
    ++out.events;
    const std::string type = event_type(e);
    const double ts = number(e, "ts_ms");
    if (type == "REMEDIATE_PLANNED") {
      planned_at[decision_key(e)] = ts;
    } else if (type == "REMEDIATE_EXECUTED" || type == "REMEDIATE_FAILED") {
      ++out.sent;
      if (type == "REMEDIATE_FAILED") ++out.rejected;
      if (auto it = planned_at.find(decision_key(e)); type == "REMEDIATE_EXECUTED" && it != planned_at.end()) {
        out.latencies_ms.push_back(ts - it->second);
        planned_at.erase(it);
      }
    } else if (type == "CANARY_PLACED") {
      ++out.sent;
      ++out.placed;
      if (e.HasMember("latency_ms")) out.latencies_ms.push_back(number(e, "latency_ms"));
    } else if (type == "CANARY_REJECTED") {
      ++out.sent;
      ++out.rejected;
    } else if (type == "CANARY_FILLED" || type == "CANARY_CANCELLED" || type == "CANARY_CLOSED") {
      if (number(e, "filled_qty") > 0) ++out.filled;
    }
  }
  return out;
}

std::vector<Check> slo_checks(const SloData& data, const SloThresholds& t, std::optional<double> drawdown_pct,
                              bool audit_enabled, const SloScope& scope) {
  const std::string window = "last " + util::format_number(t.window_hours) + "h";
  const std::string stage = scope.stage.empty() ? "the stage" : "stage " + scope.stage;
  // Why the window has nothing to measure: the audit itself, or the window.
  auto no_data = [&](const std::string& what) {
    if (!audit_enabled) return std::string("no data: the audit is disabled");
    if (!data.readable) return std::string("no data: no audit file yet");
    return "no data: " + what;
  };
  auto missing = [&](const char* name, bool applicable, const std::string& what, const std::string& why_not) {
    if (!applicable) return Check{name, CheckStatus::Pass, "not applicable: " + why_not};
    return Check{name, CheckStatus::Warn, no_data(what)};
  };
  std::vector<Check> out;

  if (data.sent == 0) {
    out.push_back(missing("slo_reject_rate", scope.executes, "nothing was sent to the venue in the " + window,
                          stage + " sends no orders and none were sent in the " + window));
  } else {
    double rate = static_cast<double>(data.rejected) / static_cast<double>(data.sent);
    bool ok = rate <= t.max_reject_rate;
    out.push_back({"slo_reject_rate", ok ? CheckStatus::Pass : CheckStatus::Fail,
                   rate_text(data.rejected, data.sent) + (ok ? " <= " : " > ") +
                       util::format_number(t.max_reject_rate) + " over the " + window});
  }

  if (data.placed == 0) {
    out.push_back(missing("slo_fill_rate", scope.places_orders, "no canary order was placed in the " + window,
                          stage + " places no resting orders and none were placed in the " + window));
  } else {
    double rate = static_cast<double>(data.filled) / static_cast<double>(data.placed);
    bool ok = rate >= t.min_fill_rate;
    out.push_back({"slo_fill_rate", ok ? CheckStatus::Pass : CheckStatus::Fail,
                   rate_text(data.filled, data.placed) + (ok ? " >= " : " < ") + util::format_number(t.min_fill_rate) +
                       " over the " + window});
  }

  if (data.latencies_ms.empty()) {
    out.push_back(missing("slo_latency_p95", scope.executes,
                          "no planned action was executed and no canary order placed in the " + window,
                          stage + " sends no orders and none were sent in the " + window));
  } else {
    double p95 = percentile(data.latencies_ms, 0.95);
    bool ok = p95 <= t.max_latency_p95_ms;
    out.push_back({"slo_latency_p95", ok ? CheckStatus::Pass : CheckStatus::Fail,
                   util::format_number(p95) + " ms over " + std::to_string(data.latencies_ms.size()) + " sample(s)" +
                       (ok ? " <= " : " > ") + util::format_number(t.max_latency_p95_ms) + " ms"});
  }

  if (!drawdown_pct) {
    Check c{"slo_max_drawdown", CheckStatus::Pass, "not applicable: " + stage + " does not trade and no run is live"};
    if (scope.executes)
      c = {"slo_max_drawdown", CheckStatus::Warn, "no data: no live run of this deployment reports drawdown_pct"};
    out.push_back(c);
  } else {
    bool ok = *drawdown_pct < t.max_drawdown_pct;
    out.push_back({"slo_max_drawdown", ok ? CheckStatus::Pass : CheckStatus::Fail,
                   "drawdown_pct " + util::format_number(*drawdown_pct) + (ok ? " < " : " >= ") +
                       util::format_number(t.max_drawdown_pct) + " (live run)"});
  }
  return out;
}

}  // namespace grinder::cli
