#include "rest_session.hpp"

#include "json.hpp"

namespace grinder::binance {

namespace {

using venue_sdk::Failure;

// Without Retry-After, the shortest wait Binance's docs describe: a 418 ban
// lasts at least 2 minutes; after a 429, back off a second.
constexpr std::int64_t kDefault429Ms = 1000;
constexpr std::int64_t kDefault418Ms = 120000;

}  // namespace

RestSession::RestSession(const Config& cfg, TimeSync& time, RateLimits& limits, const Log& log)
    : cfg_(cfg),
      time_(time),
      limits_(limits),
      log_(log),
      http_(cfg.rest, cfg.http, venue_kit::TlsOptions{cfg.ca_file}, "grinder-binance-usdm/0.1") {}

Reply RestSession::call(const std::string& method, const std::string& path, const Query& params, Security security) {
  if (security == Security::Signed && time_.due(cfg_.time_sync_interval)) {
    try {
      sync_time();
    } catch (const Failure& e) {
      log_.warn(std::string("time sync before ") + method + " " + path + " failed: " + e.what());
    }
  }
  Reply r = send_once(method, path, params, security);
  if (security == Security::Signed && r.api_code(code::kInvalidTimestamp)) {
    std::int64_t before = time_.offset_ms();
    try {
      sync_time();
    } catch (const Failure& e) {
      log_.warn("-1021 on " + method + " " + path + ", and the time resync failed: " + e.what());
      return r;
    }
    log_.warn("-1021 on " + method + " " + path + ": clock offset " + std::to_string(before) + " -> " +
              std::to_string(time_.offset_ms()) + " ms, sending once more");
    r = send_once(method, path, params, security);
  }
  return r;
}

Reply RestSession::send_once(const std::string& method, const std::string& path, const Query& params,
                             Security security) {
  Reply r;
  if (auto held = limits_.blocked(wall_ms())) {
    r.kind = Reply::Kind::Held;
    r.error.http_status = held->first;
    r.error.retry_after_ms = held->second;
    r.detail = method + " " + path + " not sent: the venue's Retry-After (HTTP " + std::to_string(held->first) +
               ") has " + std::to_string(held->second) + " ms to run";
    return r;
  }
  if (security != Security::None && !cfg_.has_credentials()) {
    r.kind = Reply::Kind::Api;
    r.error = {0, code::kRejectedApiKey, "no API key configured (credentials.api_key / api_secret are empty)", -1};
    return r;
  }
  venue_kit::HttpRequest req;
  req.method = method;
  std::string text;
  if (security == Security::Signed)
    text = signed_params(params, cfg_.recv_window_ms, time_.now_ms(), cfg_.api_secret);
  else
    text = params.str();
  // Writes carry their parameters in a form body, reads in the query string;
  // either way the signature covers exactly the text sent.
  bool in_body = method == "POST" || method == "PUT";
  req.target = path + (!in_body && !text.empty() ? "?" + text : "");
  if (in_body) {
    req.body = text;
    req.content_type = "application/x-www-form-urlencoded";
  }
  if (security != Security::None) req.headers.emplace_back("X-MBX-APIKEY", cfg_.api_key);

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
  limits_.observe(res.response.headers, wall_ms());
  auto weight = limits_.view().used_weight;
  log_.debug(method + " " + path + " -> " + std::to_string(res.response.status) + " (" + std::to_string(took) + " ms" +
             (weight.count("1m") ? ", used weight 1m " + std::to_string(weight["1m"]) : std::string()) + ")");
  if (limits_.weight_warning_due(wall_ms()))
    log_.warn("used weight " + std::to_string(weight["1m"]) + " of " + std::to_string(limits_.view().weight_limit_1m) +
              " per minute: close to the venue's limit");

  int status = res.response.status;
  if (status < 200 || status >= 300) {
    r.kind = Reply::Kind::Api;
    r.error = parse_api_error(status, res.response.body);
    if (status == 429 || status == 418) {
      auto after = retry_after_ms(res.response.header("Retry-After"));
      r.error.retry_after_ms = after.value_or(status == 418 ? kDefault418Ms : kDefault429Ms);
      limits_.back_off(wall_ms() + r.error.retry_after_ms, status);
      log_.warn(method + " " + path + ": HTTP " + std::to_string(status) + " " + r.error.msg +
                "; nothing more is sent for " + std::to_string(r.error.retry_after_ms) + " ms");
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
  r.kind = Reply::Kind::Ok;
  r.json = std::move(*doc);
  return r;
}

std::int64_t RestSession::sync_time() {
  std::int64_t sent = wall_ms();
  Reply r = send_once("GET", "/fapi/v1/time", Query(), Security::None);
  std::int64_t received = wall_ms();
  if (!r.ok()) throw failure_of(r, Op::Read, "time sync");
  auto server = int_of(r.json, "serverTime");
  if (!server) throw Failure(GRINDER_VENUE_RETRYABLE, "binance: time sync: answer has no serverTime");
  time_.learn(*server, sent, received);
  return *server;
}

Failure RestSession::failure_of(const Reply& r, Op op, const std::string& what) {
  switch (r.kind) {
    case Reply::Kind::Api: {
      Verdict v = classify(r.error, op);
      return Failure(v.rc, what + ": " + v.message, v.venue_code);
    }
    case Reply::Kind::Held:
      return Failure(
          GRINDER_VENUE_RATE_LIMITED,
          "binance: " + what + ": " + r.detail + "; retry_after_ms=" + std::to_string(r.error.retry_after_ms),
          r.error.http_status);
    case Reply::Kind::Unknown:
      if (is_write(op))
        return Failure(GRINDER_VENUE_UNKNOWN_STATE, "binance: " + what + ": " + r.detail +
                                                        "; the outcome is unknown: reconcile before acting again");
      return Failure(GRINDER_VENUE_RETRYABLE, "binance: " + what + ": " + r.detail);
    case Reply::Kind::NotSent:
      // A certificate the host cannot trust will not become trustworthy by retrying.
      return Failure(r.tls_verify_failed ? GRINDER_VENUE_NON_RETRYABLE : GRINDER_VENUE_RETRYABLE,
                     "binance: " + what + ": " + r.detail);
    case Reply::Kind::Ok: break;
  }
  return Failure(GRINDER_VENUE_NON_RETRYABLE, "binance: " + what + ": no failure to report");
}

}  // namespace grinder::binance
