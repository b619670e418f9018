#pragma once
// Reading a plugin's config, the JSON object of the venue's params: every
// problem is collected, so that one error names them all, and the problems
// found here never quote a value (a credential must not reach a log through
// a typo).
#include <rapidjson/document.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace grinder::venue_kit {

// Reads the members of one object into settings that already hold their
// defaults; a member that is absent leaves its setting alone, one that is
// malformed or out of range leaves it alone and adds a problem.
class ConfigReader {
 public:
  ConfigReader(const rapidjson::Value& obj, std::vector<std::string>& problems) : obj_(obj), problems_(problems) {}

  // The member, or nullptr when absent.
  const rapidjson::Value* get(const char* key) const;

  // A JSON integer, or a string of digits (a YAML value substituted from the
  // environment may arrive either way, and a document parsed with numbers as
  // strings holds every number as text).
  void integer(const char* key, std::int64_t& into, std::int64_t min, std::int64_t max);
  // Whole milliseconds, read as integer is.
  void duration(const char* key, std::chrono::milliseconds& into, std::int64_t min, std::int64_t max);
  void text(const char* key, std::string& into);
  // true or false, or a JSON integer (0 is false).
  void flag(const char* key, bool& into);
  // A list of symbols, each valid_symbol; the problem otherwise says
  // "<key> must be a list of <what>" ("upper-case symbols such as BTCUSDT").
  void symbols(const char* key, std::vector<std::string>& into, const std::string& what);
  // A member not in known is a problem, named after `where` ("" at the top,
  // "credentials." inside that object).
  void only(std::initializer_list<const char*> known, const std::string& where);

 private:
  const rapidjson::Value& obj_;
  std::vector<std::string>& problems_;
};

// An upper-case symbol such as BTCUSDT: A-Z and 0-9, non-empty and shorter
// than the ABI's GRINDER_VENUE_SYMBOL_MAX.
bool valid_symbol(const std::string& symbol);

// "credentials": {"api_key", "api_secret"}, the two set together or not at
// all, and nothing else. True when they are usable (both set, or neither).
bool read_credentials(const rapidjson::Value& credentials, std::string& api_key, std::string& api_secret,
                      std::vector<std::string>& problems);

// The problems as one line: "a; b; c".
std::string join_problems(const std::vector<std::string>& problems);

}  // namespace grinder::venue_kit
