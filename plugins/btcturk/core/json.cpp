#include "json.hpp"

#include <rapidjson/error/en.h>
#include <strings.h>

#include <charconv>

namespace grinder::btcturk {

std::optional<rapidjson::Document> parse_json(std::string_view text, std::string& error) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseNumbersAsStringsFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    error = "not JSON at offset " + std::to_string(doc.GetErrorOffset()) + ": " +
            rapidjson::GetParseError_En(doc.GetParseError());
    return std::nullopt;
  }
  return doc;
}

const rapidjson::Value* member(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  if (it != obj.MemberEnd()) return &it->value;
  for (const auto& m : obj.GetObject())
    if (strcasecmp(m.name.GetString(), key) == 0) return &m.value;
  return nullptr;
}

std::string text_of(const rapidjson::Value& obj, const char* key) {
  const rapidjson::Value* v = member(obj, key);
  if (!v || !v->IsString()) return "";
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<std::int64_t> int_of(const rapidjson::Value& obj, const char* key) {
  std::string text = text_of(obj, key);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<bool> bool_of(const rapidjson::Value& obj, const char* key) {
  const rapidjson::Value* v = member(obj, key);
  if (!v) return std::nullopt;
  if (v->IsBool()) return v->GetBool();
  if (v->IsString()) {
    std::string_view s(v->GetString(), v->GetStringLength());
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return std::nullopt;
}

std::optional<Decimal> parse_venue_decimal(std::string_view text) {
  std::size_t comma = text.find(',');
  if (comma == std::string_view::npos) return Decimal::parse(text);
  // One comma and no point: the comma is the decimal point.
  if (text.find(',', comma + 1) != std::string_view::npos || text.find('.') != std::string_view::npos)
    return std::nullopt;
  std::string dotted(text);
  dotted[comma] = '.';
  return Decimal::parse(dotted);
}

std::optional<Decimal> decimal_of(const rapidjson::Value& obj, const char* key) {
  const rapidjson::Value* v = member(obj, key);
  if (!v || !v->IsString()) return std::nullopt;
  return parse_venue_decimal(std::string_view(v->GetString(), v->GetStringLength()));
}

}  // namespace grinder::btcturk
