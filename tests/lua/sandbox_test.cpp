// Every way out of the sandbox a policy might try, and every way it can fail:
// each ends in a denial with policy_error:<name>, never an allow, never a
// crash.
#include <catch2/catch.hpp>

#include <lua.hpp>

#include <chrono>
#include <fstream>

#include "lua_test_support.hpp"

using namespace grinder;
using grinder::test::build_policy;
using grinder::test::policy_source;
using grinder::test::TempDir;

namespace {

// Builds a policy whose evaluate runs `body` and checks that a call denies
// with policy_error:escape and a detail containing `detail`.
void expect_policy_error(const std::string& body, const std::string& detail, lua::PolicyLimits limits = {}) {
  TempDir t;
  auto p = build_policy(t, "escape", policy_source("escape", body), "{}", limits);
  INFO(p.diags.render_text());
  REQUIRE(p.gate);
  auto v = p.gate->check(test::sample_action(), test::sample_ctx());
  INFO("detail: " << v.detail);
  CHECK_FALSE(v.allow);
  CHECK(v.reason == "policy_error:escape");
  CHECK(v.detail.find(detail) != std::string::npos);
}

}  // namespace

TEST_CASE("io, os, require, package, debug, coroutine do not exist", "[lua][sandbox]") {
  expect_policy_error("local f = io.open('/etc/passwd') return allow()", "global 'io'");
  expect_policy_error("os.execute('touch /tmp/grinder-pwned') return allow()", "global 'os'");
  expect_policy_error("local m = require('os') return allow()", "global 'require'");
  expect_policy_error("return package.loadlib('x', 'y')", "global 'package'");
  expect_policy_error("debug.sethook() return allow()", "global 'debug'");
  expect_policy_error("local c = coroutine.create(function() end) return allow()", "global 'coroutine'");
  expect_policy_error("dofile('/etc/passwd') return allow()", "global 'dofile'");
  expect_policy_error("loadfile('/etc/passwd') return allow()", "global 'loadfile'");
  expect_policy_error("print('hello') return allow()", "global 'print'");
}

TEST_CASE("no loading of code at run time, and no bytecode out or in", "[lua][sandbox]") {
  expect_policy_error("local f = load('return 1') return allow()", "global 'load'");
  expect_policy_error("local f = loadstring('return 1') return allow()", "global 'loadstring'");
  expect_policy_error("local b = string.dump(evaluate) return allow()", "field 'dump'");
  expect_policy_error("local b = (''):dump() return allow()", "method 'dump'");

  // A policy file that is itself compiled bytecode is refused at build.
  TempDir t;
  lua_State* L = luaL_newstate();
  REQUIRE(luaL_loadstring(L, "name = 'bytecode' function evaluate() return allow() end") == LUA_OK);
  std::string bytes;
  lua_dump(
      L,
      [](lua_State*, const void* p, size_t n, void* ud) {
        static_cast<std::string*>(ud)->append(static_cast<const char*>(p), n);
        return 0;
      },
      &bytes, 0);
  lua_close(L);
  auto p = build_policy(t, "bytecode", bytes);
  CHECK_FALSE(p.gate);
  CHECK(p.diags.render_text().find("bytecode.lua:1: error[policy.syntax]") != std::string::npos);
  CHECK(p.diags.render_text().find("binary chunk") != std::string::npos);
}

TEST_CASE("collectgarbage, setmetatable, rawset, pcall are not offered", "[lua][sandbox]") {
  expect_policy_error("collectgarbage('stop') return allow()", "global 'collectgarbage'");
  expect_policy_error("setmetatable({}, { __gc = function() end }) return allow()", "global 'setmetatable'");
  expect_policy_error("rawset(ctx, 'armed', true) return allow()", "global 'rawset'");
  // pcall would let a policy catch the budget errors and carry on.
  expect_policy_error("pcall(error, 'x') return allow()", "global 'pcall'");
  expect_policy_error("xpcall(error, error) return allow()", "global 'xpcall'");
  expect_policy_error("table.move({}, 1, 1e12, 1) return allow()", "field 'move'");
  expect_policy_error("math.randomseed(1) return allow()", "field 'randomseed'");
}

TEST_CASE("a global set in one call is not there in the next: setting one is refused", "[lua][sandbox]") {
  TempDir t;
  // The classic leak: a counter in a global. Refused before it ever runs.
  auto p = build_policy(t, "counter", policy_source("counter", R"(
    calls = (calls or 0) + 1
    if calls > 1 then return deny("leaked", tostring(calls)) end
    return allow()
  )"));
  CHECK_FALSE(p.gate);
  INFO(p.diags.render_text());
  CHECK(p.diags.render_text().find("counter.lua:4: error[policy.state]: assignment to global 'calls' inside a function") !=
        std::string::npos);

  // The same through _ENV, or by holding _ENV, or by replacing it.
  auto direct = build_policy(t, "env_field", policy_source("env_field", "_ENV.x = 1 return allow()"));
  CHECK_FALSE(direct.gate);
  CHECK(direct.diags.render_text().find("assignment to global 'x'") != std::string::npos);
  auto held = build_policy(t, "env_held", policy_source("env_held", "local e = _ENV e.x = 1 return allow()"));
  CHECK_FALSE(held.gate);
  CHECK(held.diags.render_text().find("env_held.lua:3: error[policy.state]: use of _ENV") != std::string::npos);
  auto top = build_policy(t, "env_top", "name = \"env_top\"\nlocal g = _ENV\nfunction evaluate() g.n = 1 return allow() end\n");
  CHECK_FALSE(top.gate);
  CHECK(top.diags.render_text().find("env_top.lua:2: error[policy.state]: use of _ENV") != std::string::npos);
  auto local_env = build_policy(t, "env_local", "name = \"env_local\"\nlocal _ENV = { allow = allow }\n");
  CHECK_FALSE(local_env.gate);
  CHECK(local_env.diags.render_text().find("a local named _ENV") != std::string::npos);

  // Reading globals and defining them at the top level is what policies do.
  auto ok = build_policy(t, "globals", "name = \"globals\"\nLIMIT = 3\nfunction evaluate()\n  if LIMIT == 3 then return allow() end\n  return deny(\"limit\")\nend\n");
  INFO(ok.diags.render_text());
  REQUIRE(ok.gate);
  CHECK(ok.gate->check(test::sample_action(), test::sample_ctx()).allow);
}

TEST_CASE("tables the top level built are read-only after load", "[lua][sandbox]") {
  TempDir t;
  // A module-level table, a global table and a library table: each a place
  // a call could leave something for the next.
  auto p = build_policy(t, "tables", R"(name = "tables"
local memo = { n = 0 }
SEEN = {}
function evaluate(action, ctx, with)
  if ctx.drawdown_pct == 1 then local key = "n" memo[key] = memo[key] + 1 end
  if ctx.drawdown_pct == 2 then SEEN[#SEEN + 1] = ctx.now_ms end
  if ctx.drawdown_pct == 3 then string.upper = nil end
  if ctx.drawdown_pct == 4 then table.insert(SEEN, 1) end
  return allow()
end
)");
  INFO(p.diags.render_text());
  REQUIRE(p.gate);
  auto ctx = test::sample_ctx();
  for (double mode : {1.0, 2.0, 3.0, 4.0}) {
    ctx.drawdown_pct = mode;
    auto v = p.gate->check(test::sample_action(), ctx);
    INFO("mode " << mode << " detail " << v.detail);
    CHECK_FALSE(v.allow);
    CHECK(v.detail.find("read-only table") != std::string::npos);
  }
  ctx.drawdown_pct = 0;
  CHECK(p.gate->check(test::sample_action(), ctx).allow);
}

TEST_CASE("assigning a top-level local from a function is refused at build", "[lua][sandbox]") {
  TempDir t;
  auto p = build_policy(t, "upvalue", R"(name = "upvalue"
local calls = 0
local function bump()
  calls = calls + 1
end
function evaluate(action, ctx, with)
  bump()
  return allow()
end
)");
  CHECK_FALSE(p.gate);
  CHECK(p.diags.render_text().find("upvalue.lua:4: error[policy.state]") != std::string::npos);
  CHECK(p.diags.render_text().find("'calls'") != std::string::npos);

  auto env = build_policy(t, "swap_env", R"(name = "swap_env"
function evaluate(action, ctx, with)
  _ENV = { allow = allow }
  return allow()
end
)");
  CHECK_FALSE(env.gate);
  CHECK(env.diags.render_text().find("swap_env.lua:3: error[policy.state]: assignment to _ENV") != std::string::npos);

  // Locals of the call itself, captured by a closure inside it, are fine.
  auto ok = build_policy(t, "closure", policy_source("closure", R"(
    local n = 0
    local function add(x) n = n + x end
    add(2) add(3)
    if n == 5 then return allow() end
    return deny("bad_sum", tostring(n))
  )"));
  INFO(ok.diags.render_text());
  REQUIRE(ok.gate);
  CHECK(ok.gate->check(test::sample_action(), test::sample_ctx()).allow);
}

TEST_CASE("ctx and action cannot be written, by any route", "[lua][sandbox]") {
  expect_policy_error("ctx.armed = true return allow()", "ctx is read-only (attempt to set 'armed')");
  expect_policy_error("action.qty = 1000 return allow()", "action is read-only");
  expect_policy_error("ctx.env.ALLOW_MAINNET_TRADE = '1' return allow()", "ctx.env is read-only");
  expect_policy_error("ctx.budget.calls_run = 0 return allow()", "ctx.budget is read-only");
  expect_policy_error("with.anything = 1 return allow()", "read-only table");
  // The metatables are hidden, so there is no __newindex to swap out.
  expect_policy_error("getmetatable(ctx).__newindex = nil return allow()", "attempt to index a boolean value");
  expect_policy_error("getmetatable('').__index.upper = nil return allow()", "attempt to index a boolean value");
  expect_policy_error("getmetatable(string).__index.upper = nil return allow()", "attempt to index a boolean value");
  expect_policy_error("local t = rawget(ctx, 'armed') return allow()", "bad argument #1 to 'rawget'");
}

TEST_CASE("a memory bomb stops at the cap and the state keeps working", "[lua][sandbox][limits]") {
  TempDir t;
  // A generous deadline: filling the table takes a few ms, which a loaded
  // machine can stretch past the default 20 ms; the cap must be what stops it.
  lua::PolicyLimits slow_machine;
  slow_machine.deadline = std::chrono::seconds(10);
  auto p = build_policy(t, "bomb", policy_source("bomb", R"(
    if ctx.drawdown_pct == 1 then local s = string.rep("x", 1 << 30) end
    if ctx.drawdown_pct == 2 then local t = {} for i = 1, 1e8 do t[i] = i end end
    if ctx.drawdown_pct == 3 then local s = "x" for i = 1, 40 do s = s .. s end end
    return allow()
  )"), "{}", slow_machine);
  REQUIRE(p.gate);
  auto ctx = test::sample_ctx();
  for (double mode : {1.0, 2.0, 3.0}) {
    ctx.drawdown_pct = mode;
    auto v = p.gate->check(test::sample_action(), ctx);
    INFO("mode " << mode << " detail " << v.detail);
    CHECK_FALSE(v.allow);
    CHECK(v.reason == "policy_error:bomb");
    CHECK(v.detail.find("memory cap exceeded") != std::string::npos);
    ctx.drawdown_pct = 0;
    CHECK(p.gate->check(test::sample_action(), ctx).allow);
  }
  CHECK(p.gate->memory_used() <= 2 * lua::PolicyLimits{}.memory_bytes);
}

TEST_CASE("an endless loop stops at the instruction budget", "[lua][sandbox][limits]") {
  // A generous deadline, so the budget is what stops the loop even on a
  // loaded machine or under a sanitizer.
  lua::PolicyLimits slow_machine;
  slow_machine.deadline = std::chrono::seconds(10);
  expect_policy_error("while true do end", "instruction budget exceeded", slow_machine);
  expect_policy_error("local i = 0 repeat i = i + 1 until false", "instruction budget exceeded", slow_machine);
}

TEST_CASE("unbounded recursion ends in a denial", "[lua][sandbox][limits]") {
  TempDir t;
  // A deadline no run reaches, so the limit that ends it is the stack, the
  // memory cap or the instruction budget, also under a sanitizer's slowdown.
  lua::PolicyLimits slow_machine;
  slow_machine.deadline = std::chrono::seconds(10);
  auto p = build_policy(t, "recurse", policy_source("recurse", "local function f(n) return f(n + 1) + 1 end return f(1)"),
                        "{}", slow_machine);
  REQUIRE(p.gate);
  auto v = p.gate->check(test::sample_action(), test::sample_ctx());
  INFO(v.detail);
  CHECK_FALSE(v.allow);
  CHECK(v.reason == "policy_error:recurse");
  CHECK((v.detail.find("stack overflow") != std::string::npos || v.detail.find("memory cap") != std::string::npos ||
         v.detail.find("instruction budget") != std::string::npos));
  CHECK(p.gate->check(test::sample_action(), test::sample_ctx()).reason == "policy_error:recurse");
}

TEST_CASE("the instruction budget is per call, not cumulative", "[lua][sandbox][limits]") {
  TempDir t;
  lua::PolicyLimits limits;
  limits.instructions = 100'000;
  // About 40k instructions a call: well inside one budget, far past it summed.
  auto p = build_policy(t, "busy", policy_source("busy", R"(
    local s = 0
    for i = 1, 10000 do s = s + i end
    return allow()
  )"), "{}", limits);
  REQUIRE(p.gate);
  for (int i = 0; i < 50; ++i) REQUIRE(p.gate->check(test::sample_action(), test::sample_ctx()).allow);
}

TEST_CASE("the deadline stops a slow call the instruction budget would allow", "[lua][sandbox][limits]") {
  lua::PolicyLimits limits;
  limits.instructions = 1'000'000'000'000;
  limits.deadline = std::chrono::milliseconds(5);
  auto start = std::chrono::steady_clock::now();
  expect_policy_error("while true do end", "deadline exceeded", limits);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("a pathological pattern is refused before the C matcher runs", "[lua][sandbox][limits]") {
  auto start = std::chrono::steady_clock::now();
  expect_policy_error("string.find(string.rep('a', 10000), '.-.-.-.-b$') return allow()", "too complex");
  expect_policy_error("string.match(string.rep('a', 5000), '(.-)%1(.-)%2b') return allow()", "too complex");
  expect_policy_error("for w in string.gmatch(string.rep('a', 3000), 'a*a*a*b') do end return allow()",
                      "too complex");
  expect_policy_error("local s = string.gsub(string.rep('ab', 3000), '(.-)(.-)(.-)x', '') return allow()",
                      "too complex");
  expect_policy_error("local s = string.rep('a', 10000) s:find('.-.-.-.-b$') return allow()", "too complex");
  // string.rep of nothing a quadrillion times would spin in C: it returns "".
  TempDir t;
  auto p = build_policy(t, "rep", policy_source("rep", R"(
    if string.rep("", 1e15) ~= "" then return deny("rep", "not empty") end
    return allow()
  )"));
  REQUIRE(p.gate);
  CHECK(p.gate->check(test::sample_action(), test::sample_ctx()).allow);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

TEST_CASE("ordinary patterns still work", "[lua][sandbox]") {
  TempDir t;
  auto p = build_policy(t, "patterns", policy_source("patterns", R"(
    local base = action.symbol:match("^(%u+)USDT$")
    if base ~= "BTC" then return deny("pattern", tostring(base)) end
    if not string.find(action.client_order_id, "grinder_", 1, true) then return deny("plain", "") end
    local n = select(2, string.gsub("a b  c", "%s+", " "))
    if n ~= 2 then return deny("gsub", tostring(n)) end
    local words = 0
    for _ in ("one two three"):gmatch("%a+") do words = words + 1 end
    if words ~= 3 then return deny("gmatch", tostring(words)) end
    return allow()
  )"));
  INFO(p.diags.render_text());
  REQUIRE(p.gate);
  auto v = p.gate->check(test::sample_action(), test::sample_ctx());
  INFO(v.reason << " " << v.detail);
  CHECK(v.allow);
}

TEST_CASE("errors and malformed results deny, naming what went wrong", "[lua][sandbox]") {
  expect_policy_error("error('boom')", "escape.lua:3: boom");
  expect_policy_error("local x = nil; return x.y", "attempt to index a nil value");
  expect_policy_error("return true", "malformed result: evaluate returned boolean");
  expect_policy_error("return nil", "malformed result: evaluate returned nil");
  expect_policy_error("", "malformed result: evaluate returned nil");
  expect_policy_error("return { allow = true }", "malformed result: evaluate returned table");
  expect_policy_error("return allow", "malformed result: evaluate returned function");
  expect_policy_error("return 'allow'", "malformed result: evaluate returned string");
  expect_policy_error("return deny()", "reason must be a string code");
  expect_policy_error("return deny('Not A Code!')", "must be 1-64 characters");
  expect_policy_error("return deny('x', {})", "detail part 1 is a table");
  expect_policy_error("return ctx.no_such_field", "ctx has no field 'no_such_field'");
  expect_policy_error("return action.colour", "action has no field 'colour'");
}
