#pragma once
// Lua's pattern matcher is C: the count hook never fires inside it, so a
// backtracking pattern such as ".-.-.-.-b$" over a long subject would run far
// past any deadline. The string functions that match patterns are wrapped to
// refuse, before matching, a pattern whose worst-case work exceeds the limit.
#include <cstddef>
#include <string_view>

#include <lua.hpp>

namespace grinder::lua {

// Worst-case steps to match `pattern` against a subject of `len` bytes:
// (len+1)^quantifiers per start position, times the start positions
// (1 when anchored with ^); each `?` doubles it.
double pattern_work(std::size_t len, std::string_view pattern);

// Replaces string.find/match/gmatch/gsub and string.rep in the string library
// table at idx with guarded versions.
void guard_string_library(lua_State* L, int idx);

}  // namespace grinder::lua
