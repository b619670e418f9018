// grinder policy test [PATH] [--json]: compiles every policy and runs the
// test cases beside it (policies/<name>.test.yaml), like `opa test`. Exit 0
// when every case passes, 1 when one fails, 2 on bad input (a test file that
// breaks its schema, a policy that does not compile, nothing to test).
#include <iostream>
#include <map>
#include <sstream>

#include "commands.hpp"
#include "grinder/lua/policy_tests.hpp"
#include "grinder/util/json_escape.hpp"

namespace grinder::cli {

namespace {

std::string verdict_json(bool allow, const std::optional<std::string>& reason, const std::optional<std::string>& detail) {
  std::string out = std::string("{\"verdict\":\"") + (allow ? "allow" : "deny") + "\"";
  if (reason) out += ",\"reason\":" + util::json_quote(*reason);
  if (detail) out += ",\"detail\":" + util::json_quote(*detail);
  return out + "}";
}

std::string report_json(const lua::PolicyTestReport& r) {
  std::ostringstream o;
  o << "{\"passed\":" << r.passed() << ",\"failed\":" << r.failed() << ",\"ok\":" << (r.ok() ? "true" : "false")
    << ",\"policies\":[";
  for (std::size_t i = 0; i < r.policies.size(); ++i) o << (i ? "," : "") << util::json_quote(r.policies[i]);
  o << "],\"calls\":[";
  bool first = true;
  for (std::size_t i = 0; i < r.policies.size() && i < r.hooks.size(); ++i) {
    const auto& h = r.hooks[i];
    if (!h.compiled) continue;
    o << (first ? "" : ",") << "{\"policy\":" << util::json_quote(r.policies[i])
 << ",\"count_hook\":" << (h.unhooked ? "false" : "true");
    if (h.instruction_bound) o << ",\"max_instructions\":" << *h.instruction_bound;
    if (!h.why_hooked.empty()) o << ",\"why_hooked\":" << util::json_quote(h.why_hooked);
    o << ",\"ctx\":" << (h.ctx_as_table ? "\"table\"" : "\"handle\"");
    if (!h.ctx_as_table) o << ",\"why_ctx_handle\":" << util::json_quote(h.why_ctx_handle);
    o << "}";
    first = false;
  }
  o << "],\"cases\":[";
  for (std::size_t i = 0; i < r.cases.size(); ++i) {
    const auto& c = r.cases[i];
    o << (i ? "," : "") << "{\"policy\":" << util::json_quote(c.policy) << ",\"name\":" << util::json_quote(c.name)
      << ",\"file\":" << util::json_quote(c.where.file) << ",\"line\":" << c.where.line
      << ",\"column\":" << c.where.column << ",\"passed\":" << (c.passed ? "true" : "false")
      << ",\"expected\":" << verdict_json(c.expected.allow, c.expected.reason, c.expected.detail)
      << ",\"got\":" << verdict_json(c.got.allow, c.got.reason, c.got.detail) << "}";
  }
  o << "],\"errors\":[";
  const auto& errors = r.diags.items();
  for (std::size_t i = 0; i < errors.size(); ++i) {
    const auto& d = errors[i];
    o << (i ? "," : "") << "{\"file\":" << util::json_quote(d.where.file) << ",\"line\":" << d.where.line
      << ",\"column\":" << d.where.column << ",\"code\":" << util::json_quote(d.code)
      << ",\"message\":" << util::json_quote(d.message) << "}";
  }
  o << "]}";
  return o.str();
}

void print_text(const lua::PolicyTestReport& r) {
  // Failing cases first, each with what differs; then one line per policy.
  std::map<std::string, std::pair<std::size_t, std::size_t>> per_policy;  // passed, failed
  for (const auto& c : r.cases) {
    auto& counts = per_policy[c.policy];
    if (c.passed) {
      ++counts.first;
      continue;
    }
    ++counts.second;
    std::cout << "FAIL " << c.policy << ": " << c.name << "\n     at " << c.where.str() << "\n";
    for (const auto& line : lua::describe_difference(c)) std::cout << "     " << line << "\n";
  }
  for (const auto& [policy, counts] : per_policy)
    std::cout << (counts.second ? "FAIL " : "ok   ") << policy << " (" << counts.first + counts.second << " cases)\n";
  if (!r.diags.empty()) std::cerr << r.diags.render_text() << r.diags.size() << " error(s) in the policies or their tests\n";
  std::cout << r.passed() << " passed, " << r.failed() << " failed\n";
}

}  // namespace

void register_policy(CLI::App& app) {
  auto* policy = app.add_subcommand("policy", "Work with Lua gate policies");
  policy->require_subcommand(1);
  auto* test = policy->add_subcommand(
      "test", "Compile the policies and run their test cases; exit 0 all pass, 1 a case fails, 2 bad input");
  auto path = std::make_shared<std::string>("policies");
  auto json = std::make_shared<bool>(false);
  test->add_option("path", *path, "A policies folder, one policy (.lua) or one test file (.test.yaml)")
      ->capture_default_str();
  test->add_flag("--json", *json, "Print the result as JSON");
  test->callback([path, json] {
    lua::PolicyTestReport r = lua::run_policy_tests(*path);
    if (*json)
      std::cout << report_json(r) << "\n";
    else
      print_text(r);
    if (!r.diags.empty()) throw CLI::RuntimeError(2);
    if (r.failed() > 0) throw CLI::RuntimeError(1);
  });
}

}  // namespace grinder::cli
