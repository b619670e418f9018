#pragma once
// Reading the paper venue's JSON (its config and drill commands) so that a
// bad input is reported whole: every wrong field, with its path, in one
// message, rather than the first one and a retry loop for the operator.
#include <rapidjson/document.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grinder::paper {

using Problems = std::vector<std::string>;

// Parses text as a JSON object; a problem (and nullopt-like empty doc) if not.
rapidjson::Document parse_object(std::string_view text, const std::string& what, Problems& problems);

class JsonFields {
 public:
  JsonFields(const rapidjson::Value& object, std::string where, Problems& problems);

  bool has(const char* key) const;
  const rapidjson::Value* get(const char* key) const;
  // A JSON number or a decimal string (YAML numbers arrive as either).
  std::optional<double> number(const char* key, bool required = false);
  std::optional<std::int64_t> integer(const char* key, bool required = false);
  std::optional<std::string> text(const char* key, bool required = false);
  std::optional<bool> boolean(const char* key);
  std::optional<std::vector<std::string>> texts(const char* key);
  // Any member not in `known` is a problem: a typo must not pass silently.
  void only(std::initializer_list<const char*> known);

  std::string path(const char* key) const { return where_.empty() ? key : where_ + "." + key; }
  void problem(const std::string& p) { problems_.push_back(p); }

 private:
  const rapidjson::Value& object_;
  std::string where_;
  Problems& problems_;
};

std::optional<double> number_value(const rapidjson::Value& v);

std::string join(const Problems& problems);

}  // namespace grinder::paper
