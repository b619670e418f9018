#include "signing.hpp"

#include "grinder/venue_kit/hmac.hpp"
#include "grinder/venue_kit/url_encoding.hpp"

namespace grinder::binance {

Query& Query::add(std::string key, std::string value) {
  params_.emplace_back(std::move(key), std::move(value));
  return *this;
}

std::string Query::str() const {
  std::string out;
  for (const auto& [k, v] : params_) {
    if (!out.empty()) out.push_back('&');
    out += venue_kit::url_encode(k);
    out.push_back('=');
    out += venue_kit::url_encode(v);
  }
  return out;
}

std::string signature_for(std::string_view secret, std::string_view query, std::string_view body) {
  std::string total;
  total.reserve(query.size() + body.size());
  total.append(query);
  total.append(body);
  return venue_kit::hmac_sha256_hex(secret, total);
}

std::string signed_params(const Query& params, std::int64_t recv_window_ms, std::int64_t timestamp_ms,
                          std::string_view secret) {
  Query q = params;
  q.add("recvWindow", std::to_string(recv_window_ms));
  q.add("timestamp", std::to_string(timestamp_ms));
  std::string text = q.str();
  return text + "&signature=" + signature_for(secret, text, "");
}

}  // namespace grinder::binance
