#pragma once
// What one Lua policy may spend. A policy runs on the decision path, so every
// call is bounded in instructions, wall time and memory; going over any bound
// denies the action (fail closed), it never allows it.
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace grinder::lua {

struct PolicyLimits {
  // Bytes one Lua state may hold, compiled code and data included. A reload
  // holds the old and new generation at once, so budget twice this per gate.
  std::size_t memory_bytes = 4u << 20;
  // VM instructions per call (and for the policy file's top level at load).
  std::uint64_t instructions = 1'000'000;
  // Monotonic-clock time per call. Checked in the count hook, so a call that
  // loops in Lua stops within one hook interval of the deadline. The clock
  // is CLOCK_MONOTONIC_COARSE when its tick is under a fifth of this (it is
  // read on every call, and costs a few ns instead of tens), else
  // CLOCK_MONOTONIC.
  std::chrono::microseconds deadline{20'000};
  // Instructions between two hook ticks. Small enough that the deadline is
  // checked often, large enough that short policies never tick at all.
  int hook_interval = 1000;
  // Leave the hook off for a policy whose calls are proven to run fewer
  // instructions than one hook interval (call_bound.hpp): the hook could
  // never fire for it, and while set it costs every instruction a trap.
  // Off only to measure what the hook costs.
  bool unhooked_when_proven = true;
  // string.find/match/gmatch/gsub refuse a pattern whose worst-case
  // backtracking work, len^(quantifiers + 1), exceeds this: the count hook
  // cannot interrupt the C pattern matcher, so its work is bounded up front.
  double pattern_work = 1e6;
  // Lua states per gate: decisions on that many threads run at once; more
  // wait for a free state.
  std::size_t states = 2;
};

// The byte accounting behind a state's lua_Alloc. Lua tells the allocator the
// old size of every block it frees or resizes, so the count is exact:
// used' = used - (ptr ? osize : 0) + nsize, checked before the allocation.
// (When ptr is null, osize is a type tag, not a size.)
struct MemoryBudget {
  std::size_t used = 0;
  std::size_t limit = 0;
  std::size_t peak = 0;
  std::uint64_t refused = 0;  // allocations refused so far

  static void* allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize) noexcept;
};

}  // namespace grinder::lua
