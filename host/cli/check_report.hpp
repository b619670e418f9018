#pragma once
// A preflight check's verdict (PASS, WARN or FAIL with a one-line detail) and
// how a list of them is judged and printed. Shared by doctor, health and the
// canary's refusal to start, so an operator reads the same lines everywhere.
#include <ostream>
#include <string>
#include <vector>

namespace grinder::cli {

enum class CheckStatus { Pass = 0, Warn = 1, Fail = 2 };

struct Check {
  std::string name;
  CheckStatus status = CheckStatus::Fail;
  std::string detail;  // one line, never a secret
};

const char* to_string(CheckStatus s);

// FAIL if any fails, else WARN if any warns, else PASS (an empty list passes
// nothing: it is a FAIL, since nothing was checked).
CheckStatus overall(const std::vector<Check>& checks);

// Whether the list holds a failing check.
bool any_failed(const std::vector<Check>& checks);

// "  NAME  STATUS  DETAIL" rows, aligned.
void print_checks(std::ostream& out, const std::vector<Check>& checks);

// [{"name":..,"status":..,"detail":..},...]
std::string checks_json(const std::vector<Check>& checks);

// A multi-line message folded into one line (details are one line each).
std::string one_line(const std::string& text);

}  // namespace grinder::cli
