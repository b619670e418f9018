#include "grinder/config/value.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "grinder/util/json_escape.hpp"

namespace grinder::config {

const Member* Value::find_member(std::string_view key) const {
  for (const auto& m : members)
    if (m.key == key) return &m;
  return nullptr;
}

const Value* Value::find(std::string_view key) const {
  const Member* m = find_member(key);
  return m ? &m->value : nullptr;
}

const char* Value::kind_name(Kind k) {
  switch (k) {
    case Kind::Null: return "null";
    case Kind::Bool: return "boolean";
    case Kind::Int: return "integer";
    case Kind::Double: return "number";
    case Kind::String: return "string";
    case Kind::Array: return "array";
    case Kind::Object: return "object";
  }
  return "?";
}

namespace {
std::string number_text(double d) {
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", d);
    return buf;
  }
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}
}  // namespace

std::string Value::describe() const {
  if (sensitive) return "<redacted>";
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return boolean ? "true" : "false";
    case Kind::Int: return std::to_string(integer);
    case Kind::Double: return number_text(number);
    case Kind::String: {
      std::string shown = text.size() > 60 ? text.substr(0, 57) + "..." : text;
      return "\"" + shown + "\"";
    }
    case Kind::Array: return "a list";
    case Kind::Object: return "a mapping";
  }
  return "?";
}

std::string Value::to_json(bool reveal_secrets) const {
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return boolean ? "true" : "false";
    case Kind::Int: return std::to_string(integer);
    case Kind::Double: return std::isfinite(number) ? number_text(number) : "null";
    case Kind::String:
      return util::json_quote(sensitive && !reveal_secrets ? std::string("<redacted>") : text);
    case Kind::Array: {
      std::string out = "[";
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ",";
        out += items[i].to_json(reveal_secrets);
      }
      return out + "]";
    }
    case Kind::Object: {
      std::string out = "{";
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i) out += ",";
        out += util::json_quote(members[i].key) + ":" + members[i].value.to_json(reveal_secrets);
      }
      return out + "}";
    }
  }
  return "null";
}

bool looks_secret(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const char* const needles[] = {"secret", "password", "passphrase", "token", "private",
                                        "api_key", "apikey", "signature", "credential"};
  for (const char* n : needles)
    if (lower.find(n) != std::string::npos) return true;
  return false;
}

}  // namespace grinder::config
