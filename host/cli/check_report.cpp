#include "check_report.hpp"

#include <algorithm>
#include <iomanip>

#include "grinder/util/json_escape.hpp"

namespace grinder::cli {

const char* to_string(CheckStatus s) {
  switch (s) {
    case CheckStatus::Pass:
      return "PASS";
    case CheckStatus::Warn:
      return "WARN";
    case CheckStatus::Fail:
      return "FAIL";
  }
  return "FAIL";
}

CheckStatus overall(const std::vector<Check>& checks) {
  if (checks.empty()) return CheckStatus::Fail;
  CheckStatus worst = CheckStatus::Pass;
  for (const auto& c : checks) worst = std::max(worst, c.status);
  return worst;
}

bool any_failed(const std::vector<Check>& checks) {
  return std::any_of(checks.begin(), checks.end(), [](const Check& c) { return c.status == CheckStatus::Fail; });
}

void print_checks(std::ostream& out, const std::vector<Check>& checks) {
  std::size_t width = 5;
  for (const auto& c : checks) width = std::max(width, c.name.size());
  out << "  " << std::left << std::setw(static_cast<int>(width + 2)) << "CHECK" << std::setw(8) << "STATUS"
      << "DETAIL\n";
  for (const auto& c : checks)
    out << "  " << std::setw(static_cast<int>(width + 2)) << c.name << std::setw(8) << to_string(c.status) << c.detail
        << "\n";
}

std::string checks_json(const std::vector<Check>& checks) {
  std::string out = "[";
  for (std::size_t i = 0; i < checks.size(); ++i)
    out += std::string(i ? "," : "") + "{\"name\":" + util::json_quote(checks[i].name) +
           ",\"status\":" + util::json_quote(to_string(checks[i].status)) +
           ",\"detail\":" + util::json_quote(checks[i].detail) + "}";
  return out + "]";
}

std::string one_line(const std::string& text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace grinder::cli
