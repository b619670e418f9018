#pragma once
// Heap allocations made through operator new while a probe is open. A
// decision should make none: this is how the benchmarks check it.
#include <cstdint>

namespace grinder::bench {

class AllocationProbe {
 public:
  AllocationProbe();   // starts counting (from zero)
  ~AllocationProbe();  // stops
  AllocationProbe(const AllocationProbe&) = delete;
  AllocationProbe& operator=(const AllocationProbe&) = delete;

  std::uint64_t count() const;
};

}  // namespace grinder::bench
