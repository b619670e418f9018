#pragma once
// Reading YAML into config::Value: parse with yaml-cpp keeping every node's
// mark, substitute ${VAR} / ${VAR:-default} in scalars, type plain scalars by
// the YAML 1.2 core schema (quoted scalars stay strings).
#include <functional>
#include <optional>
#include <string>

#include "grinder/config/diagnostic.hpp"
#include "grinder/config/value.hpp"

namespace grinder::config {

// Looks an environment variable up; std::nullopt when unset. Tests pass their
// own; the default reads the process environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();

struct LoadOptions {
  EnvLookup env = process_env();
  bool substitute_env = true;
};

// Loads a file. On failure returns nullopt with diagnostics added; a document
// with substitution errors is still returned (so schema errors can be reported
// too) but diags is non-empty.
std::optional<Value> load_yaml_file(const std::string& path, Diagnostics& diags,
                                    const LoadOptions& opts = {});
std::optional<Value> load_yaml_string(const std::string& text, const std::string& name,
                                      Diagnostics& diags, const LoadOptions& opts = {});

// Substitutes ${VAR} and ${VAR:-default} in one string ("$${" is a literal
// "${"). Unset without default is an error naming the variable.
struct Substitution {
  std::string text;
  std::vector<std::string> vars;
  std::vector<std::string> unset;  // referenced, unset, no default
  std::vector<std::string> malformed;
};
Substitution substitute_env(std::string_view in, const EnvLookup& env);

}  // namespace grinder::config
