#pragma once
// Every REST call the plugin makes goes through here: the API key header,
// signing with a timestamp on the venue's clock, the rate-limit counters and
// Retry-After, the -1021 resync, and the sorting of each answer into what
// the caller must do with it. Log lines carry the method and path only.
#include <rapidjson/document.h>

#include <cstdint>
#include <string>

#include "config.hpp"
#include "errors.hpp"
#include "grinder/venue_kit/http_client.hpp"
#include "grinder/venue_plugin.hpp"
#include "kit.hpp"
#include "rate_limits.hpp"
#include "signing.hpp"
#include "time_sync.hpp"

namespace grinder::binance {

// What a call needs: nothing (market data), the API key (USER_STREAM), or a
// signature as well (TRADE, USER_DATA).
enum class Security { None, ApiKey, Signed };

struct Reply {
  enum class Kind {
    Ok,       // a 2xx answer with a JSON body (in json)
    Api,      // the venue answered with an error (in error)
    Unknown,  // the request left and no usable answer came back (in detail)
    NotSent,  // the request never reached the venue (in detail)
    Held,     // not sent: still inside a 429/418 Retry-After window
  };
  Kind kind = Kind::NotSent;
  rapidjson::Document json;
  ApiError error;
  std::string detail;
  bool tls_verify_failed = false;

  bool ok() const { return kind == Kind::Ok; }
  bool api_code(int c) const { return kind == Kind::Api && error.code == c; }
};

class RestSession {
 public:
  RestSession(const Config& cfg, TimeSync& time, RateLimits& limits, const Log& log);

  // One call. A signed call that the venue refuses with -1021 is re-signed on
  // a freshly learned clock and sent once more (a -1021 request was refused
  // before anything happened, so that is safe even for an order).
  Reply call(const std::string& method, const std::string& path, const Query& params, Security security);

  // GET /fapi/v1/time, learning the offset. Returns the venue's time.
  std::int64_t sync_time();

  // The failure a reply that is not Ok stands for, classified for op.
  static venue_sdk::Failure failure_of(const Reply& r, Op op, const std::string& what);

 private:
  Reply send_once(const std::string& method, const std::string& path, const Query& params, Security security);

  const Config& cfg_;
  TimeSync& time_;
  RateLimits& limits_;
  const Log& log_;
  venue_kit::HttpClient http_;
};

}  // namespace grinder::binance
