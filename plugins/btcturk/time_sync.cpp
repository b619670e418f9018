#include "time_sync.hpp"

#include <algorithm>

namespace grinder::btcturk {

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
  offset_ = server_ms - (sent_local_ms + received_local_ms) / 2;
  learned_at_ = steady_ms();
}

std::int64_t TimeSync::next_stamp() {
  last_stamp_ = std::max(now_ms(), last_stamp_ + 1);
  return last_stamp_;
}

bool TimeSync::due(std::chrono::milliseconds interval) const {
  return learned_at_ == 0 || steady_ms() - learned_at_ > interval.count();
}

}  // namespace grinder::btcturk
