#include "json_fields.hpp"

#include <rapidjson/error/en.h>

#include <cstring>

#include "decimal.hpp"

namespace grinder::paper {

rapidjson::Document parse_object(std::string_view text, const std::string& what, Problems& problems) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError()) {
    problems.push_back(what + " is not valid JSON at offset " + std::to_string(doc.GetErrorOffset()) + ": " +
                       rapidjson::GetParseError_En(doc.GetParseError()));
    doc.SetObject();
  } else if (!doc.IsObject()) {
    problems.push_back(what + " must be a JSON object");
    doc.SetObject();
  }
  return doc;
}

std::optional<double> number_value(const rapidjson::Value& v) {
  if (v.IsNumber()) return v.GetDouble();
  if (v.IsString()) return parse_decimal(std::string_view(v.GetString(), v.GetStringLength()));
  return std::nullopt;
}

JsonFields::JsonFields(const rapidjson::Value& object, std::string where, Problems& problems)
    : object_(object), where_(std::move(where)), problems_(problems) {}

bool JsonFields::has(const char* key) const { return get(key) != nullptr; }

const rapidjson::Value* JsonFields::get(const char* key) const {
  if (!object_.IsObject()) return nullptr;
  auto it = object_.FindMember(key);
  return it == object_.MemberEnd() ? nullptr : &it->value;
}

std::optional<double> JsonFields::number(const char* key, bool required) {
  const auto* v = get(key);
  if (!v) {
    if (required) problem(path(key) + " is required");
    return std::nullopt;
  }
  auto d = number_value(*v);
  if (!d) problem(path(key) + " must be a number");
  return d;
}

std::optional<std::int64_t> JsonFields::integer(const char* key, bool required) {
  const auto* v = get(key);
  if (!v) {
    if (required) problem(path(key) + " is required");
    return std::nullopt;
  }
  if (v->IsInt64()) return v->GetInt64();
  problem(path(key) + (v->IsUint64() ? " is too large" : " must be an integer"));
  return std::nullopt;
}

std::optional<std::string> JsonFields::text(const char* key, bool required) {
  const auto* v = get(key);
  if (!v) {
    if (required) problem(path(key) + " is required");
    return std::nullopt;
  }
  if (!v->IsString()) {
    problem(path(key) + " must be a string");
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<bool> JsonFields::boolean(const char* key) {
  const auto* v = get(key);
  if (!v) return std::nullopt;
  if (!v->IsBool()) {
    problem(path(key) + " must be true or false");
    return std::nullopt;
  }
  return v->GetBool();
}

std::optional<std::vector<std::string>> JsonFields::texts(const char* key) {
  const auto* v = get(key);
  if (!v) return std::nullopt;
  std::vector<std::string> out;
  if (v->IsString()) {
    out.emplace_back(v->GetString(), v->GetStringLength());
    return out;
  }
  if (!v->IsArray()) {
    problem(path(key) + " must be a list of strings");
    return std::nullopt;
  }
  for (const auto& item : v->GetArray()) {
    if (!item.IsString()) {
      problem(path(key) + " must be a list of strings");
      return std::nullopt;
    }
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

void JsonFields::only(std::initializer_list<const char*> known) {
  if (!object_.IsObject()) return;
  for (const auto& m : object_.GetObject()) {
    bool ok = false;
    for (const char* k : known) ok = ok || std::strcmp(k, m.name.GetString()) == 0;
    if (!ok) problem(path(m.name.GetString()) + " is not a known setting");
  }
}

std::string join(const Problems& problems) {
  std::string out;
  for (const auto& p : problems) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace grinder::paper
