#pragma once
// Promotion criteria, graduation requirements and rollback triggers are short
// expressions in the ladder YAML:
//   soak_elapsed               the stage's minimum soak has passed
//   drill:<name>               a passing drill (kill_switch, rollback) is recorded
//   doctor:pass                the last doctor run passed
//   <metric> <op> <number>     e.g. "mismatches_24h == 0", "drawdown_pct >= 5"
#include <optional>
#include <string>
#include <vector>

namespace grinder::ladder {

struct Criterion {
  enum class Kind { SoakElapsed, Drill, DoctorPass, Compare };
  enum class Op { Eq, Ne, Lt, Le, Gt, Ge };
  Kind kind = Kind::SoakElapsed;
  std::string text;    // as written
  std::string name;    // drill name or metric name
  Op op = Op::Eq;
  double threshold = 0;

  bool compare(double value) const;
};

// Metric names a criterion may compare (see the ladder docs for meanings).
const std::vector<std::string>& criterion_metrics();

// Parses one expression; on error returns nullopt and sets `error` to a
// message naming what was expected.
std::optional<Criterion> parse_criterion(const std::string& text, std::string& error);

}  // namespace grinder::ladder
