#include "sim_clock.hpp"

#include <chrono>

namespace grinder::paper {

namespace {

std::int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

SimClock::SimClock(ClockMode mode, std::int64_t tick_ms, std::int64_t start_ms)
    : mode_(mode), tick_ms_(tick_ms), origin_ms_(mode == ClockMode::Wall ? wall_ms() : start_ms) {}

std::int64_t SimClock::now_ms() const {
  return mode_ == ClockMode::Wall ? wall_ms() : time_of(manual_step_);
}

std::uint64_t SimClock::step() const {
  if (mode_ == ClockMode::Manual) return manual_step_;
  std::int64_t elapsed = wall_ms() - origin_ms_;
  return elapsed > 0 ? static_cast<std::uint64_t>(elapsed / tick_ms_) : 0;
}

std::int64_t SimClock::time_of(std::uint64_t step) const {
  return origin_ms_ + static_cast<std::int64_t>(step) * tick_ms_;
}

}  // namespace grinder::paper
