#pragma once
// What the admin interface injects into the REST side, the failures the
// runbooks rehearse: latency, a request accepted and never answered, 503
// "Unknown error" (with the order placed all the same), 429 escalating to
// 418 with Retry-After, malformed or truncated JSON, any error code.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace grinder::binance::sim {

struct Fault {
  std::string kind;    // latency, timeout, status_503, rate_limit, ban, malformed, truncated, error
  std::string method;  // "" = any
  std::string path;    // "" = any REST path
  int count = 1;       // requests it applies to; < 0 until cleared
  int latency_ms = 0;
  int retry_after_s = 1;
  int status = 400;  // error
  int code = 0;      // error
  std::string msg;   // error
  // timeout, status_503, malformed, truncated: whether the request takes
  // effect before the answer goes wrong (the worst case, and the default).
  bool apply = true;
};

class Faults {
 public:
  // Checks kind and fields; an error message, or "" when added.
  std::string add(Fault f);
  // The first fault that matches, consuming one of its uses.
  std::optional<Fault> take(const std::string& method, const std::string& path);
  void clear() { faults_.clear(); }
  std::size_t size() const { return faults_.size(); }

 private:
  std::vector<Fault> faults_;
};

}  // namespace grinder::binance::sim
