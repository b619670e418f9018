#include "auth.hpp"

#include <charconv>
#include <strings.h>

#include "grinder/venue_kit/url_encoding.hpp"
#include "signing.hpp"

namespace grinder::binance::sim {

namespace {

// The signature is the last parameter of whichever part carries it; what
// it signs is everything else, query string then body.
bool split_signature(const std::string& part, std::string& rest, std::string& signature) {
  std::size_t at = part.rfind("signature=");
  if (at == std::string::npos || (at != 0 && part[at - 1] != '&')) return false;
  signature = part.substr(at + 10);
  if (signature.find('&') != std::string::npos) return false;  // not last
  rest = at == 0 ? "" : part.substr(0, at - 1);
  return true;
}

std::optional<std::int64_t> integer(const std::string& s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

Refusal refuse(int status, int code, std::string msg) { return {status, code, std::move(msg)}; }

}  // namespace

std::map<std::string, std::string> request_params(const Request& req) {
  std::map<std::string, std::string> out;
  venue_kit::decode_form(req.query, out, true);
  venue_kit::decode_form(req.body, out, false);
  return out;
}

std::optional<Refusal> check_security(const Request& req, Security security, const std::string& api_key,
                                      const std::string& api_secret, std::int64_t server_ms) {
  if (security == Security::None) return std::nullopt;
  std::string key = req.header("x-mbx-apikey");
  if (key.empty()) return refuse(401, -2014, "API-key format invalid.");
  if (key != api_key) return refuse(401, -2015, "Invalid API-key, IP, or permissions for action.");
  if (security == Security::ApiKey) return std::nullopt;

  std::string query = req.query, body = req.body, signature;
  bool found = split_signature(req.query, query, signature) || split_signature(req.body, body, signature);
  if (!found || signature.empty())
    return refuse(400, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed.");
  std::string expected = signature_for(api_secret, query, body);
  if (expected.size() != signature.size() || strncasecmp(expected.c_str(), signature.c_str(), expected.size()) != 0)
    return refuse(400, -1022, "Signature for this request is not valid.");

  auto params = request_params(req);
  auto ts = integer(params["timestamp"]);
  if (!ts) return refuse(400, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
  std::int64_t window = 5000;
  if (params.count("recvWindow")) {
    auto w = integer(params["recvWindow"]);
    if (!w || *w <= 0 || *w > 60000) return refuse(400, -1131, "recvWindow must be less than 60000");
    window = *w;
  }
  // The venue's rule, verbatim: timestamp < serverTime + 1000 && serverTime - timestamp <= recvWindow.
  if (*ts >= server_ms + 1000)
    return refuse(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
  if (server_ms - *ts > window) return refuse(400, -1021, "Timestamp for this request is outside of the recvWindow.");
  return std::nullopt;
}

}  // namespace grinder::binance::sim
