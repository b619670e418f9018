#pragma once
// The kill switch: an in-process latch (Runbook 22 section 7). Once tripped it
// stays tripped until the process restarts; there is deliberately no reset.
// While tripped, the kill_switch gate denies actions that add risk and lets
// cancels and reduce-only flattens through.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

namespace grinder::safety {

class KillSwitch {
 public:
  // Returns true if this call tripped it (false: it already was).
  bool trip(const std::string& reason, std::int64_t now_ms);
  bool tripped() const { return tripped_.load(std::memory_order_acquire); }
  std::string reason() const;
  std::int64_t tripped_at_ms() const;

 private:
  std::atomic<bool> tripped_{false};
  mutable std::mutex mu_;
  std::string reason_;
  std::int64_t at_ms_ = 0;
};

}  // namespace grinder::safety
