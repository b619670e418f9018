#include <catch2/catch.hpp>

#include <lua.hpp>

#include "grinder/lua/limits.hpp"

using grinder::lua::MemoryBudget;

TEST_CASE("the allocator counts exactly: alloc, grow, shrink, free", "[lua][memory]") {
  MemoryBudget b;
  b.limit = 1000;
  // ptr null: osize is a type tag (LUA_TTABLE = 5), not a size to subtract.
  void* p = MemoryBudget::allocate(&b, nullptr, LUA_TTABLE, 100);
  REQUIRE(p != nullptr);
  CHECK(b.used == 100);
  p = MemoryBudget::allocate(&b, p, 100, 400);
  REQUIRE(p != nullptr);
  CHECK(b.used == 400);
  p = MemoryBudget::allocate(&b, p, 400, 50);
  REQUIRE(p != nullptr);
  CHECK(b.used == 50);
  CHECK(b.peak == 400);
  CHECK(MemoryBudget::allocate(&b, p, 50, 0) == nullptr);
  CHECK(b.used == 0);
  CHECK(b.refused == 0);
}

TEST_CASE("the allocator refuses growth past the limit and keeps the old block", "[lua][memory]") {
  MemoryBudget b;
  b.limit = 1000;
  void* p = MemoryBudget::allocate(&b, nullptr, LUA_TSTRING, 600);
  REQUIRE(p != nullptr);
  void* q = MemoryBudget::allocate(&b, nullptr, LUA_TSTRING, 500);  // 1100 > 1000
  CHECK(q == nullptr);
  CHECK(b.refused == 1);
  CHECK(b.used == 600);
  // Growing the same block counts only the difference: 600 -> 1000 fits.
  void* grown = MemoryBudget::allocate(&b, p, 600, 1000);
  REQUIRE(grown != nullptr);
  CHECK(b.used == 1000);
  CHECK(MemoryBudget::allocate(&b, grown, 1000, 1001) == nullptr);
  CHECK(b.used == 1000);
  // A shrink always succeeds, even at the limit.
  void* small = MemoryBudget::allocate(&b, grown, 1000, 10);
  REQUIRE(small != nullptr);
  CHECK(b.used == 10);
  MemoryBudget::allocate(&b, small, 10, 0);
  CHECK(b.used == 0);
}

TEST_CASE("a Lua state under the allocator never exceeds its cap", "[lua][memory]") {
  MemoryBudget b;
  b.limit = 256 * 1024;
  lua_State* L = lua_newstate(&MemoryBudget::allocate, &b);
  REQUIRE(L != nullptr);
  luaL_openlibs(L);
  REQUIRE(luaL_loadstring(L, "local t = {} for i = 1, 1e7 do t[i] = i end") == LUA_OK);
  int rc = lua_pcall(L, 0, 0, 0);
  CHECK(rc == LUA_ERRMEM);
  CHECK(b.used <= b.limit);
  CHECK(b.peak <= b.limit);
  CHECK(b.refused > 0);
  lua_close(L);
  CHECK(b.used == 0);
}
