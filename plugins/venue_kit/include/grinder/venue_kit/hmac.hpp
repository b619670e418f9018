#pragma once
// HMAC-SHA256 (RFC 2104 over SHA-256), the MAC venues sign requests with;
// what is signed, under which key and in which encoding is each venue's own.
#include <string>
#include <string_view>

namespace grinder::venue_kit {

// The raw 32-byte HMAC-SHA256 of data under key.
std::string hmac_sha256(std::string_view key, std::string_view data);
// The same, as 64 lower-case hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace grinder::venue_kit
