#pragma once
// Policy test cases (policies/<name>.test.yaml): an action, a context, the
// policy's `with:`, and the verdict expected. `grinder policy test` runs them,
// and a reload runs them before it publishes a generation, like `opa test`.
#include <optional>
#include <string>
#include <vector>

#include "grinder/config/diagnostic.hpp"
#include "grinder/gates/gate.hpp"
#include "grinder/lua/limits.hpp"

namespace grinder::lua {

struct PolicyExpectation {
  bool allow = true;
  std::optional<std::string> reason;  // unset: not checked
  std::optional<std::string> detail;  // unset: not checked
};

struct PolicyCaseResult {
  std::string policy;
  std::string name;
  config::SourceLocation where;  // the case in its .test.yaml
  PolicyExpectation expected;
  gates::Verdict got;
  bool passed = false;
};

// How a compiled policy's calls run: without the count hook when its calls
// are proven short (PolicyInfo::runs_unhooked).
struct PolicyHook {
  bool compiled = false;
  bool unhooked = false;
  std::optional<std::size_t> instruction_bound;
  std::string why_hooked;  // what kept the proof from holding
  bool ctx_as_table = false;    // ctx handed in as a plain table of the fields it reads
  std::string why_ctx_handle;  // if not, why
};

struct PolicyTestReport {
  std::vector<std::string> policies;  // policy files compiled
  std::vector<PolicyHook> hooks;      // one per policy, in the same order
  std::vector<std::string> test_files;
  std::vector<PolicyCaseResult> cases;
  // Bad input: a test file that breaks its schema, a policy that does not
  // compile, a path with nothing to test.
  config::Diagnostics diags;

  std::size_t passed() const;
  std::size_t failed() const;
  bool ok() const { return diags.empty() && failed() == 0; }
};

// PATH: a policies folder, one policy (.lua, with its .test.yaml beside it if
// any) or one .test.yaml.
PolicyTestReport run_policy_tests(const std::string& path, const PolicyLimits& limits = {});

// "expected deny market_data:stale, got allow": one line per difference.
std::vector<std::string> describe_difference(const PolicyCaseResult& r);

}  // namespace grinder::lua
