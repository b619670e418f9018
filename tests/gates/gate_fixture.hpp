#pragma once
#include <catch2/catch.hpp>

#include "grinder/config/deployment.hpp"
#include "grinder/gates/catalog.hpp"
#include "grinder/gates/chain.hpp"
#include "grinder/ladder/ladder.hpp"
#include "test_env.hpp"

namespace grinder::test {

// One built-in gate from its name and `with:` YAML.
inline gates::GatePtr make_gate(const std::string& name, const std::string& with_yaml = "{}") {
  config::Diagnostics d;
  config::LoadOptions o;
  o.env = fake_env({});
  config::ChainGateConfig e;
  e.name = name;
  e.id = name;
  e.with = *config::load_yaml_string(with_yaml, "with.yaml", d, o);
  auto g = gates::make_builtin_gate(e, d);
  REQUIRE(g);
  return g;
}

// Stages shaped like Runbook 22's.
inline ladder::Stage stage(const std::string& name, std::vector<std::string> plan, bool execute) {
  ladder::Stage s;
  s.name = name;
  s.plan = std::move(plan);
  s.execute = execute;
  return s;
}

inline gates::Action cancel_all(const std::string& symbol = "BTCUSDT") {
  gates::Action a;
  a.type = gates::ActionType::CancelAll;
  a.symbol = symbol;
  a.orders = {{"grinder_1_abc", symbol}};
  return a;
}

inline gates::Action flatten(double qty, const std::string& symbol = "BTCUSDT") {
  gates::Action a;
  a.type = gates::ActionType::Flatten;
  a.symbol = symbol;
  a.qty = qty;
  a.side = gates::Side::Sell;
  a.reduce_only = true;
  return a;
}

inline gates::Action place(double qty, double price, const std::string& symbol = "BTCUSDT") {
  gates::Action a;
  a.type = gates::ActionType::PlaceOrder;
  a.symbol = symbol;
  a.qty = qty;
  a.price = price;
  a.client_order_id = "grinder_1_new";
  return a;
}

// A context where everything allows: an executing stage, fresh prices, room
// in every budget.
struct OpenContext {
  ladder::Stage active = stage("ACTIVE", {"cancel_all", "flatten", "place_order"}, true);
  gates::GateContext ctx;
  OpenContext() {
    ctx.stage = &active;
    ctx.flags = active.flags();
    ctx.limits.symbols = std::vector<std::string>{"BTCUSDT"};
    ctx.limits.max_calls_per_run = 3;
    ctx.limits.max_calls_per_day = 20;
    ctx.limits.max_notional_per_run = 200;
    ctx.limits.max_notional_per_day = 1000;
    ctx.limits.flatten_max_notional_per_call = 100;
    ctx.env = {{"ALLOW_MAINNET_TRADE", "1"}};
    ctx.market.bid = 65000;
    ctx.market.ask = 65001;
    ctx.market.age_ms = 100;
    ctx.min_notional = 100;
    ctx.now_ms = 1'700'000'000'000;
  }
};

}  // namespace grinder::test
