#include "rest_session.hpp"

#include "json.hpp"
#include "market_json.hpp"
#include "signing.hpp"

namespace grinder::btcturk {

using venue_sdk::Failure;

const rapidjson::Value& Reply::data() const {
  const rapidjson::Value* d = member(json, "data");
  return d ? *d : json;
}

RestSession::RestSession(const Config& cfg, TimeSync& time, RateLimitHold& hold, const Log& log)
    : cfg_(cfg),
      time_(time),
      hold_(hold),
      log_(log),
      http_(cfg.rest, cfg.http, venue_kit::TlsOptions{cfg.ca_file}, "grinder-btcturk/0.1") {}

Reply RestSession::call(const std::string& method, const std::string& path, const Query& query, Access access,
                        const std::string& body) {
  if (access == Access::Private && cfg_.has_credentials() && time_.due(cfg_.time_sync_interval)) {
    try {
      sync_time();
    } catch (const Failure& e) {
      log_.warn("time sync before " + method + " " + path + " failed: " + e.what());
    }
  }
  Reply r = send_once(method, path, query, access, body);
  if (access == Access::Private && r.kind == Reply::Kind::Api && is_invalid_nonce(r.error)) {
    std::int64_t before = time_.offset_ms();
    try {
      sync_time();
    } catch (const Failure& e) {
      log_.warn("Invalid Nonce on " + method + " " + path + ", and the time resync failed: " + e.what());
      return r;
    }
    log_.warn("Invalid Nonce on " + method + " " + path + ": clock offset " + std::to_string(before) + " -> " +
              std::to_string(time_.offset_ms()) + " ms, sending once more");
    r = send_once(method, path, query, access, body);
  }
  return r;
}

Reply RestSession::send_once(const std::string& method, const std::string& path, const Query& query, Access access,
                             const std::string& body) {
  Reply r;
  if (auto left = hold_.left(wall_ms())) {
    r.kind = Reply::Kind::Held;
    r.error.http_status = 429;
    r.error.retry_after_ms = *left;
    r.detail = method + " " + path + " not sent: the venue's 429 wait has " + std::to_string(*left) + " ms to run";
    return r;
  }
  if (access == Access::Private && !cfg_.has_credentials()) {
    r.kind = Reply::Kind::NoCredentials;
    r.detail = method + " " + path + " not sent: no API keys configured (credentials.api_key and api_secret are empty)";
    return r;
  }
  venue_kit::HttpRequest req;
  req.method = method;
  req.target = path + (query.empty() ? "" : "?" + query.str());
  req.body = body;
  // BTCTurk takes JSON bodies; its private calls also want this header on a
  // GET (Authentication V1), added below.
  req.content_type = "application/json";
  if (access == Access::Private) {
    std::int64_t stamp = time_.next_stamp();
    req.headers.emplace_back("X-PCK", cfg_.api_key);
    req.headers.emplace_back("X-Stamp", std::to_string(stamp));
    req.headers.emplace_back("X-Signature", x_signature(cfg_.api_key, cfg_.private_key_bytes, stamp));
    if (body.empty()) req.headers.emplace_back("Content-Type", "application/json");
  }

  std::int64_t started = wall_ms();
  venue_kit::HttpResult res = http_.send(req);
  std::int64_t took = wall_ms() - started;
  if (!res.ok()) {
    r.kind = res.sent() ? Reply::Kind::Unknown : Reply::Kind::NotSent;
    r.detail = res.error;
    r.tls_verify_failed = res.tls_verify_failed;
    log_.debug(method + " " + path + " -> " + res.error + " (" + std::to_string(took) + " ms)");
    return r;
  }
  int status = res.response.status;
  log_.debug(method + " " + path + " -> " + std::to_string(status) + " (" + std::to_string(took) + " ms)");

  if (status < 200 || status >= 300) {
    r.kind = Reply::Kind::Api;
    r.error = parse_api_error(status, res.response.body);
    if (is_rate_limited(r.error)) {
      r.error.retry_after_ms = rate_limit_hold_ms(res.response.header("Retry-After"), r.error);
      hold_.hold_until(wall_ms() + r.error.retry_after_ms);
      hold_.count();
      log_.warn(method + " " + path + ": HTTP 429 " + r.error.details + "; nothing more is sent for " +
                std::to_string(r.error.retry_after_ms) + " ms");
    }
    return r;
  }
  std::string parse_error;
  auto doc = parse_json(res.response.body, parse_error);
  if (!doc) {
    // A 2xx the plugin cannot read: the venue acted, we do not know how.
    r.kind = Reply::Kind::Unknown;
    r.detail = method + " " + path + ": HTTP " + std::to_string(status) + " answer unreadable (" + parse_error + ")";
    log_.warn(r.detail);
    return r;
  }
  // An envelope that says it failed, or an "Unauthorized - ..." the venue has
  // been seen to send with 200 and "success": true, is an error all the same.
  ApiError e = api_error_of(status, *doc);
  if (bool_of(*doc, "success") == false || is_auth_error(e)) {
    r.kind = Reply::Kind::Api;
    r.error = std::move(e);
    return r;
  }
  r.kind = Reply::Kind::Ok;
  r.json = std::move(*doc);
  return r;
}

std::int64_t RestSession::sync_time() {
  std::int64_t sent = wall_ms();
  Reply r = send_once("GET", "/api/v2/server/time", Query(), Access::Public, "");
  std::int64_t received = wall_ms();
  if (!r.ok()) throw failure_of(r, Op::Read, "server time");
  auto server = parse_server_time(r.json);
  if (!server) throw Failure(GRINDER_VENUE_RETRYABLE, "btcturk: server time: answer has no serverTime");
  time_.learn(*server, sent, received);
  return *server;
}

Failure RestSession::failure_of(const Reply& r, Op op, const std::string& what) {
  switch (r.kind) {
    case Reply::Kind::Api: {
      Verdict v = classify(r.error, op);
      return Failure(v.rc, "btcturk: " + what + ": " + v.message, v.venue_code);
    }
    case Reply::Kind::Held:
      return Failure(
          GRINDER_VENUE_RATE_LIMITED,
          "btcturk: " + what + ": " + r.detail + "; retry_after_ms=" + std::to_string(r.error.retry_after_ms), 429);
    case Reply::Kind::NoCredentials: return Failure(GRINDER_VENUE_AUTH, "btcturk: " + what + ": " + r.detail);
    case Reply::Kind::Unknown:
      if (op != Op::Read)
        return Failure(GRINDER_VENUE_UNKNOWN_STATE, "btcturk: " + what + ": " + r.detail +
                                                        "; the outcome is unknown: reconcile before acting again");
      return Failure(GRINDER_VENUE_RETRYABLE, "btcturk: " + what + ": " + r.detail);
    case Reply::Kind::NotSent:
      // A certificate the host cannot trust will not become trustworthy by retrying.
      return Failure(r.tls_verify_failed ? GRINDER_VENUE_NON_RETRYABLE : GRINDER_VENUE_RETRYABLE,
                     "btcturk: " + what + ": " + r.detail);
    case Reply::Kind::Ok: break;
  }
  return Failure(GRINDER_VENUE_NON_RETRYABLE, "btcturk: " + what + ": no failure to report");
}

}  // namespace grinder::btcturk
