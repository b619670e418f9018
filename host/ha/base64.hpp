#pragma once
// etcd's JSON gateway carries keys and values as base64 (proto3 bytes).
#include <optional>
#include <string>
#include <string_view>

namespace grinder::ha {

std::string base64_encode(std::string_view bytes);
// nullopt when text is not valid padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace grinder::ha
