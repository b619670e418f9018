#pragma once
// The simulated Binance USDT-M venue: REST routes (with the request security
// Binance applies and its rate-limit headers), the WebSocket routes of the
// 2026 URL split (/public market streams, /private user data), and the admin
// interface that injects the runbooks' situations and faults. Runs on one
// thread; no locks.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "auth.hpp"
#include "exchange.hpp"
#include "faults.hpp"
#include "http_types.hpp"
#include "market.hpp"
#include "server.hpp"
#include "ws_hub.hpp"

namespace grinder::binance::sim {

struct SimOptions {
  std::string api_key = "sim-api-key";
  std::string api_secret = "sim-api-secret";
  std::uint64_t seed = 42;
  bool verbose = false;  // one stderr line per request: method, path, status (never the query)
};

class SimVenue {
 public:
  SimVenue(SimOptions options, WsHub& hub);

  Reply rest(const Request& req);
  std::optional<WsRoute> ws_route(const Request& req);
  Reply admin(const Request& req);
  // One market step: prices move, book tickers go out, resting orders fill.
  void tick();
  std::int64_t now_ms() const;

 private:
  using Handler = std::function<Reply(const Request&, std::map<std::string, std::string>&)>;
  struct Route {
    Security security;
    Handler handler;
  };
  const Route* route(const std::string& method, const std::string& path) const;
  void build_routes();
  Reply refusal(const Refusal& r) const;
  Reply limited(int status, std::int64_t until_ms) const;
  int weight_of(const Request& req) const;
  void add_usage(Reply& reply, const Request& req);

  SimOptions options_;
  WsHub& hub_;
  Market market_;
  Exchange exchange_;
  Faults faults_;
  std::map<std::string, Route> routes_;  // "METHOD /path"
  std::int64_t clock_offset_ms_ = 0;
  std::int64_t limit_until_ms_ = 0;  // a 429's Retry-After window: pressing on earns a 418
  std::int64_t ban_until_ms_ = 0;
  int retry_after_s_ = 1;
  std::map<std::string, int> requests_;
  std::int64_t weight_minute_ = 0, weight_used_ = 0;
  std::int64_t orders_minute_ = 0, orders_1m_ = 0, orders_10s_slot_ = 0, orders_10s_ = 0;
  std::string listen_key_;  // "" when none is active
};

}  // namespace grinder::binance::sim
