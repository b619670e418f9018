#include <cstdlib>

#include "grinder/lua/limits.hpp"

namespace grinder::lua {

void* MemoryBudget::allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize) noexcept {
  auto* b = static_cast<MemoryBudget*>(ud);
  // With ptr null, osize tags the kind of object Lua allocates: not a size.
  const std::size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    std::free(ptr);
    b->used -= old;
    return nullptr;
  }
  // Lua assumes a shrink never fails, so only growth is refused.
  if (nsize > old && b->used - old + nsize > b->limit) {
    ++b->refused;
    return nullptr;
  }
  void* p = std::realloc(ptr, nsize);
  if (!p) return nullptr;
  b->used = b->used - old + nsize;
  if (b->used > b->peak) b->peak = b->used;
  return p;
}

}  // namespace grinder::lua
