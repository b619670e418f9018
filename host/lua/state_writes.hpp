#pragma once
// Finds, in a compiled policy, every way a call could leave state for the
// next one, so the policy is refused before it ever runs:
//   - a function assigning a global (`calls = calls + 1` inside evaluate);
//     the top level may define globals, it runs once, at load;
//   - a function assigning a top-level local (`count = count + 1` where
//     `count` is a `local` of the file);
//   - any explicit use of _ENV (`local e = _ENV`, `_ENV = {}`, `local
//     _ENV`), the one handle on the globals table a policy could write
//     through.
// Tables the policy can reach are frozen after load (readonly.hpp); these
// rules close the rest, the variables themselves. Globals then need no
// runtime guard, and reading one is a plain table hit.
//
// The checker reads lua_dump output (Lua 5.4 format, with debug info): each
// such assignment is a SETUPVAL or SETTABUP on an upvalue whose cell leads
// back to the main chunk, each use of _ENV a GETUPVAL of it.
#include <string>
#include <string_view>
#include <vector>

namespace grinder::lua {

struct StateWrite {
  int line = 0;         // of the offending instruction
  std::string message;  // what it does and why that is refused
};

// dump: the output of lua_dump (with debug information) of a Lua 5.4 main
// chunk. Returns false and sets error when it cannot be read.
bool find_state_writes(std::string_view dump, std::vector<StateWrite>& out, std::string& error);

}  // namespace grinder::lua
