#pragma once
// Diagnostics: every configuration error names file:line:column, a stable code
// and what was expected. Loaders collect all of them instead of stopping at the
// first, so an operator fixes a file in one pass.
#include <string>
#include <vector>

namespace grinder::config {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown

  std::string str() const;  // "file:line:col" (or just "file")
};

struct Diagnostic {
  SourceLocation where;
  std::string code;     // stable, e.g. "schema.type", "env.unset", "ladder.unknown_stage"
  std::string message;  // what is wrong and what was expected; never a secret value
};

class Diagnostics {
 public:
  void add(SourceLocation where, std::string code, std::string message);
  void append(const Diagnostics& other);
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  const std::vector<Diagnostic>& items() const { return items_; }

  // "file:line:col: error[code]: message" plus a caret line under the source
  // line when the file can be read.
  std::string render_text() const;
  // {"valid":false,"errors":[{"file":..,"line":..,"column":..,"code":..,"message":..}]}
  std::string render_json() const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace grinder::config
