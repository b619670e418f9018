#pragma once
// Read-only views of Lua tables. A policy's top level runs once; after that
// nothing it can reach may change, so no call can leave state for the next:
// its global tables, the tables its functions capture as upvalues, the
// libraries and its `with` values are all replaced by read-only proxies.
#include <lua.hpp>

namespace grinder::lua {

// Pushes the read-only proxy of the table at idx (the same proxy every time).
// Tables nested in it are replaced by their proxies in place, and the
// upvalues of functions in it are frozen too.
void push_frozen(lua_State* L, int idx);

// Replaces every table upvalue of the Lua function at idx (and of the Lua
// functions it captures) with its read-only proxy.
void freeze_upvalues(lua_State* L, int idx);

// Marks the table at idx as already read-only (the policy environment).
void mark_frozen(lua_State* L, int idx);

// Creates the registry memo behind the functions above; called once per state
// before any of them.
void init_frozen_memo(lua_State* L);

}  // namespace grinder::lua
