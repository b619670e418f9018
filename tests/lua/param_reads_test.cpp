// The proof that evaluate() reads `with` only as with.NAME, which lets the
// host hand it the parameters' own table instead of a read-only proxy: what
// it accepts, what it refuses, and that `with` stays read-only for every
// policy either way.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <lua.hpp>

#include "lua/param_reads.hpp"
#include "lua_test_support.hpp"

using namespace grinder;
using grinder::test::build_policy;
using grinder::test::policy_source;
using grinder::test::TempDir;

namespace {

int to_string(lua_State*, const void* p, std::size_t n, void* ud) {
  static_cast<std::string*>(ud)->append(static_cast<const char*>(p), n);
  return 0;
}

// Compiles `source` in a plain state, runs its top level and analyses the
// evaluate it defines.
lua::ParamReads reads_of(const std::string& source) {
  lua_State* L = luaL_newstate();
  REQUIRE(L);
  INFO(source);
  REQUIRE(luaL_loadstring(L, source.c_str()) == LUA_OK);
  REQUIRE(lua_pcall(L, 0, 0, 0) == LUA_OK);
  lua_getglobal(L, "evaluate");
  REQUIRE(lua_isfunction(L, -1));
  std::string dump;
  lua_dump(L, &to_string, &dump, 0);
  lua_close(L);
  return lua::evaluate_param_reads(dump);
}

lua::ParamReads reads_of_body(const std::string& body) {
  return reads_of("function evaluate(action, ctx, with)\n" + body + "\nend\n");
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("reading with.NAME is all the shipped policies do with `with`", "[lua][with]") {
  for (const char* name : {"stale_market_data", "max_drawdown", "max_actions_per_hour", "trading_hours"}) {
    INFO(name);
    // The shipped files set params and name first; their top level runs in a
    // plain state all the same (allow/deny are only called inside evaluate).
    auto r = reads_of(file_text(test::source_dir() + "/policies/" + name + ".lua"));
    INFO(r.why_not);
    CHECK(r.with_only_read_by_name);
  }
}

TEST_CASE("reads by constant name are accepted", "[lua][with]") {
  CHECK(reads_of_body("return with.max > 1").with_only_read_by_name);
  CHECK(reads_of_body("local a = with.a\nif a then return with.b .. 'x' end\nreturn with.c").with_only_read_by_name);
  CHECK(reads_of_body("return ctx.x + with.y * 2, with.z").with_only_read_by_name);
  CHECK(reads_of_body("return with.list[1]").with_only_read_by_name);  // the list is a proxy of its own
  CHECK(reads_of("function evaluate(action, ctx) return 1 end").with_only_read_by_name);  // never receives it
}

TEST_CASE("any other use of `with` keeps the proxy, and says where", "[lua][with]") {
  const char* refused[] = {
      "with.x = 1",                            // a write
      "with[1] = 1",                           // a write by index
      "table.insert(with, 1)",                 // handed to a function
      "return next(with)",                     // handed to a function
      "local w = with\nreturn w.x",            // copied
      "return with",                           // returned
      "return 1, with",                        // returned among others
      "local t = {with}",                      // stored in a table
      "local t = {}\nt.w = with",              // stored in a field
      "return with[ctx.key]",                  // read by a computed key
      "return #with",                          // its length
      "if with == nil then return 1 end",      // compared
      "return function() return with.x end",   // captured
      "return tostring(with) .. 'x'",          // handed to a function
      "for k, v in pairs(with) do end",        // walked
      "return with:method()",                  // a method call hands `with` as self
  };
  for (const char* body : refused) {
    INFO(body);
    auto r = reads_of_body(body);
    CHECK_FALSE(r.with_only_read_by_name);
    CHECK_FALSE(r.why_not.empty());
  }
  auto r = reads_of_body("local x = 1\n\ntable.insert(with, x)");
  CHECK(r.why_not.find("line 4") != std::string::npos);
  CHECK_FALSE(reads_of("function evaluate(...) return select(3, ...) end").with_only_read_by_name);
}

TEST_CASE("`with` stays read-only whichever way it is handed in", "[lua][with]") {
  TempDir t;
  const std::string params = "{ max = { type = 'integer', default = 3 }, names = { type = 'string_list', default = { 'a', 'b' } } }";
  auto run = [&](const std::string& name, const std::string& body) {
    auto p = build_policy(t, name, policy_source(name, body, params));
    INFO(p.diags.render_text());
    REQUIRE(p.gate);
    return p.gate->check(test::sample_action(), test::sample_ctx());
  };
  // Read by name: the values come through, and the list inside is frozen.
  auto read = run("reads", "if with.max == 3 and with.names[2] == 'b' then return allow() end\nreturn deny('bad')");
  CHECK(read.allow);
  auto nested = run("nested", "local names = with.names\nnames[1] = 'x'\nreturn allow()");
  CHECK_FALSE(nested.allow);
  CHECK(nested.detail.find("read-only table") != std::string::npos);
  // Handed to a function that writes: refused by the proxy.
  auto inserted = run("inserts", "table.insert(with, 1)\nreturn allow()");
  CHECK_FALSE(inserted.allow);
  CHECK(inserted.detail.find("read-only table") != std::string::npos);
}

TEST_CASE("ctx read only by name: the names, each once, in the order first read", "[lua][ctx]") {
  auto r = reads_of_body("local a = ctx.market_age_ms\nif a and ctx.bid > ctx.market_age_ms then return ctx.env.X end\nreturn ctx.bid");
  INFO(r.ctx_why_not);
  REQUIRE(r.ctx_only_read_by_name);
  CHECK(r.ctx_names == std::vector<std::string>{"market_age_ms", "bid", "env"});
  CHECK(reads_of_body("return with.x").ctx_names.empty());
  CHECK(reads_of("function evaluate(action) return 1 end").ctx_only_read_by_name);  // never receives it
  for (const char* name : {"stale_market_data", "max_drawdown", "max_actions_per_hour"}) {
    INFO(name);
    auto shipped = reads_of(file_text(test::source_dir() + "/policies/" + name + ".lua"));
    INFO(shipped.ctx_why_not);
    CHECK(shipped.ctx_only_read_by_name);
    CHECK(shipped.ctx_names.size() == 1);
  }
}

TEST_CASE("any other use of ctx keeps the handle, and says where", "[lua][ctx]") {
  const char* refused[] = {
      "ctx.x = 1",                          // a write
      "local c = ctx\nreturn c.bid",        // copied
      "return ctx",                         // returned
      "return next(ctx)",                   // handed to a function
      "return ctx[with.key]",               // read by a computed key
      "return #ctx",                        // its length
      "if ctx == nil then return 1 end",    // compared
      "return function() return ctx.bid end",  // captured
      "return ctx:method()",                // a method call hands ctx as self
  };
  for (const char* body : refused) {
    INFO(body);
    auto r = reads_of_body(body);
    CHECK_FALSE(r.ctx_only_read_by_name);
    CHECK(r.ctx_names.empty());
    CHECK_FALSE(r.ctx_why_not.empty());
    CHECK(r.with_only_read_by_name);  // each parameter is judged on its own
  }
  auto r = reads_of_body("local x = ctx.bid\n\nreturn tostring(ctx)");
  CHECK(r.ctx_why_not.find("`ctx` other than as ctx.NAME (line 4)") != std::string::npos);
}
