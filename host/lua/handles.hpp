#pragma once
// The `action` and `ctx` a policy reads. They are userdata whose __index is C
// reading the C++ structs of the current call: nothing is copied into Lua
// tables per call, nothing can be written (every write is an error), and a
// handle used outside its call reads nothing (Envoy's death-marked handles).
#include <lua.hpp>

namespace grinder::lua {

// Pushes the action handle, then the ctx handle. Both live as long as the
// state; they read Sandbox::frame.
void push_handles(lua_State* L);

}  // namespace grinder::lua
