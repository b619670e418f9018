#pragma once
// Cooldown starts per symbol. A start is recorded when an allowed action is
// about to be sent (with the budget reservation), never while gates check.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace grinder::safety {

class CooldownTracker {
 public:
  void start(const std::string& symbol, std::int64_t now_ms);
  std::optional<std::int64_t> last(const std::string& symbol) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::int64_t> last_;
};

}  // namespace grinder::safety
