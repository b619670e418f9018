#pragma once
// JSON string quoting for the places that write JSON by hand (diagnostics,
// small outputs). Bigger documents use RapidJSON's writer.
#include <string>
#include <string_view>

namespace grinder::util {

// "text" with JSON escapes, including control characters as \u00XX.
std::string json_quote(std::string_view text);

}  // namespace grinder::util
