#pragma once
// Wall-clock time as the audit, the ledger and the gates record it.
#include <chrono>
#include <cstdint>

namespace grinder::cli {

inline std::int64_t wall_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace grinder::cli
