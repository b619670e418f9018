#pragma once
// After a 429 BTCTurk blocks the caller for the rule's period ("block = same
// as period", docs /rate-limits); requests sent meanwhile only prolong it.
// So after a 429 the plugin sends nothing at all until the wait it was
// given has passed, and every call in between fails RATE_LIMITED at once.
// Only the host's calls touch it, one at a time (the ABI's contract), so it
// needs no lock.
#include <cstdint>
#include <optional>

namespace grinder::btcturk {

class RateLimitHold {
 public:
  void hold_until(std::int64_t until_ms) { until_ms_ = until_ms; }
  // The milliseconds left while holding.
  std::optional<std::int64_t> left(std::int64_t now_ms) const {
    if (now_ms >= until_ms_) return std::nullopt;
    return until_ms_ - now_ms;
  }
  std::int64_t rate_limited_total() const { return count_; }
  void count() { ++count_; }

 private:
  std::int64_t until_ms_ = 0;
  std::int64_t count_ = 0;
};

}  // namespace grinder::btcturk
