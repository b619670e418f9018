#include "grinder/reconcile/scope.hpp"

#include <algorithm>

namespace grinder::reconcile {

void Scope::contains_all(const std::string_view* symbols, std::size_t count, bool* in) const {
  if (everything()) {
    std::fill(in, in + count, true);
    return;
  }
  constexpr std::size_t kChunk = 64;
  std::size_t found[kChunk];
  for (std::size_t first = 0; first < count; first += kChunk) {
    const std::size_t n = std::min(kChunk, count - first);
    symbols_.find_all(symbols + first, n, found);
    for (std::size_t k = 0; k < n; ++k) in[first + k] = found[k] != NameTable::npos;
  }
}

}  // namespace grinder::reconcile
