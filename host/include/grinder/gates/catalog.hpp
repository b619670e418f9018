#pragma once
// The built-in gates a chain may name, with the reason each denies with and
// the JSON Schema of its `with:` parameters. Config validation reads this
// catalog; the gate factory builds from it.
#include <string>
#include <string_view>
#include <vector>

namespace grinder::gates {

struct GateSpec {
  std::string name;
  std::vector<std::string> reasons;  // denial reasons it can produce
  std::string summary;
  std::string params_schema;  // JSON Schema for `with:`
};

const std::vector<GateSpec>& builtin_gates();
const GateSpec* find_builtin_gate(std::string_view name);

}  // namespace grinder::gates
