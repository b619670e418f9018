#include "time_sync.hpp"

namespace grinder::binance {

namespace {
std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
             .count() +
         1;  // never 0, which means "never learned"
}
}  // namespace

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void TimeSync::learn(std::int64_t server_ms, std::int64_t sent_local_ms, std::int64_t received_local_ms) {
  offset_.store(server_ms - (sent_local_ms + received_local_ms) / 2);
  learned_at_.store(steady_ms());
}

bool TimeSync::due(std::chrono::milliseconds interval) const {
  std::int64_t at = learned_at_.load();
  return at == 0 || steady_ms() - at > interval.count();
}

}  // namespace grinder::binance
