#include "grinder/safety/cooldown.hpp"

namespace grinder::safety {

void CooldownTracker::start(const std::string& symbol, std::int64_t now_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  last_[symbol] = now_ms;
}

std::optional<std::int64_t> CooldownTracker::last(const std::string& symbol) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = last_.find(symbol);
  if (it == last_.end()) return std::nullopt;
  return it->second;
}

}  // namespace grinder::safety
