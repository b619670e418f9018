#pragma once
// Every REST call the plugin makes goes through here: the Authentication V1
// headers on a stamp from the venue's clock, the 429 hold, the resync and
// single resend after "Invalid Nonce", and the sorting of each answer into
// what the caller must do with it. Log lines carry the method and path only.
#include <rapidjson/document.h>

#include <cstdint>
#include <string>

#include "config.hpp"
#include "errors.hpp"
#include "grinder/venue_kit/http_client.hpp"
#include "grinder/venue_plugin.hpp"
#include "kit.hpp"
#include "query.hpp"
#include "rate_limit_hold.hpp"
#include "time_sync.hpp"

namespace grinder::btcturk {

// Public market data (/api/v2) or a private call (/api/v1) that carries
// X-PCK, X-Stamp and X-Signature.
enum class Access { Public, Private };

struct Reply {
  enum class Kind {
    Ok,             // a 2xx answer with JSON that is not an error envelope (in json)
    Api,            // the venue answered with an error (in error)
    Unknown,        // the request left and no usable answer came back (in detail)
    NotSent,        // the request never reached the venue (in detail)
    Held,           // not sent: a 429's wait has not passed (error.retry_after_ms is what is left)
    NoCredentials,  // not sent: a private call with no keys configured
  };
  Kind kind = Kind::NotSent;
  rapidjson::Document json;
  ApiError error;
  std::string detail;
  bool tls_verify_failed = false;

  bool ok() const { return kind == Kind::Ok; }
  // The envelope's "data", or the whole answer when it has none.
  const rapidjson::Value& data() const;
};

class RestSession {
 public:
  RestSession(const Config& cfg, TimeSync& time, RateLimitHold& hold, const Log& log);

  // One call. A private call refused with "Invalid Nonce" was refused before
  // anything happened, so it is stamped on a freshly learned clock and sent
  // once more (safe even for an order).
  Reply call(const std::string& method, const std::string& path, const Query& query, Access access,
             const std::string& body = "");

  // GET /api/v2/server/time, learning the offset. Returns the venue's time.
  std::int64_t sync_time();

  // The failure a reply that is not Ok stands for, classified for op.
  static venue_sdk::Failure failure_of(const Reply& r, Op op, const std::string& what);

 private:
  Reply send_once(const std::string& method, const std::string& path, const Query& query, Access access,
                  const std::string& body);

  const Config& cfg_;
  TimeSync& time_;
  RateLimitHold& hold_;
  const Log& log_;
  venue_kit::HttpClient http_;
};

}  // namespace grinder::btcturk
