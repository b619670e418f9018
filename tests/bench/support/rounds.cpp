#include "rounds.hpp"

#include <algorithm>

namespace grinder::bench {

namespace {

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto last = v.size() - 1;
  return v[std::min(last, static_cast<std::size_t>(q * static_cast<double>(last) + 0.5))];
}

}  // namespace

void Rounds::run(long rounds, long warmup) {
  const std::size_t n = batches_.size();
  for (auto& r : per_call_) r.reserve(static_cast<std::size_t>(rounds));
  long call = 0;
  for (long round = -warmup; round < rounds; ++round) {
    // The variant that goes first rotates: none always runs on a cold cache
    // or right after the most expensive one.
    const std::size_t first = static_cast<std::size_t>(round + warmup) % n;
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t v = (first + k) % n;
      const double ns = batches_[v](call);
      call += 1'000'000;  // each batch sees fresh inputs (the callers' advance(i))
      if (round >= 0) per_call_[v].push_back(ns);
    }
  }
}

double Rounds::pct(std::size_t v, double q) const { return quantile(per_call_[v], q); }

double Rounds::ratio(std::size_t a, std::size_t b, double q) const {
  std::vector<double> r;
  for (std::size_t i = 0; i < per_call_[a].size(); ++i)
    r.push_back(per_call_[a][i] / std::max(per_call_[b][i], 1e-9));
  return quantile(std::move(r), q);
}

double Rounds::difference(std::size_t a, std::size_t b, double q) const {
  std::vector<double> r;
  for (std::size_t i = 0; i < per_call_[a].size(); ++i) r.push_back(per_call_[a][i] - per_call_[b][i]);
  return quantile(std::move(r), q);
}

}  // namespace grinder::bench
