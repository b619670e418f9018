// What a policy can call. Allow-listed, never block-listed: anything not
// named here does not exist for a policy (io, os, package/require, debug,
// coroutine, load, loadstring, dofile, loadfile, collectgarbage, print,
// setmetatable, rawset, pcall, string.dump, math.random, table.move).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>

#include "grinder/util/number.hpp"

#include "pattern_guard.hpp"
#include "readonly.hpp"
#include "sandbox.hpp"

namespace grinder::lua {

namespace {

// pcall/xpcall are left out on purpose: a policy that could catch errors
// could also catch the hook's "budget exceeded" and carry on.
constexpr const char* kBaseAllowed[] = {"assert",   "error",  "getmetatable", "ipairs", "next",  "pairs",
                                        "rawequal", "rawget", "rawlen",       "select", "tonumber", "tostring",
                                        "type",     "_VERSION"};

// allow() is a Lua closure over its tag: the allowing path is the hot one,
// and a Lua-to-Lua call is cheaper than a call into C.
constexpr char kAllowSource[] = "local tag = ... return function() return tag end";

void push_allow(lua_State* L) {
  if (luaL_loadbufferx(L, kAllowSource, sizeof kAllowSource - 1, "=allow", "t") != LUA_OK) lua_error(L);
  lua_pushlightuserdata(L, const_cast<void*>(allow_tag()));
  lua_call(L, 1, 1);
}

bool reason_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == ':' || c == '.' || c == '-';
}

// A number the way a built-in gate's detail writes it (util::append_number),
// except that NaN and the infinities read as Lua spells them.
void append_lua_number(std::string& out, lua_State* L, int i) {
  if (lua_isinteger(L, i)) return util::append_number(out, lua_tointeger(L, i));
  const double v = lua_tonumber(L, i);
  if (std::isnan(v)) out += "nan";
  else if (std::isinf(v)) out += v > 0 ? "inf" : "-inf";
  else util::append_number(out, v);
}

// The parts after the reason, written into the state's reserved buffer in
// order. Every part is checked before any is written, so a bad one is an
// error however long the text before it.
int deny_with_parts(lua_State* L, int top) {
  for (int i = 2; i <= top; ++i) {
    const int t = lua_type(L, i);
    if (t != LUA_TSTRING && t != LUA_TNUMBER && t != LUA_TBOOLEAN && t != LUA_TNIL)
      return luaL_error(L, "deny(reason, ...): detail part %d is a %s; parts are text, numbers, booleans or nil",
                        i - 1, luaL_typename(L, i));
  }
  DenyScratch& d = Sandbox::of(L).denial;
  std::string& out = d.detail;
  out.clear();
  // Written until the text passes the limit, then cut once. A text part adds
  // at most one character past it and a number at most 24, inside the
  // capacity reserved at construction, so no append allocates.
  for (int i = 2; i <= top && out.size() <= kMaxDenyDetail; ++i) {
    switch (lua_type(L, i)) {
      case LUA_TSTRING: {
        std::size_t n = 0;
        const char* text = lua_tolstring(L, i, &n);
        out.append(text, std::min(n, kMaxDenyDetail + 1 - out.size()));
        break;
      }
      case LUA_TNUMBER: append_lua_number(out, L, i); break;
      case LUA_TBOOLEAN: out += lua_toboolean(L, i) ? "true" : "false"; break;
      default: out += "nil"; break;
    }
  }
  d.truncated = out.size() > kMaxDenyDetail;
  if (d.truncated) out.resize(kMaxDenyDetail);
  lua_settop(L, 1);
  lua_pushlightuserdata(L, const_cast<void*>(deny_tag()));
  lua_insert(L, 1);
  lua_pushinteger(L, ++d.serial);
  return 3;
}

}  // namespace

bool valid_deny_reason(std::string_view reason) {
  if (reason.empty() || reason.size() > 64) return false;
  for (char c : reason)
    if (!reason_char(c)) return false;
  return true;
}

namespace {

// deny(reason, detail) or deny(reason, part, part, ...): reason is a stable
// code the runbooks count (`market_data:stale`); the rest is the detail, the
// numbers that explain it. One text detail is handed on as it is. Parts
// (text, numbers, booleans, nil) are joined by the host, as a built-in
// gate's set_deny() joins its own: no Lua string is made per denial.
int deny_fn(lua_State* L) {
  if (lua_type(L, 1) != LUA_TSTRING)
    return luaL_error(L, "deny(reason, ...): reason must be a string code such as \"market_data:stale\", got %s",
                      luaL_typename(L, 1));
  std::size_t len = 0;
  const char* reason = lua_tolstring(L, 1, &len);
  if (!valid_deny_reason(std::string_view(reason, len)))
    return luaL_error(L, "deny(reason, ...): reason '%s' must be 1-64 characters of a-z 0-9 _ : . -", reason);
  const int top = lua_gettop(L);
  const bool one_text = top == 1 || (top == 2 && (lua_type(L, 2) == LUA_TSTRING || lua_isnil(L, 2)));
  if (!one_text) return deny_with_parts(L, top);
  lua_settop(L, 2);
  lua_pushlightuserdata(L, const_cast<void*>(deny_tag()));
  lua_insert(L, 1);
  return 3;
}

// __newindex of the policy's globals: the top level may define globals while
// the file loads. Afterwards no policy code can assign one (state_writes.hpp
// refuses it at compile time); this stays as a second line.
int env_write(lua_State* L) {
  if (!Sandbox::of(L).loading) {
    if (lua_type(L, 2) == LUA_TSTRING)
      return luaL_error(L, "attempt to set global '%s': policies cannot keep state between calls",
                        lua_tostring(L, 2));
    return luaL_error(L, "attempt to set a global: policies cannot keep state between calls");
  }
  lua_settop(L, 3);
  lua_rawset(L, lua_upvalueindex(1));
  return 0;
}

void remove_field(lua_State* L, int idx, const char* name) {
  lua_pushnil(L);
  lua_setfield(L, idx, name);
}

// globals[name] = read-only view of the library table at lib.
void expose_library(lua_State* L, int globals, int lib, const char* name) {
  push_frozen(L, lib);
  lua_setfield(L, globals, name);
}

}  // namespace

int open_sandbox_libs(lua_State* L) {
  Sandbox& sb = Sandbox::of(L);
  init_frozen_memo(L);

  luaL_requiref(L, LUA_GNAME, luaopen_base, 0);
  const int base = lua_gettop(L);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);
  const int str = lua_gettop(L);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 0);
  const int tab = lua_gettop(L);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 0);
  const int math = lua_gettop(L);
  luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 0);
  const int utf8 = lua_gettop(L);

  // string.dump would hand out bytecode; the loader only takes text anyway.
  remove_field(L, str, "dump");
  guard_string_library(L, str);
  // Strings share one metatable whose __index is the real string table; hide
  // it so getmetatable("") cannot reach (and change) the library.
  lua_pushliteral(L, "");
  lua_getmetatable(L, -1);
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 2);
  // A policy's answer depends only on its inputs.
  remove_field(L, math, "random");
  remove_field(L, math, "randomseed");
  // table.move(t, 1, 1e12, 1) loops in C without allocating: no hook and no
  // memory cap would stop it.
  remove_field(L, tab, "move");

  lua_newtable(L);
  const int globals = lua_gettop(L);
  for (const char* name : kBaseAllowed) {
    lua_getfield(L, base, name);
    lua_setfield(L, globals, name);
  }
  expose_library(L, globals, str, LUA_STRLIBNAME);
  expose_library(L, globals, tab, LUA_TABLIBNAME);
  expose_library(L, globals, math, LUA_MATHLIBNAME);
  expose_library(L, globals, utf8, LUA_UTF8LIBNAME);
  push_allow(L);
  lua_setfield(L, globals, "allow");
  lua_pushcfunction(L, &deny_fn);
  lua_setfield(L, globals, "deny");

  // The globals table is the policy's _ENV itself, so reading a global is a
  // plain table hit. Functions cannot assign globals (state_writes.hpp
  // refuses the policy); the top level, once, may create them, through
  // env_write. A hidden metatable: getmetatable answers false.
  lua_createtable(L, 0, 2);
  lua_pushvalue(L, globals);
  lua_pushcclosure(L, &env_write, 1);
  lua_setfield(L, -2, "__newindex");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
  lua_setmetatable(L, globals);
  mark_frozen(L, globals);  // an upvalue of every policy function: never proxied

  lua_pushvalue(L, globals);
  sb.globals_ref = luaL_ref(L, LUA_REGISTRYINDEX);

  // The standard globals table is what a chunk gets by default; nothing of
  // the policy's sees it, but empty it of loaders all the same.
  for (const char* name : {"load", "loadstring", "dofile", "loadfile", "require", "collectgarbage", "print", "warn",
                           "setmetatable", "rawset", "pcall", "xpcall"})
    remove_field(L, base, name);
  lua_settop(L, 0);
  return 0;
}

}  // namespace grinder::lua
