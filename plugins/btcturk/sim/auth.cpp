#include "auth.hpp"

#include <charconv>

#include "signing.hpp"

namespace grinder::btcturk::sim {

namespace {

// The code BTCTurk has been seen to send with "Unauthorized - Invalid
// Nonce" and "Unauthorized - Invalid Public key".
constexpr int kUnauthorizedCode = 1037;

Refusal unauthorized(const std::string& why) { return {401, kUnauthorizedCode, "Unauthorized - " + why}; }

// Compared in time independent of where they differ, as a venue should.
bool same(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

std::optional<Refusal> check_auth(const Request& req, const std::string& public_key,
                                  const std::string& private_key_bytes, std::int64_t server_ms) {
  std::string pck = req.header("x-pck"), stamp = req.header("x-stamp"), signature = req.header("x-signature");
  if (pck.empty() || stamp.empty() || signature.empty()) return unauthorized("Headers are missing");
  if (!same(pck, public_key)) return unauthorized("Invalid Public key");
  std::int64_t ts = 0;
  auto [end, ec] = std::from_chars(stamp.data(), stamp.data() + stamp.size(), ts);
  if (ec != std::errc() || end != stamp.data() + stamp.size()) return unauthorized("Invalid Nonce");
  if (ts > server_ms + kStampToleranceMs || ts < server_ms - kStampToleranceMs) return unauthorized("Invalid Nonce");
  if (!same(signature, x_signature(public_key, private_key_bytes, ts))) return unauthorized("Invalid Signature");
  return std::nullopt;
}

}  // namespace grinder::btcturk::sim
