// The proof that lets a policy's calls run without the count hook: which
// policies it accepts, which it refuses and why, that its bound really bounds
// a call, and that what the hook enforces still holds for every policy the
// proof refuses.
#include <catch2/catch.hpp>

#include <chrono>

#include "lua_test_support.hpp"

using namespace grinder;
using grinder::test::build_policy;
using grinder::test::policy_source;
using grinder::test::TempDir;

namespace {

lua::PolicyInfo info_of(const std::string& body, const std::string& extra_top_level = "") {
  TempDir t;
  auto p = build_policy(t, "bounded", policy_source("bounded", body) + extra_top_level);
  INFO(p.diags.render_text());
  REQUIRE(p.gate);
  return p.gate->info();
}

// defaults_only: `with:` left out, as `policy test` compiles a policy no
// chain names; otherwise `with: {}`, every parameter at its default.
std::unique_ptr<lua::LuaPolicyGate> shipped(const std::string& name, lua::PolicyLimits limits = {},
                                            bool defaults_only = false) {
  config::Diagnostics diags;
  lua::PolicyBuild b;
  b.file = test::source_dir() + "/policies/" + name + ".lua";
  if (!defaults_only) b.with.kind = config::Value::Kind::Object;
  b.limits = limits;
  auto gate = lua::LuaPolicyGate::build(b, diags);
  INFO(diags.render_text());
  REQUIRE(gate);
  return gate;
}

}  // namespace

TEST_CASE("the shipped single-function policies are proven and run without the hook", "[lua][bound]") {
  for (const char* name : {"stale_market_data", "max_drawdown", "max_actions_per_hour"}) {
    INFO(name);
    auto gate = shipped(name);
    REQUIRE(gate->info().instruction_bound);
    CHECK(*gate->info().instruction_bound < 200);
    CHECK(gate->info().runs_unhooked);
  }
  // Helper functions and a loop: the hook stays.
  auto hours = shipped("trading_hours", {}, true);
  CHECK_FALSE(hours->info().runs_unhooked);
  CHECK(hours->info().no_bound_because.find("functions") != std::string::npos);
}

TEST_CASE("the bound is an upper bound on the instructions a call runs", "[lua][bound]") {
  // Counted one instruction at a time against a budget of exactly the bound:
  // a call that ran one instruction more would fail with the budget error.
  auto ctx_allow = test::sample_ctx();
  auto ctx_deny = test::sample_ctx();
  ctx_deny.market.age_ms.reset();
  ctx_deny.drawdown_pct = 50;
  ctx_deny.actions_last_hour = 1000;
  for (const char* name : {"stale_market_data", "max_drawdown", "max_actions_per_hour"}) {
    INFO(name);
    const std::size_t bound = *shipped(name)->info().instruction_bound;
    lua::PolicyLimits exact;
    exact.hook_interval = 1;
    exact.instructions = bound;
    auto gate = shipped(name, exact);
    CHECK_FALSE(gate->info().runs_unhooked);  // an interval of 1 keeps the hook
    auto allowed = gate->check(test::sample_action(), ctx_allow);
    CHECK(allowed.allow);
    auto denied = gate->check(test::sample_action(), ctx_deny);
    INFO(denied.detail);
    CHECK_FALSE(denied.allow);
    CHECK(denied.reason.rfind("policy_error", 0) != 0);
  }
}

TEST_CASE("the proof refuses what could run long and says why", "[lua][bound]") {
  CHECK(info_of("return allow()").runs_unhooked);
  CHECK(info_of("if ctx.bid > 1 then return deny('x', string.format('%g', ctx.bid)) end return allow()").runs_unhooked);

  auto refused = [](const lua::PolicyInfo& i, const std::string& why) {
    INFO(i.no_bound_because);
    CHECK_FALSE(i.runs_unhooked);
    CHECK_FALSE(i.instruction_bound);
    CHECK(i.no_bound_because.find(why) != std::string::npos);
  };
  refused(info_of("for i = 1, 10 do end return allow()"), "loops (line 3)");
  refused(info_of("for k in pairs(with) do end return allow()"), "loops");
  refused(info_of("while ctx.bid < 0 do end return allow()"), "loops");
  refused(info_of("::again:: if ctx.bid < 0 then goto again end return allow()"), "loops");
  refused(info_of("local f = function() end return allow()"), "functions inside");
  refused(info_of("return evaluate(action, ctx, with)"), "global 'evaluate'");
  refused(info_of("return helper()", "helper = allow\n"), "global 'helper'");
  refused(info_of("return allow()", "local function helper() end\n"), "2 functions");
  refused(info_of("return allow()", "allow = deny\n"), "assigns the global 'allow'");
  refused(info_of("local s = string.gsub('aaa', 'a', allow) return allow()"), "gsub");
  refused(info_of("local t = {3, 1} table.sort(t) return allow()"), "sort");
  refused(info_of("local k = 'gs' .. 'ub' local f = string[k] return allow()"), "computed key");
  refused(info_of("local k = 'upper' local u = ('x')[k]('x') return allow()"), "computed key");
}

TEST_CASE("a policy refused by the proof keeps its budget and deadline", "[lua][bound]") {
  lua::PolicyLimits slow_machine;
  slow_machine.deadline = std::chrono::seconds(10);
  TempDir t;
  auto p = build_policy(t, "spin", policy_source("spin", "while true do end"), "{}", slow_machine);
  REQUIRE(p.gate);
  CHECK_FALSE(p.gate->info().runs_unhooked);
  auto v = p.gate->check(test::sample_action(), test::sample_ctx());
  CHECK_FALSE(v.allow);
  CHECK(v.detail.find("instruction budget exceeded") != std::string::npos);
}

TEST_CASE("an unhooked policy still fails closed on errors", "[lua][bound]") {
  TempDir t;
  auto p = build_policy(t, "broken", policy_source("broken", "return ctx.bid .. nil"));
  REQUIRE(p.gate);
  INFO(p.gate->info().no_bound_because);
  REQUIRE(p.gate->info().runs_unhooked);
  for (int i = 0; i < 3; ++i) {
    auto v = p.gate->check(test::sample_action(), test::sample_ctx());
    CHECK_FALSE(v.allow);
    CHECK(v.reason == "policy_error:broken");
    CHECK(v.detail.find("concatenate") != std::string::npos);
  }
}
