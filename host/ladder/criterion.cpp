#include "grinder/ladder/criterion.hpp"

#include <algorithm>
#include <regex>

namespace grinder::ladder {

bool Criterion::compare(double v) const {
  switch (op) {
    case Op::Eq: return v == threshold;
    case Op::Ne: return v != threshold;
    case Op::Lt: return v < threshold;
    case Op::Le: return v <= threshold;
    case Op::Gt: return v > threshold;
    case Op::Ge: return v >= threshold;
  }
  return false;
}

const std::vector<std::string>& criterion_metrics() {
  static const std::vector<std::string> names = {
      "kill_switch_triggered",  // 1 when the latch is tripped
      "circuit_open",           // venues whose circuit breaker is open
      "drawdown_pct",           // current drawdown, percent
      "mismatches_24h",         // reconcile mismatches in the last 24 hours
      "mismatches_1h",          // ... in the last hour
      "executed_per_hour",      // remediations executed in the last hour
      "planned_per_hour",       // remediations planned in the last hour
      "blocked_per_hour",       // actions blocked in the last hour
      "reject_rate",            // venue rejects / orders sent, last window
      "snapshot_age_seconds",   // age of the last reconcile snapshot
      "budget_calls_remaining_day",
      "budget_notional_remaining_day",
      "hours_in_stage",
  };
  return names;
}

std::optional<Criterion> parse_criterion(const std::string& text, std::string& error) {
  Criterion c;
  c.text = text;
  if (text == "soak_elapsed") {
    c.kind = Criterion::Kind::SoakElapsed;
    return c;
  }
  if (text == "doctor:pass") {
    c.kind = Criterion::Kind::DoctorPass;
    return c;
  }
  static const std::regex drill_re("drill:([a-z_]+)");
  static const std::regex cmp_re("\\s*([a-z_0-9]+)\\s*(==|!=|<=|>=|<|>)\\s*(-?[0-9]+(\\.[0-9]+)?)\\s*");
  std::smatch m;
  if (std::regex_match(text, m, drill_re)) {
    c.kind = Criterion::Kind::Drill;
    c.name = m[1];
    if (c.name != "kill_switch" && c.name != "rollback") {
      error = "unknown drill '" + c.name + "' (expected drill:kill_switch or drill:rollback)";
      return std::nullopt;
    }
    return c;
  }
  if (std::regex_match(text, m, cmp_re)) {
    c.kind = Criterion::Kind::Compare;
    c.name = m[1];
    const auto& known = criterion_metrics();
    if (std::find(known.begin(), known.end(), c.name) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      error = "unknown metric '" + c.name + "' in criterion (expected one of: " + list + ")";
      return std::nullopt;
    }
    std::string op = m[2];
    c.op = op == "==" ? Criterion::Op::Eq
           : op == "!=" ? Criterion::Op::Ne
           : op == "<"  ? Criterion::Op::Lt
           : op == "<=" ? Criterion::Op::Le
           : op == ">"  ? Criterion::Op::Gt
                        : Criterion::Op::Ge;
    c.threshold = std::stod(m[3]);
    return c;
  }
  error = "cannot read criterion '" + text +
          "' (expected soak_elapsed, doctor:pass, drill:<name> or '<metric> <op> <number>')";
  return std::nullopt;
}

}  // namespace grinder::ladder
