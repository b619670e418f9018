#include <catch2/catch.hpp>

#include "grinder/gates/action.hpp"
#include "grinder/gates/identity.hpp"

using namespace grinder::gates;

TEST_CASE("actions know whether they add risk", "[action]") {
  Action a;
  a.type = ActionType::PlaceOrder;
  CHECK(a.adds_risk());
  a.reduce_only = true;
  CHECK_FALSE(a.adds_risk());
  a.type = ActionType::CancelOrder;
  CHECK_FALSE(a.adds_risk());
  a.type = ActionType::CancelAll;
  CHECK_FALSE(a.adds_risk());
  a.type = ActionType::Flatten;
  CHECK_FALSE(a.adds_risk());
  a.type = ActionType::ReplaceOrder;
  a.reduce_only = false;
  CHECK(a.adds_risk());
}

TEST_CASE("parse_action_json accepts the documented shape and rejects the rest", "[action]") {
  std::string err;
  auto a = parse_action_json(R"({"type":"flatten","symbol":"BTCUSDT","qty":0.01})", err);
  REQUIRE(a);
  CHECK(a->type == ActionType::Flatten);
  CHECK(a->reduce_only);
  CHECK(a->qty == 0.01);
  CHECK_FALSE(parse_action_json(R"({"type":"teleport","symbol":"X"})", err));
  CHECK(err.find("unknown action type") != std::string::npos);
  CHECK_FALSE(parse_action_json(R"({"type":"flatten","symbol":"X","qty":0.1,"colour":1})", err));
  CHECK(err.find("colour") != std::string::npos);
  CHECK_FALSE(parse_action_json(R"({"type":"flatten","symbol":"X"})", err));
  CHECK_FALSE(parse_action_json(R"({"type":"cancel_order","symbol":"X"})", err));
  CHECK_FALSE(parse_action_json("{not json", err));
  auto c = parse_action_json(R"({"type":"cancel_all","symbol":"BTCUSDT","orders":[{"client_order_id":"grinder_1_a"}]})", err);
  REQUIRE(c);
  CHECK(c->orders.size() == 1);
  CHECK(c->orders[0].symbol == "BTCUSDT");
}

TEST_CASE("notional uses the limit price, else the reference price", "[action]") {
  Action a;
  a.type = ActionType::PlaceOrder;
  a.qty = 0.5;
  a.price = 100;
  CHECK(*a.notional(std::nullopt) == 50);
  a.price.reset();
  CHECK_FALSE(a.notional(std::nullopt));
  CHECK(*a.notional(200.0) == 100);
  a.type = ActionType::CancelAll;
  CHECK(*a.notional(std::nullopt) == 0);
}

TEST_CASE("identity: prefix and strategy", "[action][identity]") {
  CHECK(*strategy_of("grinder_1_abc", "grinder_") == "1");
  CHECK_FALSE(strategy_of("manual_1", "grinder_"));
  CHECK_FALSE(strategy_of("grinder_", "grinder_"));
  CHECK_FALSE(strategy_of("grinder_nounderscore", "grinder_"));
  CHECK(is_own_order("grinder_2_x", "grinder_", {"1", "2"}));
  CHECK_FALSE(is_own_order("grinder_3_x", "grinder_", {"1", "2"}));
  CHECK(is_own_order("grinder_3_x", "grinder_", {}));
}
