#pragma once
// The paper venue's clock. The market moves one step per tick_ms of venue
// time; what differs is where venue time comes from:
//   wall    the system clock (for `grinder run`: quotes look as fresh as a
//           real venue's, and the market moves while you watch);
//   manual  start_ms + step * tick_ms, moved only by the "advance" drill
//           (for tests and rehearsals: fully deterministic).
#include <cstdint>

namespace grinder::paper {

enum class ClockMode { Wall, Manual };

class SimClock {
 public:
  SimClock(ClockMode mode, std::int64_t tick_ms, std::int64_t start_ms);

  ClockMode mode() const { return mode_; }
  std::int64_t now_ms() const;
  // The market step venue time has reached.
  std::uint64_t step() const;
  // Venue time of a step.
  std::int64_t time_of(std::uint64_t step) const;
  // Manual clocks only.
  void advance(std::uint64_t steps) { manual_step_ += steps; }

 private:
  ClockMode mode_;
  std::int64_t tick_ms_;
  std::int64_t origin_ms_;  // venue time of step 0
  std::uint64_t manual_step_ = 0;
};

}  // namespace grinder::paper
