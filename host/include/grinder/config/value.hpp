#pragma once
// A configuration value after environment substitution and YAML typing, with
// the place it came from. The loaders, the schema validator and the model
// builders all read this one tree.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grinder/config/diagnostic.hpp"

namespace grinder::config {

class Value;

struct Member;

class Value {
 public:
  enum class Kind { Null, Bool, Int, Double, String, Array, Object };

  Kind kind = Kind::Null;
  bool boolean = false;
  std::int64_t integer = 0;
  double number = 0;
  std::string text;
  std::vector<Value> items;     // Array
  std::vector<Member> members;  // Object, in file order
  SourceLocation loc;
  // Names of the environment variables substituted into this scalar.
  std::vector<std::string> env_vars;
  // True when the key or an env var it came from is named like a secret: its
  // content must never appear in a message, a log or an output.
  bool sensitive = false;
  // A substitution in this scalar failed (already reported): checks skip it
  // rather than pile a second error on the same spot.
  bool substitution_failed = false;

  bool is_null() const { return kind == Kind::Null; }
  bool is_object() const { return kind == Kind::Object; }
  bool is_array() const { return kind == Kind::Array; }
  bool is_string() const { return kind == Kind::String; }
  bool is_number() const { return kind == Kind::Int || kind == Kind::Double; }

  const Value* find(std::string_view key) const;
  const Member* find_member(std::string_view key) const;
  double as_double() const { return kind == Kind::Int ? static_cast<double>(integer) : number; }

  static const char* kind_name(Kind k);
  // Short rendering for messages: `"abc"`, `42`, `<redacted>` when sensitive.
  std::string describe() const;
  // Compact JSON. Sensitive strings come out as "<redacted>" unless
  // reveal_secrets is set (only the plugin hand-over does that).
  std::string to_json(bool reveal_secrets = false) const;
};

struct Member {
  std::string key;
  SourceLocation key_loc;
  Value value;
};

// Named like a secret: secret, password, passphrase, token, private, api_key,
// apikey, signature, credential (case-insensitive).
bool looks_secret(std::string_view name);

}  // namespace grinder::config
