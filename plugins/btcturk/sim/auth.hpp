#pragma once
// Authentication V1 as BTCTurk checks it, on every private request: the
// three headers are there, X-PCK is a known public key, X-Stamp is within
// 5 s of the venue's clock, and X-Signature is
// Base64(HMAC-SHA256(Base64Decode(private key), public key + stamp)). A
// refusal is HTTP 401 with the FAQ's wording ("Unauthorized - Invalid
// Nonce", ...).
#include <cstdint>
#include <optional>
#include <string>

#include "envelope.hpp"
#include "http_types.hpp"

namespace grinder::btcturk::sim {

constexpr std::int64_t kStampToleranceMs = 5000;

std::optional<Refusal> check_auth(const Request& req, const std::string& public_key,
                                  const std::string& private_key_bytes, std::int64_t server_ms);

}  // namespace grinder::btcturk::sim
