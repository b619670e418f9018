// Each built-in gate allows when it should and denies with its reason.
#include "gate_fixture.hpp"

using namespace grinder;
using namespace grinder::test;

static gates::Verdict run(const std::string& name, const gates::Action& a, const gates::GateContext& ctx,
                          const std::string& with = "{}") {
  return make_gate(name, with)->check(a, ctx);
}

TEST_CASE("action_in_stage", "[gates]") {
  OpenContext o;
  CHECK(run("action_in_stage", cancel_all(), o.ctx).allow);
  auto shadow = stage("SHADOW", {}, false);
  o.ctx.stage = &shadow;
  auto v = run("action_in_stage", cancel_all(), o.ctx);
  CHECK_FALSE(v.allow);
  CHECK(v.reason == "action_not_in_stage");
  CHECK(v.detail == "stage=SHADOW plans=[] action=cancel_all");
}

TEST_CASE("dry_run, allow_active_remediation and armed follow the derived flags", "[gates]") {
  OpenContext o;
  CHECK(run("dry_run", cancel_all(), o.ctx).allow);
  CHECK(run("allow_active_remediation", cancel_all(), o.ctx).allow);
  CHECK(run("armed", cancel_all(), o.ctx).allow);
  auto staging = stage("STAGING", {"cancel_all"}, false);
  o.ctx.stage = &staging;
  o.ctx.flags = staging.flags();
  CHECK(run("dry_run", cancel_all(), o.ctx).reason == "dry_run");
  CHECK(run("allow_active_remediation", cancel_all(), o.ctx).allow);
  CHECK(run("armed", cancel_all(), o.ctx).reason == "not_armed");
  auto shadow = stage("SHADOW", {}, false);
  o.ctx.flags = shadow.flags();
  CHECK(run("allow_active_remediation", cancel_all(), o.ctx).reason == "not_allowed");
}

TEST_CASE("connector_mode needs LIVE_TRADE; READ_ONLY is the default", "[gates]") {
  OpenContext o;
  auto v = run("connector_mode", place(0.01, 50000), o.ctx);
  CHECK(v.reason == "mode_not_live_trade");
  CHECK(v.detail.find("READ_ONLY") != std::string::npos);
  o.ctx.env["GRINDER_CONNECTOR_MODE"] = "PAPER";
  CHECK(run("connector_mode", place(0.01, 50000), o.ctx).reason == "mode_not_live_trade");
  o.ctx.env["GRINDER_CONNECTOR_MODE"] = "LIVE_TRADE";
  CHECK(run("connector_mode", place(0.01, 50000), o.ctx).allow);
}

TEST_CASE("env_flag: ALLOW_MAINNET_TRADE=1 and custom reasons", "[gates]") {
  OpenContext o;
  const char* with = "{ var: ALLOW_MAINNET_TRADE, equals: \"1\" }";
  CHECK(run("env_flag", cancel_all(), o.ctx, with).allow);
  o.ctx.env.erase("ALLOW_MAINNET_TRADE");
  auto v = run("env_flag", cancel_all(), o.ctx, with);
  CHECK(v.reason == "env_var_missing");
  CHECK(v.detail.find("ALLOW_MAINNET_TRADE=1 not set") != std::string::npos);
  o.ctx.env["ALLOW_MAINNET_TRADE"] = "0";
  CHECK(run("env_flag", cancel_all(), o.ctx, with).reason == "env_var_missing");
  // The BTCTurk arming variables are env_flag gates with their own reasons.
  CHECK(run("env_flag", place(0.01, 1), o.ctx, "{ var: LIVE_TRADING, equals: \"true\", reason: live_trading_disabled }").reason ==
        "live_trading_disabled");
  CHECK(run("env_flag", place(0.01, 1), o.ctx, "{ var: LIVE_TRADING_ACK, equals: I_UNDERSTAND, reason: ack_missing }").reason ==
        "ack_missing");
  // applies_to: risk_increasing lets cancels through.
  const char* ks = "{ var: KILL_SWITCH, equals: \"false\", reason: kill_switch_env, applies_to: risk_increasing }";
  o.ctx.env["KILL_SWITCH"] = "true";
  CHECK(run("env_flag", cancel_all(), o.ctx, ks).allow);
  CHECK(run("env_flag", place(0.01, 1), o.ctx, ks).reason == "kill_switch_env");
}

TEST_CASE("env_flag never echoes a secret-named variable", "[gates][secrets]") {
  OpenContext o;
  o.ctx.env["MY_API_SECRET"] = "hunter2";
  auto v = run("env_flag", cancel_all(), o.ctx, "{ var: MY_API_SECRET, equals: x }");
  CHECK_FALSE(v.allow);
  CHECK(v.detail.find("hunter2") == std::string::npos);
}

TEST_CASE("safe_mode wins over everything, cancels included", "[gates]") {
  OpenContext o;
  CHECK(run("safe_mode", cancel_all(), o.ctx).allow);
  o.ctx.env["SAFE_MODE"] = "true";
  CHECK(run("safe_mode", cancel_all(), o.ctx).reason == "safe_mode");
  CHECK(run("safe_mode", flatten(0.001), o.ctx).reason == "safe_mode");
  o.ctx.env["SAFE_MODE"] = "false";
  CHECK(run("safe_mode", place(0.01, 1), o.ctx).allow);
}

TEST_CASE("kill_switch denies new risk and allows cancels and reduce-only flattens", "[gates]") {
  OpenContext o;
  CHECK(run("kill_switch", place(0.01, 50000), o.ctx).allow);
  o.ctx.kill_switch = true;
  auto v = run("kill_switch", place(0.01, 50000), o.ctx);
  CHECK(v.reason == "kill_switch_active");
  CHECK(run("kill_switch", cancel_all(), o.ctx).allow);
  CHECK(run("kill_switch", flatten(0.001), o.ctx).allow);
  auto reduce = place(0.01, 50000);
  reduce.reduce_only = true;
  CHECK(run("kill_switch", reduce, o.ctx).allow);
}

TEST_CASE("symbol_allowlist from the stage limits or with:, and none configured denies", "[gates]") {
  OpenContext o;
  CHECK(run("symbol_allowlist", cancel_all("BTCUSDT"), o.ctx).allow);
  CHECK(run("symbol_allowlist", cancel_all("ETHUSDT"), o.ctx).reason == "symbol_not_allowed");
  CHECK(run("symbol_allowlist", cancel_all("ETHUSDT"), o.ctx, "{ symbols: \"BTCUSDT,ETHUSDT\" }").allow);
  o.ctx.limits.symbols.reset();
  CHECK(run("symbol_allowlist", cancel_all("BTCUSDT"), o.ctx).reason == "symbol_not_allowed");
}

TEST_CASE("identity: only grinder's orders with an allowed strategy may be touched", "[gates]") {
  OpenContext o;
  o.ctx.strategies = {"1", "2"};
  CHECK(run("identity", cancel_all(), o.ctx).allow);
  auto manual = cancel_all();
  manual.orders.push_back({"manual_123", "BTCUSDT"});
  CHECK(run("identity", manual, o.ctx).reason == "foreign_order");
  auto other_strategy = cancel_all();
  other_strategy.orders = {{"grinder_9_x", "BTCUSDT"}};
  CHECK(run("identity", other_strategy, o.ctx).reason == "foreign_order");
  CHECK(run("identity", other_strategy, o.ctx, "{ strategies: [\"9\"] }").allow);
  gates::Action cancel;
  cancel.type = gates::ActionType::CancelOrder;
  cancel.symbol = "BTCUSDT";
  cancel.client_order_id = "web_ui_1";
  CHECK(run("identity", cancel, o.ctx).reason == "foreign_order");
}

TEST_CASE("max orders and max symbols per action", "[gates]") {
  OpenContext o;
  o.ctx.limits.max_orders_per_action = 1;
  o.ctx.limits.max_symbols_per_action = 1;
  auto two = cancel_all();
  two.orders.push_back({"grinder_1_b", "BTCUSDT"});
  CHECK(run("max_orders_per_action", cancel_all(), o.ctx).allow);
  auto v = run("max_orders_per_action", two, o.ctx);
  CHECK(v.reason == "max_orders_per_action");
  CHECK(v.detail == "max_orders_per_action: limit=1 action=2");
  auto two_symbols = cancel_all();
  two_symbols.orders.push_back({"grinder_1_e", "ETHUSDT"});
  CHECK(run("max_symbols_per_action", two_symbols, o.ctx).reason == "max_symbols_per_action");
  CHECK(run("max_symbols_per_action", two_symbols, o.ctx, "{ max: 2 }").allow);
}

TEST_CASE("cooldown", "[gates]") {
  OpenContext o;
  o.ctx.limits.cooldown_seconds = 300;
  CHECK(run("cooldown", cancel_all(), o.ctx).allow);  // never acted
  o.ctx.last_action_ms = o.ctx.now_ms - 60'000;
  auto v = run("cooldown", cancel_all(), o.ctx);
  CHECK(v.reason == "cooldown");
  CHECK(v.detail == "cooldown=300s elapsed=60s");
  o.ctx.last_action_ms = o.ctx.now_ms - 301'000;
  CHECK(run("cooldown", cancel_all(), o.ctx).allow);
  CHECK(run("cooldown", cancel_all(), o.ctx, "{ seconds: 600 }").reason == "cooldown");
}

TEST_CASE("notional gates: per-order cap, venue minimum, flatten cap", "[gates]") {
  OpenContext o;
  o.ctx.limits.max_notional_per_order = 150;
  CHECK(run("max_notional_per_order", place(0.002, 65000), o.ctx).allow);  // 130
  CHECK(run("max_notional_per_order", place(0.003, 65000), o.ctx).reason == "max_notional_per_order");
  CHECK(run("min_notional", place(0.002, 65000), o.ctx).allow);
  auto v = run("min_notional", place(0.001, 65000), o.ctx);
  CHECK(v.reason == "min_notional");
  CHECK(v.detail == "min=100 action=65");
  o.ctx.min_notional.reset();
  CHECK(run("min_notional", place(0.002, 65000), o.ctx).reason == "min_notional");  // unknown minimum denies
  CHECK(run("min_notional", place(0.002, 65000), o.ctx, "{ min: 10 }").allow);
  // flatten: 0.001 * bid 65000 = 65 <= 100; 0.002 -> 130 > 100
  CHECK(run("flatten_notional", flatten(0.001), o.ctx).allow);
  auto f = run("flatten_notional", flatten(0.002), o.ctx);
  CHECK(f.reason == "flatten_notional_cap");
  CHECK(f.detail == "limit=100 action=130");
}

TEST_CASE("price_known: an unknown price blocks flatten but not cancels", "[gates]") {
  OpenContext o;
  CHECK(run("price_known", flatten(0.001), o.ctx).allow);
  o.ctx.market = {};
  CHECK(run("price_known", flatten(0.001), o.ctx).reason == "price_unknown");
  CHECK(run("price_known", cancel_all(), o.ctx).allow);
  CHECK(run("price_known", place(0.01, 50000), o.ctx).allow);  // a limit order carries its price
  CHECK(run("flatten_notional", flatten(0.001), o.ctx).reason == "flatten_notional_cap");
}

TEST_CASE("budget: each of the four limits with its reason and numbers", "[gates][budget]") {
  OpenContext o;
  CHECK(run("budget", cancel_all(), o.ctx).allow);
  o.ctx.budget.calls_run = 3;
  CHECK(run("budget", cancel_all(), o.ctx).reason == "budget_calls_run");
  o.ctx.budget = {};
  o.ctx.budget.calls_day = 20;
  CHECK(run("budget", cancel_all(), o.ctx).reason == "budget_calls_day");
  o.ctx.budget = {};
  o.ctx.budget.notional_run = 150;
  auto v = run("budget", flatten(0.001), o.ctx);  // 65 more: 215 > 200
  CHECK(v.reason == "budget_notional_run");
  CHECK(v.detail == "budget_notional_run: limit=200 used=150 action=65");
  o.ctx.budget = {};
  o.ctx.budget.notional_day = 950;
  CHECK(run("budget", flatten(0.001), o.ctx).reason == "budget_notional_day");
  o.ctx.budget = {};
  o.ctx.budget.error = "budget state x is corrupt";
  CHECK(run("budget", cancel_all(), o.ctx).reason == "budget_state_error");
}

TEST_CASE("market_data_fresh: stale or missing data fails closed for priced actions", "[gates]") {
  OpenContext o;
  const char* with = "{ max_age_ms: 3000 }";
  CHECK(run("market_data_fresh", place(0.01, 1), o.ctx, with).allow);
  o.ctx.market.age_ms = 5000;
  auto v = run("market_data_fresh", place(0.01, 1), o.ctx, with);
  CHECK(v.reason == "market_data:stale");
  CHECK(v.detail == "age_ms=5000 max_age_ms=3000");
  o.ctx.market.age_ms.reset();
  CHECK(run("market_data_fresh", flatten(0.01), o.ctx, with).reason == "market_data:stale");
  CHECK(run("market_data_fresh", cancel_all(), o.ctx, with).allow);
}

TEST_CASE("circuit_breaker, leader, venue_configured", "[gates]") {
  OpenContext o;
  CHECK(run("circuit_breaker", cancel_all(), o.ctx).allow);
  CHECK(run("leader", cancel_all(), o.ctx).allow);
  CHECK(run("venue_configured", cancel_all(), o.ctx).allow);
  o.ctx.circuit_open = true;
  o.ctx.leader = false;
  o.ctx.venue_configured = false;
  CHECK(run("circuit_breaker", cancel_all(), o.ctx).reason == "circuit_open");
  CHECK(run("leader", cancel_all(), o.ctx).reason == "not_leader");
  CHECK(run("venue_configured", place(0.01, 1), o.ctx).reason == "venue_not_configured");
}

TEST_CASE("every catalogued gate can be built", "[gates]") {
  for (const auto& spec : gates::builtin_gates()) {
    std::string with = spec.name == "env_flag" ? "{ var: X }" : "{}";
    auto g = make_gate(spec.name, with);
    CHECK(g->id() == spec.name);
    CHECK(g->kind() == "builtin");
  }
}
