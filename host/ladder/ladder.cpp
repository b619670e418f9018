#include "grinder/ladder/ladder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>

namespace grinder::ladder {

DerivedFlags Stage::flags() const {
  DerivedFlags f;
  f.dry_run = !execute;
  f.allow_active_remediation = !plan.empty();
  f.armed = execute;
  return f;
}

bool Stage::may_plan(const std::string& action) const {
  return std::find(plan.begin(), plan.end(), action) != plan.end();
}

std::optional<std::size_t> Ladder::index_of_lever_value(const std::string& value) const {
  for (std::size_t i = 0; i < stages.size(); ++i)
    if (stages[i].lever_value == value) return i;
  return std::nullopt;
}

std::optional<std::size_t> Ladder::index_of_stage(const std::string& name) const {
  for (std::size_t i = 0; i < stages.size(); ++i)
    if (stages[i].name == name) return i;
  return std::nullopt;
}

bool GraduationSchedule::applies_to(const std::string& stage) const {
  return std::find(stages.begin(), stages.end(), stage) != stages.end();
}

std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
  static const std::regex re("([0-9]+(\\.[0-9]+)?)(ms|s|m|h|d)");
  std::smatch m;
  if (!std::regex_match(text, m, re)) return std::nullopt;
  double n = std::stod(m[1]);
  std::string unit = m[3];
  double ms = unit == "ms" ? n : unit == "s" ? n * 1e3 : unit == "m" ? n * 60e3 : unit == "h" ? n * 3600e3 : n * 86400e3;
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(ms)));
}

std::string format_duration(std::chrono::milliseconds d) {
  auto ms = d.count();
  if (ms == 0) return "0s";
  if (ms % 86400000 == 0 && ms >= 2 * 86400000) return std::to_string(ms / 86400000) + "d";
  if (ms % 3600000 == 0) return std::to_string(ms / 3600000) + "h";
  if (ms % 60000 == 0) return std::to_string(ms / 60000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

}  // namespace grinder::ladder
