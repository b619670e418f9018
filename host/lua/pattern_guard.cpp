#include "pattern_guard.hpp"

#include <cmath>

#include "sandbox.hpp"

namespace grinder::lua {

namespace {

bool is_quantifier(char c) { return c == '*' || c == '+' || c == '-' || c == '?'; }

// Index just past the [set] starting at i (p[i] == '[').
std::size_t skip_set(std::string_view p, std::size_t i) {
  ++i;
  if (i < p.size() && p[i] == '^') ++i;
  // A ']' right after '[' or '[^' is a member, not the end.
  if (i < p.size() && p[i] == ']') ++i;
  while (i < p.size() && p[i] != ']') i += (p[i] == '%' && i + 1 < p.size()) ? 2 : 1;
  return i < p.size() ? i + 1 : i;
}

int guarded_match(lua_State* L, bool plain_allowed) {
  std::size_t len = 0, plen = 0;
  luaL_checklstring(L, 1, &len);
  const char* pat = luaL_checklstring(L, 2, &plen);
  const bool plain = plain_allowed && lua_toboolean(L, 4);
  if (!plain) {
    const double limit = Sandbox::of(L).limits().pattern_work;
    const double work = pattern_work(len, std::string_view(pat, plen));
    if (work > limit)
      return luaL_error(L, "pattern '%s' is too complex for a subject of %I bytes (worst case %f steps, limit %f)",
                        pat, static_cast<lua_Integer>(len), static_cast<lua_Number>(work),
                        static_cast<lua_Number>(limit));
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}

int guarded_find(lua_State* L) { return guarded_match(L, true); }
int guarded_pattern(lua_State* L) { return guarded_match(L, false); }

// string.rep("", 1e15) allocates nothing and loops 1e15 times in C; with a
// non-empty piece the allocation itself hits the memory cap first.
int guarded_rep(lua_State* L) {
  std::size_t len = 0, seplen = 0;
  luaL_checklstring(L, 1, &len);
  luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &seplen);
  if (len + seplen == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

void wrap(lua_State* L, int lib, const char* name, lua_CFunction guard) {
  lua_getfield(L, lib, name);
  lua_pushcclosure(L, guard, 1);
  lua_setfield(L, lib, name);
}

}  // namespace

double pattern_work(std::size_t len, std::string_view p) {
  const double n = static_cast<double>(len) + 1;
  double work = n;
  std::size_t i = 0;
  if (!p.empty() && p[0] == '^') {
    work = 1;
    i = 1;
  }
  while (i < p.size()) {
    const char c = p[i];
    if (c == '(' || c == ')') {
      ++i;
      continue;
    }
    if (c == '%' && i + 1 < p.size()) {
      const char e = p[i + 1];
      if (e == 'b') {  // %bxy scans for the balance: a pass over the subject
        work *= n;
        i += 4;
        continue;
      }
      if (e == 'f') {  // %f[set]: a frontier test, one step
        i = (i + 2 < p.size() && p[i + 2] == '[') ? skip_set(p, i + 2) : i + 2;
        continue;
      }
      if (e >= '1' && e <= '9') {  // a back reference compares a capture
        work *= n;
        i += 2;
        continue;
      }
      i += 2;
    } else if (c == '[') {
      i = skip_set(p, i);
    } else {
      ++i;
    }
    if (i < p.size() && is_quantifier(p[i])) {
      work *= p[i] == '?' ? 2 : n;
      ++i;
    }
  }
  return work;
}

void guard_string_library(lua_State* L, int idx) {
  idx = lua_absindex(L, idx);
  wrap(L, idx, "find", &guarded_find);
  wrap(L, idx, "match", &guarded_pattern);
  wrap(L, idx, "gmatch", &guarded_pattern);
  wrap(L, idx, "gsub", &guarded_pattern);
  wrap(L, idx, "rep", &guarded_rep);
}

}  // namespace grinder::lua
