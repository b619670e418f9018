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

// Parameters in the order they are added, rendered key=value&key=value with
// each key and value percent-encoded (venue_kit::url_encode). The signature
// covers the encoded text, as sent.
class Query {
 public:
  Query& add(std::string key, std::string value);
  bool empty() const { return params_.empty(); }
  std::string str() const;
  const std::vector<std::pair<std::string, std::string>>& params() const { return params_; }

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

// The lower-case hex HMAC-SHA256 of query + body under the secret.
std::string signature_for(std::string_view secret, std::string_view query, std::string_view body);

// `params&recvWindow=W&timestamp=T&signature=S`: the text of a signed GET or
// DELETE query string, or of a signed POST/PUT body (sent with an empty query
// string, so totalParams is the body alone).
std::string signed_params(const Query& params, std::int64_t recv_window_ms, std::int64_t timestamp_ms,
                          std::string_view secret);

}  // namespace grinder::binance
