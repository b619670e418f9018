#pragma once
// Reading BTCTurk's JSON. Every number is kept as the text it arrived as
// (RapidJSON's kParseNumbersAsStringsFlag): the ticker sends prices as JSON
// numbers (79164, 2.32) while orders send them as strings ("20000.00"), and a
// price read through a double carries noise an order must never carry.
// Field names are matched exactly first, then ignoring case: the venue's own
// documents spell one field "pairSymbol" and "pairsymbol".
#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kit.hpp"

namespace grinder::btcturk {

// Parses text, numbers as strings; on failure sets error ("not JSON at
// offset 17: ...").
std::optional<rapidjson::Document> parse_json(std::string_view text, std::string& error);

// The member, or nullptr when obj is not an object or has no such member.
const rapidjson::Value* member(const rapidjson::Value& obj, const char* key);

// The member's text: a string, or a number as it was written; "" when
// missing, null or anything else.
std::string text_of(const rapidjson::Value& obj, const char* key);
// The member as an integer, from a number or a string of digits.
std::optional<std::int64_t> int_of(const rapidjson::Value& obj, const char* key);
std::optional<bool> bool_of(const rapidjson::Value& obj, const char* key);

// A decimal as BTCTurk writes one: "0.001", 79164, or with a comma for the
// decimal point ("27223,7283250757643288", as the balance page of the docs
// shows). nullopt when missing or anything else (thousands separators,
// exponents): a balance misread by a factor of 1000 is worse than none.
std::optional<Decimal> decimal_of(const rapidjson::Value& obj, const char* key);
std::optional<Decimal> parse_venue_decimal(std::string_view text);

}  // namespace grinder::btcturk
