#include "readonly.hpp"

#include "sandbox.hpp"

namespace grinder::lua {

namespace {

// Address of this byte keys the proxied table in a proxy's metatable: a key
// no script can spell.
const char kTargetKey = 't';

int ro_newindex(lua_State* L) {
  if (lua_type(L, 2) == LUA_TSTRING)
    return luaL_error(L, "attempt to set field '%s' of a read-only table", lua_tostring(L, 2));
  return luaL_error(L, "attempt to modify a read-only table");
}

// The proxy's metatable __index is the table it stands for.
void push_target(lua_State* L, int proxy) {
  lua_getmetatable(L, proxy);
  lua_rawgetp(L, -1, &kTargetKey);
  lua_remove(L, -2);
}

int ro_len(lua_State* L) {
  push_target(L, 1);
  lua_pushinteger(L, static_cast<lua_Integer>(lua_rawlen(L, -1)));
  return 1;
}

int ro_next(lua_State* L) {
  lua_settop(L, 2);
  if (lua_next(L, lua_upvalueindex(1))) return 2;
  lua_pushnil(L);
  return 1;
}

// pairs() on a proxy walks the table behind it without handing the table
// itself to the policy.
int ro_pairs(lua_State* L) {
  push_target(L, 1);
  lua_pushcclosure(L, &ro_next, 1);
  lua_pushnil(L);
  lua_pushnil(L);
  return 3;
}

void push_memo(lua_State* L) { lua_rawgeti(L, LUA_REGISTRYINDEX, Sandbox::of(L).frozen_ref); }

}  // namespace

void init_frozen_memo(lua_State* L) {
  lua_newtable(L);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  Sandbox::of(L).frozen_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

void mark_frozen(lua_State* L, int idx) {
  idx = lua_absindex(L, idx);
  push_memo(L);
  lua_pushvalue(L, idx);
  lua_pushvalue(L, idx);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

void push_frozen(lua_State* L, int idx) {
  idx = lua_absindex(L, idx);
  luaL_checkstack(L, 8, "freezing a policy table");
  push_memo(L);
  const int memo = lua_gettop(L);
  lua_pushvalue(L, idx);
  if (lua_rawget(L, memo) != LUA_TNIL) {  // already a proxy, or has one
    lua_remove(L, memo);
    return;
  }
  lua_pop(L, 1);

  lua_newtable(L);
  const int proxy = lua_gettop(L);
  // Recorded before the walk below, so a table that contains itself ends.
  lua_pushvalue(L, idx);
  lua_pushvalue(L, proxy);
  lua_rawset(L, memo);
  mark_frozen(L, proxy);

  lua_createtable(L, 0, 6);
  lua_pushvalue(L, idx);
  lua_setfield(L, -2, "__index");
  lua_pushvalue(L, idx);  // also under a key no script can spell, for __len/__pairs
  lua_rawsetp(L, -2, &kTargetKey);
  lua_pushcfunction(L, &ro_newindex);
  lua_setfield(L, -2, "__newindex");
  lua_pushcfunction(L, &ro_len);
  lua_setfield(L, -2, "__len");
  lua_pushcfunction(L, &ro_pairs);
  lua_setfield(L, -2, "__pairs");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");  // getmetatable() answers false
  lua_setmetatable(L, proxy);

  lua_pushnil(L);
  while (lua_next(L, idx)) {  // ... key value
    if (lua_type(L, -1) == LUA_TTABLE) {
      push_frozen(L, -1);      // ... key value proxy
      lua_pushvalue(L, -3);    // ... key value proxy key
      lua_insert(L, -2);       // ... key value key proxy
      lua_rawset(L, idx);      // changing an existing field is allowed mid-walk
    } else if (lua_type(L, -1) == LUA_TFUNCTION) {
      freeze_upvalues(L, -1);
    }
    lua_pop(L, 1);
  }
  lua_remove(L, memo);
}

void freeze_upvalues(lua_State* L, int idx) {
  idx = lua_absindex(L, idx);
  if (lua_iscfunction(L, idx)) return;  // ours: their upvalues are host data
  luaL_checkstack(L, 6, "freezing a policy function");
  push_memo(L);
  lua_pushvalue(L, idx);
  if (lua_rawget(L, -2) != LUA_TNIL) {  // done already (recursion, shared helpers)
    lua_pop(L, 2);
    return;
  }
  lua_pop(L, 1);
  lua_pushvalue(L, idx);
  lua_pushboolean(L, 1);
  lua_rawset(L, -3);
  lua_pop(L, 1);

  for (int n = 1; lua_getupvalue(L, idx, n) != nullptr; ++n) {
    if (lua_type(L, -1) == LUA_TTABLE) {
      push_frozen(L, -1);
      // The upvalue cell is shared by every closure over that local, so all
      // of them see the proxy from now on.
      lua_setupvalue(L, idx, n);
    } else if (lua_type(L, -1) == LUA_TFUNCTION) {
      freeze_upvalues(L, -1);
    }
    lua_pop(L, 1);
  }
}

}  // namespace grinder::lua
