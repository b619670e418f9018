#include "price_path.hpp"

namespace grinder::paper {

namespace {

// splitmix64: a fixed, portable mixing function (std::normal_distribution
// differs between standard libraries, which would make a seed mean different
// markets on different machines).
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

}  // namespace

PricePath::PricePath(std::uint64_t seed, const std::string& symbol, double start_price, double volatility_bps)
    : key_(mix(seed) ^ fnv1a(symbol)), volatility_(volatility_bps / 10000.0), mid_(start_price) {}

double PricePath::mid_at(std::uint64_t step) {
  while (step_ < step) {
    ++step_;
    // Uniform in [-1, 1) from the top 53 bits.
    double u = static_cast<double>(mix(key_ ^ mix(step_)) >> 11) / 9007199254740992.0 * 2.0 - 1.0;
    double next = mid_ * (1.0 + volatility_ * u);
    if (next > 0) mid_ = next;
  }
  return mid_;
}

}  // namespace grinder::paper
