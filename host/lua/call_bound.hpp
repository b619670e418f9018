#pragma once
// Proves, from the compiled policy, that one evaluate() call runs fewer VM
// instructions than a known bound, so the per-call count hook can be left
// off for it without changing what any call can do.
//
// The hook fires every `hook_interval` instructions (1000 by default) to
// enforce the instruction budget and the deadline. While it is set, Lua 5.4
// traps into the debug interface on every instruction, which costs a
// typical policy a sixth of its call. A call that provably runs fewer
// instructions than one interval never reaches a tick, so with or without
// the hook it behaves the same; time spent inside C functions (the string
// library) is bounded by the memory cap and the pattern guard, never by the
// hook, which cannot interrupt C.
//
// The proof is deliberately narrow; anything it cannot see through keeps the
// hook on:
//   - the file defines one function, evaluate, and nothing inside it;
//   - evaluate has no loop: no numeric or generic for, no backward jump;
//   - its only upvalue is _ENV, and the globals it reads are the sandbox's
//     own (allow, deny, string, math, ...), which the top level does not
//     assign; so it can reach no Lua function but allow(), whose body is two
//     instructions, and never itself;
//   - it never names sort or gsub and reads no field by a computed key, so
//     it cannot hand allow() to a C function that would call it in a loop.
// Then each instruction runs at most once per call and each call site calls
// C or allow(): the bound is its length plus allow()'s body per call site.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grinder::lua {

struct CallBound {
  std::optional<std::size_t> instructions;  // set when proven
  std::string why_not;                      // otherwise, the first reason
};

// dump: lua_dump of the policy's main chunk. sandbox_globals: the names the
// sandbox defines (every one of them a C function, a frozen library table,
// a constant, or allow()).
CallBound evaluate_call_bound(std::string_view dump, const std::vector<std::string>& sandbox_globals);

}  // namespace grinder::lua
