#include "sim_venue.hpp"

#include <chrono>

#include "grinder/venue_plugin.hpp"

namespace grinder::btcturk::sim {

namespace {
std::int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

SimVenue::SimVenue(SimOptions options)
    : options_(std::move(options)),
      market_(options_.seed, wall_now_ms()),
      exchange_(
          market_, [this] { return now_ms(); }, options_.cancel_delay_ms) {
  build_routes();
}

std::int64_t SimVenue::now_ms() const { return wall_now_ms() + clock_offset_ms_; }

void SimVenue::tick() { exchange_.on_tick(market_.step(now_ms())); }

std::string SimVenue::route_key(const Request& req) {
  static const std::string order_prefix = "/api/v1/order/";
  if (req.method == "GET" && req.path.size() > order_prefix.size() && req.path.rfind(order_prefix, 0) == 0)
    return "GET /api/v1/order/{id}";
  return req.method + " " + req.path;
}

Reply SimVenue::rate_limited(int retry_after_s) const {
  // docs /rate-limits, verbatim shape.
  venue_sdk::JsonWriter w;
  w.begin_object().key("message").string("TOO_MANY_REQUESTS").key("success").boolean(false);
  w.key("code").integer(429);
  w.key("details").string("Quota exceeded. Maximum allowed: 300 per 1m. Please try again in " +
                          std::to_string(retry_after_s) + " second(s).");
  w.key("limit").string("300").key("period").string("1m").key("policy").string("account").end_object();
  Reply r = Reply::json(429, w.take());
  r.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  return r;
}

}  // namespace grinder::btcturk::sim
