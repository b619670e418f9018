#pragma once
// A seeded random walk per symbol. The mid at step k depends only on the
// seed, the symbol and k: the same seed replays the same market, whatever the
// order or timing of the calls that look at it.
#include <cstdint>
#include <string>

namespace grinder::paper {

class PricePath {
 public:
  PricePath(std::uint64_t seed, const std::string& symbol, double start_price, double volatility_bps);

  // The mid at `step`. Steps only move forward; asking for an earlier step
  // than the last one answers the last one.
  double mid_at(std::uint64_t step);

 private:
  std::uint64_t key_;
  double volatility_;  // fraction per step
  double mid_;
  std::uint64_t step_ = 0;
};

}  // namespace grinder::paper
