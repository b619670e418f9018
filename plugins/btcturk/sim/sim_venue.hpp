#pragma once
// The simulated BTCTurk venue: the REST routes of the plugin's subset (with
// Authentication V1 checked on every private one), and the admin interface
// that injects the runbook's situations and faults. Runs on one thread; no
// locks.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "envelope.hpp"
#include "exchange.hpp"
#include "faults.hpp"
#include "http_types.hpp"
#include "market.hpp"

namespace grinder::btcturk::sim {

struct SimOptions {
  std::string api_key = "sim-public-key";
  std::string private_key_bytes = "sim-private-key-bytes";  // decoded from --api-secret
  std::uint64_t seed = 42;
  int cancel_delay_ms = 50;  // how long an accepted cancel takes to carry out
  bool verbose = false;      // one stderr line per request: method, path, status (never a header)
};

class SimVenue {
 public:
  explicit SimVenue(SimOptions options);

  Reply rest(const Request& req);
  Reply admin(const Request& req);
  // One market step: tickers are recomputed, prices move, due cancels are
  // carried out, resting orders fill.
  void tick();
  std::int64_t now_ms() const;

 private:
  using Params = std::map<std::string, std::string>;
  using Handler = std::function<Reply(const Request&, Params&)>;
  struct Route {
    bool is_private;
    Handler handler;
  };
  // "GET /api/v1/order/{id}" for an order's path, else "METHOD /path".
  static std::string route_key(const Request& req);
  void build_routes();
  Reply rate_limited(int retry_after_s) const;

  SimOptions options_;
  Market market_;
  Exchange exchange_;
  Faults faults_;
  std::map<std::string, Route> routes_;
  std::int64_t clock_offset_ms_ = 0;
  std::int64_t limit_until_ms_ = 0;  // a 429's block: anything sent meanwhile gets another 429
  std::map<std::string, int> requests_;
  int auth_refusals_ = 0;
};

}  // namespace grinder::btcturk::sim
