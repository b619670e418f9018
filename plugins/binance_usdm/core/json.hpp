#pragma once
// Reading Binance's JSON. Decimals arrive as strings ("0.10"), times as
// numbers, except where the docs show otherwise (listenKeyExpired's "E" is a
// string), so integer fields accept both.
#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "errors.hpp"

namespace grinder::binance {

// Parses text; on failure sets error ("not JSON at offset 17: ...").
std::optional<rapidjson::Document> parse_json(std::string_view text, std::string& error);

// The member as a string ("" when missing or not a string).
std::string str_of(const rapidjson::Value& obj, const char* key);
// The member as an integer, from a number or a string of digits.
std::optional<std::int64_t> int_of(const rapidjson::Value& obj, const char* key);
std::optional<bool> bool_of(const rapidjson::Value& obj, const char* key);

// Binance's error body {"code": -2011, "msg": "..."} with the HTTP status,
// or a bare status when the body is something else (an HTML error page).
ApiError parse_api_error(int http_status, std::string_view body);

}  // namespace grinder::binance
