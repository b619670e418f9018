#pragma once
// BTCTurk Authentication V1: every private request carries
//   X-PCK        the API public key,
//   X-Stamp      a nonce, the venue's time in milliseconds (±5 s tolerated),
//   X-Signature  Base64(HMAC-SHA256(key = Base64Decode(private key),
//                                   message = UTF-8(public key + stamp))).
// Neither the path nor the body is signed. The classic mistake, which the
// venue's FAQ warns about, is keying the HMAC with the base64 TEXT of the
// private key instead of the bytes it encodes: x_signature takes the bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grinder::btcturk {

// Standard base64 (RFC 4648 alphabet, '=' padding).
std::string base64_encode(std::string_view bytes);
// Strict: the standard alphabet, padded to a multiple of 4, nothing else
// (no whitespace, no URL-safe alphabet). nullopt otherwise.
std::optional<std::string> base64_decode(std::string_view text);

// The X-Signature header for this public key and stamp, keyed with the
// DECODED private key bytes.
std::string x_signature(std::string_view public_key, std::string_view private_key_bytes, std::int64_t stamp_ms);

}  // namespace grinder::btcturk
