#pragma once
// Reading a policies/<name>.test.yaml into runnable cases: the schema check
// (every error with file:line:col), the file-level defaults laid under each
// case, and the action/ctx YAML turned into the structs a gate reads.
#include <optional>
#include <string>
#include <vector>

#include "grinder/config/diagnostic.hpp"
#include "grinder/config/value.hpp"
#include "grinder/gates/action.hpp"
#include "grinder/gates/context.hpp"
#include "grinder/lua/policy_tests.hpp"

namespace grinder::lua {

struct PolicyCase {
  std::string name;
  config::SourceLocation where;
  config::Value with;  // an object
  gates::Action action;
  gates::GateContext ctx;  // stage unset: the runner points it at a Stage named stage_name
  std::optional<std::string> stage_name;
  PolicyExpectation expect;
};

struct PolicyTestFile {
  std::string file;
  std::string policy;
  config::SourceLocation policy_where;
  std::vector<PolicyCase> cases;
};

std::optional<PolicyTestFile> load_policy_test_file(const std::string& path, config::Diagnostics& diags);

}  // namespace grinder::lua
