#include "grinder/safety/kill_switch.hpp"

namespace grinder::safety {

bool KillSwitch::trip(const std::string& reason, std::int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  if (tripped_.load(std::memory_order_relaxed)) return false;
  reason_ = reason;
  at_ms_ = now_ms;
  tripped_.store(true, std::memory_order_release);
  return true;
}

std::string KillSwitch::reason() const {
  std::lock_guard<std::mutex> lock(mu_);
  return reason_;
}

std::int64_t KillSwitch::tripped_at_ms() const {
  std::lock_guard<std::mutex> lock(mu_);
  return at_ms_;
}

}  // namespace grinder::safety
