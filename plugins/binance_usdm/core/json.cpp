#include "json.hpp"

#include <rapidjson/error/en.h>

#include <charconv>

namespace grinder::binance {

std::optional<rapidjson::Document> parse_json(std::string_view text, std::string& error) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    error = "not JSON at offset " + std::to_string(doc.GetErrorOffset()) + ": " +
            rapidjson::GetParseError_En(doc.GetParseError());
    return std::nullopt;
  }
  return doc;
}

std::string str_of(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return "";
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsString()) return "";
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::optional<std::int64_t> int_of(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return std::nullopt;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return std::nullopt;
  if (it->value.IsInt64()) return it->value.GetInt64();
  if (it->value.IsString()) {
    std::int64_t v = 0;
    const char* s = it->value.GetString();
    const char* e = s + it->value.GetStringLength();
    auto [end, ec] = std::from_chars(s, e, v);
    if (ec == std::errc() && end == e && s != e) return v;
  }
  return std::nullopt;
}

std::optional<bool> bool_of(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return std::nullopt;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return std::nullopt;
  if (it->value.IsBool()) return it->value.GetBool();
  if (it->value.IsString()) {
    std::string_view s(it->value.GetString(), it->value.GetStringLength());
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return std::nullopt;
}

ApiError parse_api_error(int http_status, std::string_view body) {
  ApiError e;
  e.http_status = http_status;
  std::string ignored;
  if (auto doc = parse_json(body, ignored); doc && doc->IsObject()) {
    if (auto c = int_of(*doc, "code")) e.code = static_cast<int>(*c);
    e.msg = str_of(*doc, "msg");
  }
  if (e.msg.empty() && e.code == 0) {
    // Not Binance's JSON (a proxy's HTML page): keep a short, one-line excerpt.
    std::string excerpt(body.substr(0, 120));
    for (char& c : excerpt)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    e.msg = excerpt;
  }
  return e;
}

}  // namespace grinder::binance
