#pragma once
// What the venue says about our request rate, kept for the host and the
// operator: the used weight and order counts it reports on every answer
// (X-MBX-USED-WEIGHT-1M, X-MBX-ORDER-COUNT-10S, X-MBX-ORDER-COUNT-1M), and
// the Retry-After of a 429 or 418, which this plugin honours by sending
// nothing until it has passed: pressing on after a 429 is what turns it into
// an IP ban (418, from 2 minutes to 3 days).
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace grinder::binance {

class RateLimits {
 public:
  struct View {
    std::map<std::string, std::int64_t> used_weight;  // interval ("1m") -> weight
    std::map<std::string, std::int64_t> order_count;  // interval ("10s", "1m") -> orders
    std::int64_t observed_ms = 0;                     // when the counters were last reported
    std::int64_t retry_after_until_ms = 0;            // 0: not backing off
    int last_limit_status = 0;                        // 429 or 418 of the last back-off
    std::int64_t weight_limit_1m = 0;                 // from exchangeInfo rateLimits
  };

  // Reads the counters from an answer's headers.
  void observe(const std::vector<std::pair<std::string, std::string>>& headers, std::int64_t now_ms);
  // A 429/418 told us to wait: nothing is sent before until_ms.
  void back_off(std::int64_t until_ms, int http_status);
  // While backing off: the status (429/418) and how long is left.
  std::optional<std::pair<int, std::int64_t>> blocked(std::int64_t now_ms) const;
  void set_weight_limit(std::int64_t per_minute);
  // True once per minute while the used weight is at or above 80% of the
  // limit: worth a warning before the venue starts refusing.
  bool weight_warning_due(std::int64_t now_ms);
  View view() const;

 private:
  mutable std::mutex mu_;
  View v_;
  std::int64_t warned_at_ms_ = 0;
};

// Retry-After in seconds (Binance's form) as milliseconds; nullopt when absent or not a number.
std::optional<std::int64_t> retry_after_ms(const std::string& header_value);

}  // namespace grinder::binance
