#include "grinder/config/diagnostic.hpp"

#include <fstream>
#include <sstream>

#include "grinder/util/json_escape.hpp"

namespace grinder::config {

std::string SourceLocation::str() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  return out;
}

void Diagnostics::add(SourceLocation where, std::string code, std::string message) {
  items_.push_back({std::move(where), std::move(code), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

namespace {
// The source line and a caret under the column, so the operator sees the spot.
std::string caret_snippet(const SourceLocation& loc) {
  if (loc.file.empty() || loc.line <= 0) return {};
  std::ifstream in(loc.file);
  if (!in) return {};
  std::string line;
  for (int i = 0; i < loc.line && std::getline(in, line); ++i) {
  }
  if (!in && line.empty()) return {};
  std::string gutter = std::to_string(loc.line);
  std::string out = "  " + gutter + " | " + line + "\n";
  out += "  " + std::string(gutter.size(), ' ') + " | ";
  if (loc.column > 0) out += std::string(static_cast<std::size_t>(loc.column - 1), ' ');
  out += "^\n";
  return out;
}
}  // namespace

std::string Diagnostics::render_text() const {
  std::string out;
  for (const auto& d : items_) {
    out += d.where.str() + ": error[" + d.code + "]: " + d.message + "\n";
    out += caret_snippet(d.where);
  }
  return out;
}

std::string Diagnostics::render_json() const {
  std::string out = "{\"valid\":" + std::string(items_.empty() ? "true" : "false") + ",\"errors\":[";
  bool first = true;
  for (const auto& d : items_) {
    if (!first) out += ",";
    first = false;
    out += "{\"file\":" + util::json_quote(d.where.file) + ",\"line\":" + std::to_string(d.where.line) +
           ",\"column\":" + std::to_string(d.where.column) + ",\"code\":" + util::json_quote(d.code) +
           ",\"message\":" + util::json_quote(d.message) + "}";
  }
  out += "]}";
  return out;
}

}  // namespace grinder::config
