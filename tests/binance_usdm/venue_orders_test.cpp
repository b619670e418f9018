// The real plugin over real loopback sockets against grinder-venue-sim:
// filters, quotes, place / cancel / cancel-all / snapshot round trips.
#include "binance_harness.hpp"

using namespace grinder;
using namespace grinder::test;
using plugin::ErrorClass;
using plugin::Side;

TEST_CASE("connect, filters and the best bid and ask") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  auto f = v->filters("BTCUSDT");
  REQUIRE(f);
  CHECK(f->tick_size == 0.1);
  CHECK(f->step_size == 0.001);
  CHECK(f->min_notional == 100);
  CHECK(f->min_qty == 0.001);
  auto sol = v->filters("SOLUSDT");
  REQUIRE(sol);
  CHECK(sol->step_size == 1);
  auto top = v->book_top("ETHUSDT");
  REQUIRE(top);
  CHECK(top->bid > 0);
  CHECK(top->ask > top->bid);
  CHECK(std::llabs(now_ms() - top->venue_ts_ms) < 5000);
  auto unknown = v->filters("DOGEUSDT");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().error_class == ErrorClass::InvalidArgument);
  CHECK(logs.contains("connected url=" + sim.base_url()));
}

TEST_CASE("place, snapshot, cancel: a LIMIT order rests and goes") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  auto top = v->book_top("BTCUSDT");
  REQUIRE(top);
  double price = plugin::floor_to_increment(top->bid * 0.5, 0.1);
  auto placed = v->place(limit_order("grinder_1_rt1", Side::Buy, price, 0.004));
  INFO((placed ? "" : placed.error().to_string()));
  REQUIRE(placed);
  CHECK(placed->status == plugin::OrderStatus::New);
  CHECK(placed->price == price);
  CHECK(placed->qty == 0.004);
  CHECK_FALSE(placed->venue_order_id.empty());

  auto snap = v->snapshot({"BTCUSDT"});
  REQUIRE(snap);
  CHECK(snap->complete());
  REQUIRE(snap->orders.size() == 1);
  CHECK(snap->orders[0].client_order_id == "grinder_1_rt1");
  CHECK(snap->orders[0].price == price);
  REQUIRE_FALSE(snap->balances.empty());
  CHECK(snap->balances[0].asset == "USDT");

  REQUIRE(v->cancel("BTCUSDT", "grinder_1_rt1"));
  auto after = v->snapshot({"BTCUSDT"});
  REQUIRE(after);
  CHECK(after->orders.empty());
  // Cancel is idempotent: the venue's -2011 "Unknown order sent." means gone.
  auto again = v->cancel("BTCUSDT", "grinder_1_rt1");
  INFO((again ? "" : again.error().to_string()));
  CHECK(again);
  CHECK(logs.contains("already gone (-2011"));
  CHECK(v->cancel("BTCUSDT", "grinder_1_never_placed"));
  CHECK(sim.orders_for("grinder_1_rt1") == 1);
}

TEST_CASE("prices and quantities are rounded to the filters before they are sent") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  // Off the grid: the venue would refuse both (-4014, -4023); rounded, it accepts.
  auto placed = v->place(limit_order("grinder_1_round", Side::Buy, 30000.07, 0.0049));
  INFO((placed ? "" : placed.error().to_string()));
  REQUIRE(placed);
  CHECK(placed->price == 30000.0);
  CHECK(placed->qty == 0.004);
  auto sell = v->place(limit_order("grinder_1_round_s", Side::Sell, 90000.01, 0.002));
  REQUIRE(sell);
  CHECK(sell->price == 90000.1);  // a sell rounds up: never a worse price than asked
}

TEST_CASE("what Binance would refuse is refused before anything is sent") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  auto bad_id = v->place(limit_order("grinder 1 x", Side::Buy, 30000, 0.004));
  REQUIRE_FALSE(bad_id);
  CHECK(bad_id.error().error_class == ErrorClass::InvalidArgument);
  CHECK_THAT(bad_id.error().message, Catch::Contains("^[\\.A-Z\\:/a-z0-9_-]{1,36}$"));
  auto too_long = v->place(limit_order(std::string(37, 'g'), Side::Buy, 30000, 0.004));
  REQUIRE_FALSE(too_long);
  CHECK(too_long.error().error_class == ErrorClass::InvalidArgument);

  auto small = v->place(limit_order("grinder_1_small", Side::Buy, 30000, 0.003));
  REQUIRE_FALSE(small);
  CHECK(small.error().error_class == ErrorClass::NonRetryable);
  CHECK(small.error().code == -4164);
  CHECK_THAT(small.error().message, Catch::Contains("increase the quantity"));
  CHECK(sim.requests("POST /fapi/v1/order") == 0);
}

TEST_CASE("the venue's -4164 on a MARKET order carries Runbook 17's advice") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  // 0.001 BTC at the mark is about 65 USDT: under the 100 minimum.
  auto r = v->place(market_order("grinder_1_mkt_small", Side::Buy, 0.001));
  REQUIRE_FALSE(r);
  CHECK(r.error().error_class == ErrorClass::NonRetryable);
  CHECK(r.error().code == -4164);
  CHECK_THAT(r.error().message, Catch::Contains("Order's notional must be no smaller than 100") &&
                                    Catch::Contains("increase the quantity"));
}

TEST_CASE("a MARKET order fills, the position shows, reduce-only flattens it") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  auto buy = v->place(market_order("grinder_1_mkt", Side::Buy, 0.002));
  INFO((buy ? "" : buy.error().to_string()));
  REQUIRE(buy);
  CHECK(buy->status == plugin::OrderStatus::Filled);
  CHECK(buy->filled_qty == 0.002);
  CHECK(buy->price > 0);  // the average fill price
  auto snap = v->snapshot();
  REQUIRE(snap);
  REQUIRE(snap->positions.size() == 1);
  CHECK(snap->positions[0].symbol == "BTCUSDT");
  CHECK(snap->positions[0].qty == 0.002);
  auto flat = market_order("grinder_1_flat", Side::Sell, 0.002);
  flat.reduce_only = true;
  auto sell = v->place(flat);
  REQUIRE(sell);
  CHECK(sell->reduce_only);
  auto after = v->snapshot();
  REQUIRE(after);
  CHECK(after->positions.empty());
}

TEST_CASE("cancel_all cancels every open order of the symbol, grinder's and anybody's") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  sim.admin("unexpected_order", R"({"symbol": "BTCUSDT", "client_order_id": "manual_123"})");
  REQUIRE(v->place(limit_order("grinder_1_ca1", Side::Buy, 30000, 0.004)));
  REQUIRE(v->place(limit_order("grinder_1_ca2", Side::Buy, 30000.5, 0.004)));
  REQUIRE(v->place(limit_order("grinder_1_eth", Side::Buy, 1500, 0.02, "ETHUSDT")));
  auto n = v->cancel_all("BTCUSDT");
  REQUIRE(n);
  CHECK(*n == 3);
  auto snap = v->snapshot();
  REQUIRE(snap);
  REQUIRE(snap->orders.size() == 1);
  CHECK(snap->orders[0].symbol == "ETHUSDT");
}

TEST_CASE("the snapshot shows what the runbooks drill: a foreign order, an unexpected position") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  sim.admin("unexpected_order", R"({"symbol": "ETHUSDT", "side": "SELL", "client_order_id": "manual_123"})");
  sim.admin("unexpected_position", R"({"symbol": "SOLUSDT", "qty": "-3", "entry_price": "150.5"})");
  auto snap = v->snapshot();
  REQUIRE(snap);
  CHECK(snap->complete());
  REQUIRE(snap->orders.size() == 1);
  CHECK(snap->orders[0].client_order_id == "manual_123");
  CHECK(snap->orders[0].side == plugin::Side::Sell);
  REQUIRE(snap->positions.size() == 1);
  CHECK(snap->positions[0].symbol == "SOLUSDT");
  CHECK(snap->positions[0].qty == -3);
  CHECK(snap->positions[0].entry_price == 150.5);
  auto only_btc = v->snapshot({"BTCUSDT"});
  REQUIRE(only_btc);
  CHECK(only_btc->orders.empty());
  CHECK(only_btc->positions.empty());
}
