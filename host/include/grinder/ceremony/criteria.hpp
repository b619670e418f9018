#pragma once
// Judging promotion criteria and graduation requirements (the ladder's
// `promote_when`, a step's `require`). Every criterion says met or not and
// why, so a refused promotion names each unmet one. Data grinder does not have
// (no live instance to read a metric from, no drill on record) is "not met",
// never a pass by default.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grinder/ceremony/state.hpp"
#include "grinder/ladder/criterion.hpp"

namespace grinder::ceremony {

struct CriteriaInput {
  std::optional<std::map<std::string, double>> live;  // a running instance's criteria_values
  std::map<std::string, DrillResult> drills;          // drills.json (doctor included)
  std::int64_t now_ms = 0;
  std::optional<std::int64_t> entered_ms;  // when the current stage (or step) began
  std::chrono::milliseconds soak{0};
  std::int64_t drill_max_age_ms = 7LL * 24 * 3600 * 1000;
  std::int64_t doctor_max_age_ms = 24LL * 3600 * 1000;
};

struct CriterionResult {
  std::string text;
  bool met = false;
  std::string why;
};

std::vector<CriterionResult> evaluate(const std::vector<ladder::Criterion>& criteria, const CriteriaInput& in);

}  // namespace grinder::ceremony
