#include "grinder/venue_kit/config_reader.hpp"

#include <charconv>
#include <cstring>
#include <optional>

#include "grinder/venue_plugin.h"

namespace grinder::venue_kit {

namespace {

std::optional<std::int64_t> integer_of(const rapidjson::Value& v) {
  if (v.IsInt64()) return v.GetInt64();
  if (!v.IsString()) return std::nullopt;
  std::int64_t n = 0;
  const char* s = v.GetString();
  const char* e = s + v.GetStringLength();
  auto [end, ec] = std::from_chars(s, e, n);
  if (s == e || ec != std::errc() || end != e) return std::nullopt;
  return n;
}

}  // namespace

const rapidjson::Value* ConfigReader::get(const char* key) const {
  auto it = obj_.FindMember(key);
  return it == obj_.MemberEnd() ? nullptr : &it->value;
}

void ConfigReader::integer(const char* key, std::int64_t& into, std::int64_t min, std::int64_t max) {
  const auto* v = get(key);
  if (!v) return;
  auto n = integer_of(*v);
  if (!n || *n < min || *n > max) {
    problems_.push_back(std::string(key) + " must be an integer in [" + std::to_string(min) + ", " +
                        std::to_string(max) + "]");
    return;
  }
  into = *n;
}

void ConfigReader::duration(const char* key, std::chrono::milliseconds& into, std::int64_t min, std::int64_t max) {
  std::int64_t v = into.count();
  integer(key, v, min, max);
  into = std::chrono::milliseconds(v);
}

void ConfigReader::text(const char* key, std::string& into) {
  const auto* v = get(key);
  if (!v) return;
  if (!v->IsString()) {
    problems_.push_back(std::string(key) + " must be a string");
    return;
  }
  into.assign(v->GetString(), v->GetStringLength());
}

void ConfigReader::flag(const char* key, bool& into) {
  const auto* v = get(key);
  if (!v) return;
  if (v->IsBool())
    into = v->GetBool();
  else if (v->IsInt())
    into = v->GetInt() != 0;
  else
    problems_.push_back(std::string(key) + " must be true or false");
}

void ConfigReader::symbols(const char* key, std::vector<std::string>& into, const std::string& what) {
  const auto* v = get(key);
  if (!v) return;
  bool ok = v->IsArray();
  if (ok)
    for (const auto& item : v->GetArray()) {
      std::string symbol = item.IsString() ? std::string(item.GetString(), item.GetStringLength()) : "";
      if (!valid_symbol(symbol)) {
        ok = false;
        break;
      }
      into.push_back(symbol);
    }
  if (!ok) problems_.push_back(std::string(key) + " must be a list of " + what);
}

void ConfigReader::only(std::initializer_list<const char*> known, const std::string& where) {
  for (const auto& m : obj_.GetObject()) {
    bool ok = false;
    for (const char* k : known) ok = ok || std::strcmp(k, m.name.GetString()) == 0;
    if (!ok) problems_.push_back(where + m.name.GetString() + " is not a known setting");
  }
}

bool read_credentials(const rapidjson::Value& credentials, std::string& api_key, std::string& api_secret,
                      std::vector<std::string>& problems) {
  if (!credentials.IsObject()) {
    problems.push_back("credentials must be an object {api_key, api_secret}");
    return false;
  }
  ConfigReader r(credentials, problems);
  r.only({"api_key", "api_secret"}, "credentials.");
  r.text("api_key", api_key);
  r.text("api_secret", api_secret);
  if (api_key.empty() != api_secret.empty()) {
    problems.push_back("credentials: api_key and api_secret are set together or not at all");
    return false;
  }
  return true;
}

bool valid_symbol(const std::string& symbol) {
  if (symbol.empty() || symbol.size() >= GRINDER_VENUE_SYMBOL_MAX) return false;
  for (char c : symbol)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

std::string join_problems(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& s : problems) out += (out.empty() ? "" : "; ") + s;
  return out;
}

}  // namespace grinder::venue_kit
