#pragma once
// A circuit breaker per venue: it opens on consecutive errors or at once on
// rate limiting (429/418), blocks execution while open, lets one probe through
// when the cool-off has passed (half-open), and closes on its success.
#include <cstdint>
#include <mutex>
#include <string>

namespace grinder::safety {

class CircuitBreaker {
 public:
  enum class State { Closed, Open, HalfOpen };

  struct Settings {
    int failure_threshold = 5;
    std::int64_t open_ms = 30000;
  };

  CircuitBreaker() : CircuitBreaker(Settings{}) {}
  explicit CircuitBreaker(Settings s) : settings_(s) {}

  void on_success(std::int64_t now_ms);
  void on_failure(std::int64_t now_ms);
  // retry_after_ms: the venue's Retry-After, when it gave one.
  void on_rate_limited(std::int64_t now_ms, std::int64_t retry_after_ms);

  // Moves Open -> HalfOpen once the cool-off has passed, then says whether
  // execution is blocked.
  bool blocks(std::int64_t now_ms);
  State state(std::int64_t now_ms);
  std::string last_reason() const;

  static const char* to_string(State s);

 private:
  void open_locked(std::int64_t now_ms, std::int64_t for_ms, std::string why);

  Settings settings_;
  mutable std::mutex mu_;
  State state_ = State::Closed;
  int failures_ = 0;
  std::int64_t open_until_ms_ = 0;
  std::string reason_;
};

}  // namespace grinder::safety
