#pragma once
// Binance SIGNED requests (USDT-M "Request security"): the parameters as a
// query string, `recvWindow` and `timestamp` added, and last of all
// `signature`, the hex HMAC-SHA256 of totalParams (the query string followed
// by the request body, no separator) under the API secret.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace grinder::binance {

// Lower-case hex HMAC-SHA256 of data under key.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// Percent-encoding for a query value: A-Z a-z 0-9 - _ . ~ stay, everything
// else becomes %XX. The signature covers the encoded text, as sent.
std::string url_encode(std::string_view text);
// The reverse; '+' reads as a space, as in a form body. Malformed escapes
// are kept as they are.
std::string url_decode(std::string_view text);

// Parameters in the order they are added, rendered key=value&key=value.
class Query {
 public:
  Query& add(std::string key, std::string value);
  bool empty() const { return params_.empty(); }
  std::string str() const;
  const std::vector<std::pair<std::string, std::string>>& params() const { return params_; }

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

// hmac_sha256_hex(secret, query + body).
std::string signature_for(std::string_view secret, std::string_view query, std::string_view body);

// `params&recvWindow=W&timestamp=T&signature=S`: the text of a signed GET or
// DELETE query string, or of a signed POST/PUT body (sent with an empty query
// string, so totalParams is the body alone).
std::string signed_params(const Query& params, std::int64_t recv_window_ms, std::int64_t timestamp_ms,
                          std::string_view secret);

}  // namespace grinder::binance
