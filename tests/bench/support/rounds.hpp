#pragma once
// Ratios between variants measured side by side, in rounds.
//
// On a shared 2-core machine a neighbour's burst can slow one stretch of a
// run by 2x. Timing variant A for a second and then variant B for a second
// puts that burst into one of them and into their ratio. Here every round
// times a batch of each variant in turn (the first one rotating), so a slow
// spell lands on all of them alike; a ratio is the median over rounds of the
// ratio within each round, and the spread over rounds says how steady it was.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bench.hpp"

namespace grinder::bench {

class Rounds {
 public:
  // A variant: f(i) makes one call. Its batch is timed as a whole, so the
  // variant's own code is called directly, not through std::function.
  template <class F>
  std::size_t add(std::string name, F f, long calls_per_batch) {
    names_.push_back(std::move(name));
    batches_.push_back([f, calls_per_batch](long first) mutable {
      const std::int64_t t0 = now_ns();
      for (long k = 0; k < calls_per_batch; ++k) f(first + k);
      const std::int64_t t1 = now_ns();
      return static_cast<double>(t1 - t0) / static_cast<double>(calls_per_batch);
    });
    per_call_.emplace_back();
    return names_.size() - 1;
  }

  // `warmup` untimed rounds, then `rounds` timed ones.
  void run(long rounds, long warmup = 2);

  // ns per call of variant v: the median of its rounds (q = 0.99: the 99th
  // percentile of its batches).
  double p50(std::size_t v) const { return pct(v, 0.5); }
  double pct(std::size_t v, double q) const;

  // a over b: the median over rounds of a's time / b's time in that round
  // (q = 0.25 and 0.75 give the spread).
  double ratio(std::size_t a, std::size_t b, double q = 0.5) const;

  // a minus b in ns per call, the same way.
  double difference(std::size_t a, std::size_t b, double q = 0.5) const;

 private:
  std::vector<std::string> names_;
  std::vector<std::function<double(long)>> batches_;  // ns per call of one batch
  std::vector<std::vector<double>> per_call_;         // by variant, by round
};

}  // namespace grinder::bench
