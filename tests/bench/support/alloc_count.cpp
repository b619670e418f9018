// Replaces the global operator new of a benchmark binary to count
// allocations. The counter must be process-wide, because operator new is:
// that is the one global state here, and only benchmarks link it. Counting is
// off outside a probe so the timed loops pay one relaxed load, not an atomic
// increment.
#include "alloc_count.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<bool> g_counting{false};
std::atomic<std::uint64_t> g_count{0};

}  // namespace

void* operator new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  if (g_counting.load(std::memory_order_relaxed)) g_count.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n ? n : 1);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }

namespace grinder::bench {

AllocationProbe::AllocationProbe() {
  g_count.store(0, std::memory_order_relaxed);
  g_counting.store(true, std::memory_order_relaxed);
}

AllocationProbe::~AllocationProbe() { g_counting.store(false, std::memory_order_relaxed); }

std::uint64_t AllocationProbe::count() const { return g_count.load(std::memory_order_relaxed); }

}  // namespace grinder::bench
