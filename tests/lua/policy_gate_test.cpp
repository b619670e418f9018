// What a policy reads (every action and ctx field), what it returns, and the
// gate around it: ids, kinds, params, threads.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "grinder/ladder/ladder.hpp"
#include "lua_test_support.hpp"

using namespace grinder;
using grinder::test::build_policy;
using grinder::test::policy_source;
using grinder::test::TempDir;

namespace {

// Runs a policy that denies with `expr` (any Lua expression) as its detail,
// as tostring writes it.
std::string echo(const std::string& expr, const gates::Action& a, const gates::GateContext& c) {
  TempDir t;
  auto p = build_policy(t, "echo", policy_source("echo", "return deny('echo', tostring(" + expr + "))"));
  INFO(p.diags.render_text());
  REQUIRE(p.gate);
  auto v = p.gate->check(a, c);
  INFO(v.reason << ": " << v.detail);
  REQUIRE(v.reason == "echo");
  return v.detail;
}

}  // namespace

TEST_CASE("allow() and deny(reason, detail) become the verdict", "[lua][policy]") {
  TempDir t;
  auto p = build_policy(t, "simple", policy_source("simple", R"(
    if ctx.drawdown_pct > 3 then return deny("too_deep", "drawdown_pct=" .. ctx.drawdown_pct) end
    if ctx.drawdown_pct > 2 then return deny("no_detail") end
    if ctx.drawdown_pct > 1 then return deny("number_detail", 42) end
    if ctx.drawdown_pct < 0 then return deny("long_detail", string.rep("x", 5000)) end
    return allow()
  )"));
  REQUIRE(p.gate);
  CHECK(p.gate->kind() == "policy");
  CHECK(p.gate->id() == "policy:simple");
  CHECK(p.gate->info().name == "simple");
  auto c = test::sample_ctx();
  auto ok = p.gate->check(test::sample_action(), c);
  CHECK(ok.allow);
  CHECK(ok.reason.empty());
  CHECK(ok.detail.empty());
  c.drawdown_pct = 4.5;
  auto deny = p.gate->check(test::sample_action(), c);
  CHECK_FALSE(deny.allow);
  CHECK(deny.reason == "too_deep");
  CHECK(deny.detail == "drawdown_pct=4.5");
  c.drawdown_pct = 2.5;
  CHECK(p.gate->check(test::sample_action(), c).detail.empty());
  c.drawdown_pct = 1.5;
  CHECK(p.gate->check(test::sample_action(), c).detail == "42");
  c.drawdown_pct = -1;
  auto long_detail = p.gate->check(test::sample_action(), c).detail;
  CHECK(long_detail.size() == 1024 + std::string("...(truncated)").size());
}

TEST_CASE("every action field reads through", "[lua][policy]") {
  gates::Action a = test::sample_action();
  a.reduce_only = false;
  a.orders = {{"grinder_1_x", "BTCUSDT"}, {"grinder_1_y", "ETHUSDT"}};
  auto c = test::sample_ctx();
  CHECK(echo("action.type .. ' ' .. action.symbol .. ' ' .. action.side .. ' ' .. action.qty .. ' ' .. action.price",
             a, c) == "place_order BTCUSDT buy 0.01 65000.0");
  CHECK(echo("tostring(action.reduce_only) .. ' ' .. action.client_order_id .. ' ' .. action.strategy .. ' ' .. "
             "tostring(action.adds_risk) .. ' ' .. action.notional",
             a, c) == "false grinder_1_abc 1 true 650.0");
  CHECK(echo("action.order_count .. ' ' .. action.symbol_count .. ' ' .. #action.orders .. ' ' .. "
             "action.orders[2].client_order_id .. '@' .. action.orders[2].symbol .. ' ' .. tostring(action.orders[3])",
             a, c) == "2 2 2 grinder_1_y@ETHUSDT nil");

  gates::Action flatten;
  flatten.type = gates::ActionType::Flatten;
  flatten.symbol = "BTCUSDT";
  flatten.side = gates::Side::Sell;
  flatten.qty = 0.5;
  flatten.reduce_only = true;
  // No price: the notional uses the mid, and price is nil.
  CHECK(echo("action.type .. ' ' .. action.side .. ' ' .. tostring(action.price) .. ' ' .. action.notional .. ' ' .. "
             "tostring(action.adds_risk)",
             flatten, c) == "flatten sell nil 32500.0 false");
  c.market.bid.reset();
  c.market.ask.reset();
  CHECK(echo("tostring(action.notional)", flatten, c) == "nil");
}

TEST_CASE("every ctx field reads through", "[lua][policy]") {
  ladder::Stage stage;
  stage.name = "ACTIVE";
  auto c = test::sample_ctx();
  c.stage = &stage;
  c.graduation_step = "week1";
  c.generation = 7;
  c.env = {{"ALLOW_MAINNET_TRADE", "1"}, {"REMEDIATION_MODE", "execute_cancel_all"}};
  c.market.venue_ts_ms = 1714987799850;
  c.min_notional = 100;
  c.position_qty = -0.25;
  c.open_orders = {{"grinder_1_a", "BTCUSDT", 0.01, 64000}, {"other_9", "BTCUSDT", 0.02, 66000}};
  c.budget = {2, 15, 150.5, 900, ""};
  c.limits.max_calls_per_run = 3;
  c.limits.max_calls_per_day = 20;
  c.limits.max_notional_per_run = 200;
  c.limits.max_notional_per_day = 1000;
  c.limits.symbols = std::vector<std::string>{"BTCUSDT", "ETHUSDT"};
  c.drawdown_pct = 1.5;
  c.reject_rate = 0.02;
  c.actions_last_hour = 4;
  const auto a = test::sample_action();

  CHECK(echo("ctx.stage .. ' ' .. tostring(ctx.dry_run) .. ' ' .. tostring(ctx.allow_active_remediation) .. ' ' .. "
             "tostring(ctx.armed) .. ' ' .. ctx.graduation_step .. ' ' .. ctx.generation",
             a, c) == "ACTIVE false true true week1 7");
  CHECK(echo("ctx.env.ALLOW_MAINNET_TRADE .. ' ' .. ctx.env.REMEDIATION_MODE .. ' ' .. tostring(ctx.env.HOME)", a, c) ==
        "1 execute_cancel_all nil");
  CHECK(echo("ctx.bid .. ' ' .. ctx.ask .. ' ' .. ctx.mid .. ' ' .. ctx.market_age_ms .. ' ' .. ctx.market_ts_ms", a,
             c) == "64990.0 65010.0 65000.0 150 1714987799850");
  CHECK(echo("ctx.min_notional .. ' ' .. ctx.position_qty .. ' ' .. #ctx.open_orders .. ' ' .. "
             "ctx.open_orders[2].client_order_id .. ' ' .. ctx.open_orders[2].qty .. ' ' .. ctx.open_orders[2].price .. "
             "' ' .. ctx.open_orders[1].symbol",
             a, c) == "100.0 -0.25 2 other_9 0.02 66000.0 BTCUSDT");
  CHECK(echo("ctx.budget.calls_run .. ' ' .. ctx.budget.calls_day .. ' ' .. ctx.budget.notional_run .. ' ' .. "
             "ctx.budget.notional_day .. ' ' .. ctx.budget.calls_run_left .. ' ' .. ctx.budget.calls_day_left .. ' ' .. "
             "ctx.budget.notional_run_left .. ' ' .. ctx.budget.notional_day_left .. ' ' .. tostring(ctx.budget.error)",
             a, c) == "2 15 150.5 900.0 1 5 49.5 100.0 nil");
  CHECK(echo("ctx.limits.max_calls_per_run .. ' ' .. tostring(ctx.limits.max_notional_per_order) .. ' ' .. "
             "#ctx.limits.symbols .. ' ' .. ctx.limits.symbols[2]",
             a, c) == "3 nil 2 ETHUSDT");
  CHECK(echo("ctx.drawdown_pct .. ' ' .. ctx.reject_rate .. ' ' .. ctx.actions_last_hour .. ' ' .. ctx.now_ms", a, c) ==
        "1.5 0.02 4.0 1714987800000");

  // Unknown or missing data reads as nil, so a policy can fail closed on it.
  gates::GateContext bare;
  CHECK(echo("tostring(ctx.stage) .. ' ' .. tostring(ctx.bid) .. ' ' .. tostring(ctx.mid) .. ' ' .. "
             "tostring(ctx.market_age_ms) .. ' ' .. tostring(ctx.budget.calls_run_left) .. ' ' .. "
             "tostring(ctx.limits.symbols) .. ' ' .. tostring(ctx.graduation_step) .. ' ' .. tostring(ctx.dry_run)",
             a, bare) == "nil nil nil nil nil nil nil true");
  bare.budget.error = "budget file corrupt";
  CHECK(echo("ctx.budget.error", a, bare) == "budget file corrupt");
}

TEST_CASE("lists iterate with ipairs and #", "[lua][policy]") {
  auto c = test::sample_ctx();
  c.open_orders = {{"a", "BTCUSDT", 1, 10}, {"b", "BTCUSDT", 2, 20}, {"c", "BTCUSDT", 3, 30}};
  CHECK(echo("(function() local s = 0 for i, o in ipairs(ctx.open_orders) do s = s + i * o.qty end return s end)()",
             test::sample_action(), c) == "14.0");
}

TEST_CASE("with: values reach the policy typed, defaults filled in", "[lua][policy][params]") {
  const std::string params = R"({
    limit = { type = "integer", default = 10, min = 0 },
    ratio = { type = "number", default = 0.5 },
    mode = { type = "string", default = "all", one_of = { "all", "some" } },
    strict = { type = "boolean", default = false },
    tags = { type = "string_list", default = { "a", "b" } },
  })";
  const std::string body =
      "return deny('echo', math.type(with.limit) .. ' ' .. with.limit .. ' ' .. with.ratio .. ' ' .. with.mode .. ' ' "
      ".. tostring(with.strict) .. ' ' .. table.concat(with.tags, ',') .. ' ' .. #with.tags)";
  TempDir t;
  auto defaults = build_policy(t, "typed", policy_source("typed", body, params));
  INFO(defaults.diags.render_text());
  REQUIRE(defaults.gate);
  CHECK(defaults.gate->check(test::sample_action(), test::sample_ctx()).detail == "integer 10 0.5 all false a,b 2");
  auto given = build_policy(t, "typed", policy_source("typed", body, params),
                            "{ limit: 3, ratio: 2, mode: some, strict: true, tags: [x, y, z] }");
  INFO(given.diags.render_text());
  REQUIRE(given.gate);
  CHECK(given.gate->check(test::sample_action(), test::sample_ctx()).detail == "integer 3 2.0 some true x,y,z 3");
  CHECK(given.gate->info().params.size() == 5);
  CHECK(given.gate->info().params.front().name == "limit");  // source order
}

TEST_CASE("one gate serves many threads without mixing their calls", "[lua][policy][threads]") {
  TempDir t;
  lua::PolicyLimits limits;
  limits.states = 2;
  auto p = build_policy(t, "per_thread", policy_source("per_thread", R"(
    local s = 0
    for i = 1, 50 do s = s + i end
    return deny("echo", ctx.now_ms .. ":" .. action.symbol .. ":" .. s)
  )"), "{}", limits);
  REQUIRE(p.gate);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      auto a = test::sample_action();
      a.symbol = "SYM" + std::to_string(t);
      auto c = test::sample_ctx();
      for (int i = 0; i < 2000; ++i) {
        c.now_ms = t * 100000 + i;
        auto v = p.gate->check(a, c);
        if (v.detail != std::to_string(c.now_ms) + ":" + a.symbol + ":1275") ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(wrong == 0);
}

TEST_CASE("a gate takes the chain entry's id", "[lua][policy]") {
  TempDir t;
  std::string file = t.write("policies/named.lua", policy_source("named", "return allow()"));
  config::Diagnostics diags;
  lua::PolicyBuild b;
  b.id = "freshness";
  b.file = file;
  auto g = lua::LuaPolicyGate::build(b, diags);
  REQUIRE(g);
  CHECK(g->id() == "freshness");
}
