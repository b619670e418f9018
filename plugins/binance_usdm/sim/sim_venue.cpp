#include "sim_venue.hpp"

#include <chrono>

#include "grinder/venue_plugin.hpp"

namespace grinder::binance::sim {

namespace {
std::int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

SimVenue::SimVenue(SimOptions options, WsHub& hub)
    : options_(std::move(options)),
      hub_(hub),
      market_(options_.seed, wall_now_ms()),
      exchange_(
          market_, [this](const std::string& channel, const std::string& text) { hub_.publish(channel, text); },
          [this] { return now_ms(); }) {
  build_routes();
}

std::int64_t SimVenue::now_ms() const { return wall_now_ms() + clock_offset_ms_; }

void SimVenue::tick() { exchange_.on_prices(market_.step(now_ms())); }

std::optional<WsRoute> SimVenue::ws_route(const Request& req) {
  auto params = request_params(req);
  // Market streams on /public (2026) and the legacy root; both raw
  // (/ws/<stream>) and combined (/stream?streams=a/b).
  for (const char* prefix : {"/public", ""}) {
    std::string p = prefix;
    if (req.path == p + "/stream" && params.count("streams")) {
      WsRoute r{{}, "market"};
      std::string list = params["streams"];
      std::size_t pos = 0;
      while (pos <= list.size()) {
        std::size_t slash = list.find('/', pos);
        if (slash == std::string::npos) slash = list.size();
        if (slash > pos) r.channels.push_back(list.substr(pos, slash - pos));
        pos = slash + 1;
      }
      return r;
    }
    if (req.path.rfind(p + "/ws/", 0) == 0 && req.path.find("@") != std::string::npos)
      return WsRoute{{req.path.substr(p.size() + 4)}, "market"};
  }
  // User data only on /private with the listenKey as a query parameter: the
  // legacy /ws/<listenKey> no longer carries it.
  if (req.path == "/private/ws" && !listen_key_.empty() && params["listenKey"] == listen_key_)
    return WsRoute{{"user"}, "user"};
  return std::nullopt;
}

Reply SimVenue::refusal(const Refusal& r) const {
  venue_sdk::JsonWriter w;
  w.begin_object().key("code").integer(r.code).key("msg").string(r.msg).end_object();
  return Reply::json(r.status, w.take());
}

Reply SimVenue::limited(int status, std::int64_t until_ms) const {
  std::int64_t left_s = (until_ms - now_ms() + 999) / 1000;
  if (left_s < 1) left_s = 1;
  Reply r = status == 429
                ? refusal({429, -1003,
                           "Too many requests; current limit is 2400 requests per minute. Please use the websocket "
                           "for live updates to avoid polling the API."})
                : refusal({418, -1003,
                           "Way too many requests; IP banned until " + std::to_string(until_ms) +
                               ". Please use the websocket for live updates to avoid bans."});
  r.headers.emplace_back("Retry-After", std::to_string(left_s));
  return r;
}

int SimVenue::weight_of(const Request& req) const {
  bool has_symbol = req.query.find("symbol=") != std::string::npos;
  if (req.path == "/fapi/v1/ticker/bookTicker") return has_symbol ? 2 : 5;
  if (req.path == "/fapi/v1/openOrders") return has_symbol ? 1 : 40;
  if (req.path.find("positionRisk") != std::string::npos || req.path.find("balance") != std::string::npos) return 5;
  if (req.method == "POST" && req.path == "/fapi/v1/order") return 0;  // counts on the order limits instead
  return 1;
}

void SimVenue::add_usage(Reply& reply, const Request& req) {
  std::int64_t now = now_ms();
  if (now / 60000 != weight_minute_) {
    weight_minute_ = now / 60000;
    weight_used_ = 0;
  }
  weight_used_ += weight_of(req);
  reply.headers.emplace_back("X-MBX-USED-WEIGHT-1M", std::to_string(weight_used_));
  if (req.method == "POST" && req.path == "/fapi/v1/order") {
    if (now / 60000 != orders_minute_) {
      orders_minute_ = now / 60000;
      orders_1m_ = 0;
    }
    if (now / 10000 != orders_10s_slot_) {
      orders_10s_slot_ = now / 10000;
      orders_10s_ = 0;
    }
    ++orders_1m_;
    ++orders_10s_;
    reply.headers.emplace_back("X-MBX-ORDER-COUNT-10S", std::to_string(orders_10s_));
    reply.headers.emplace_back("X-MBX-ORDER-COUNT-1M", std::to_string(orders_1m_));
  }
}

const SimVenue::Route* SimVenue::route(const std::string& method, const std::string& path) const {
  auto it = routes_.find(method + " " + path);
  return it == routes_.end() ? nullptr : &it->second;
}

}  // namespace grinder::binance::sim
