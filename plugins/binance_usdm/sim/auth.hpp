#pragma once
// Request security as Binance checks it: the X-MBX-APIKEY header (-2014,
// -2015), then for SIGNED endpoints the HMAC-SHA256 signature over the query
// string followed by the body (-1022) and the timestamp against the server's
// clock and recvWindow (-1021).
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "exchange.hpp"
#include "http_types.hpp"

namespace grinder::binance::sim {

enum class Security { None, ApiKey, Signed };

// The request's parameters, query string and form body together (the query
// string wins, as Binance says), decoded.
std::map<std::string, std::string> request_params(const Request& req);

std::optional<Refusal> check_security(const Request& req, Security security, const std::string& api_key,
                                      const std::string& api_secret, std::int64_t server_ms);

}  // namespace grinder::binance::sim
