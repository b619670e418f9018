#pragma once
// A JSON Schema (draft-07 subset) validator over config::Value that reports
// every error with its location instead of stopping at the first. Supported
// keywords: type, properties, required, additionalProperties, items, enum,
// const, minimum, maximum, exclusiveMinimum, minLength, minItems, maxItems,
// uniqueItems, pattern, anyOf, $ref (local "#/definitions/..."). Annotations
// ($schema, $id, title, description, default, examples) are ignored.
#include <memory>
#include <string>

#include "grinder/config/diagnostic.hpp"
#include "grinder/config/value.hpp"

namespace grinder::config {

class Schema {
 public:
  // Parses schema JSON text; throws std::runtime_error if it is not a schema.
  static Schema parse(const std::string& json_text, const std::string& name);
  // One of the schemas shipped in schemas/ and built into the binary:
  // "grinder", "ladder", "chains", "graduation", "policy_tests".
  static const Schema& builtin(const std::string& kind);

  void validate(const Value& doc, Diagnostics& diags) const;
  const Value& root() const { return *root_; }

 private:
  std::shared_ptr<const Value> root_;
  std::string name_;
};

// The text of a built-in schema, for `grinder schema print` and tests.
const std::string* builtin_schema_text(const std::string& kind);

}  // namespace grinder::config
