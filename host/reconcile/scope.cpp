#include "grinder/reconcile/scope.hpp"

#include <algorithm>
#include <cstring>

#include "grinder/util/short_hash.hpp"

namespace grinder::reconcile {

Scope::Scope(const std::vector<std::string>& symbols) : everything_(symbols.empty()) {
  std::size_t capacity = 16;
  while (capacity < symbols.size() * 2) capacity *= 2;
  slots_.resize(capacity);
  mask_ = capacity - 1;
  for (const auto& s : symbols) add(s);
}

void Scope::add(std::string_view symbol) {
  if (!fits(symbol)) {
    long_names_.insert(symbol);
    return;
  }
  const std::uint64_t h = util::short_hash(symbol);
  if (probe(symbol, h)) return;  // listed twice
  std::size_t at = h & mask_;
  while (slots_[at].length != 0) at = (at + 1) & mask_;
  slots_[at].length = static_cast<std::uint8_t>(symbol.size());
  std::memcpy(slots_[at].name, symbol.data(), symbol.size());
}

bool Scope::probe(std::string_view symbol, std::uint64_t hash) const {
  for (std::size_t at = hash & mask_; slots_[at].length != 0; at = (at + 1) & mask_)
    if (slots_[at].length == symbol.size() && std::memcmp(slots_[at].name, symbol.data(), symbol.size()) == 0)
      return true;
  return false;
}

bool Scope::contains(std::string_view symbol) const {
  if (everything_) return true;
  if (!fits(symbol)) return long_names_.contains(symbol);
  return probe(symbol, util::short_hash(symbol));
}

void Scope::contains_all(const std::string_view* symbols, std::size_t count, bool* in) const {
  if (everything_) {
    std::fill(in, in + count, true);
    return;
  }
  constexpr std::size_t kGroup = 16;
  std::uint64_t hashes[kGroup];
  for (std::size_t first = 0; first < count; first += kGroup) {
    const std::size_t n = std::min(kGroup, count - first);
    for (std::size_t k = 0; k < n; ++k) {
      hashes[k] = util::short_hash(symbols[first + k]);
      __builtin_prefetch(&slots_[hashes[k] & mask_]);
    }
    for (std::size_t k = 0; k < n; ++k) {
      const std::string_view s = symbols[first + k];
      in[first + k] = fits(s) ? probe(s, hashes[k]) : long_names_.contains(s);
    }
  }
}

}  // namespace grinder::reconcile
