// Orders shaped to Binance's symbol filters: prices on the tick, quantities
// on the step, the minimum notional, refusals in the venue's terms.
#include <catch2/catch.hpp>

#include "filters.hpp"

using namespace grinder::binance;

namespace {
Decimal d(const char* s) {
  auto v = Decimal::parse(s);
  REQUIRE(v);
  return *v;
}

SymbolFilters btc() {
  SymbolFilters f;
  f.symbol = "BTCUSDT";
  f.tick_size = d("0.10");
  f.min_price = d("261.10");
  f.max_price = d("809484");
  f.step_size = d("0.001");
  f.min_qty = d("0.001");
  f.max_qty = d("1000");
  f.market_step_size = d("0.001");
  f.market_min_qty = d("0.001");
  f.market_max_qty = d("120");
  f.min_notional = d("100");
  return f;
}
}  // namespace

TEST_CASE("orders are shaped to the filters: a buy never pays more, a quantity never grows") {
  auto buy = shape_order(btc(), true, false, "32500.67", "0.0049", false);
  REQUIRE(buy.order);
  CHECK(buy.order->price == "32500.6");
  CHECK(buy.order->qty == "0.004");
  CHECK(buy.order->price_rounded);
  CHECK(buy.order->qty_rounded);
  auto sell = shape_order(btc(), false, false, "70000.01", "0.002", false);
  REQUIRE(sell.order);
  CHECK(sell.order->price == "70000.1");
  CHECK_FALSE(sell.order->qty_rounded);
  // A host double printed with 15 significant digits lands on the grid as is.
  auto exact = shape_order(btc(), true, false, "65000.1", "0.003", false);
  REQUIRE(exact.order);
  CHECK(exact.order->price == "65000.1");
  CHECK_FALSE(exact.order->price_rounded);
}

TEST_CASE("shaping refuses what the venue would refuse") {
  auto small = shape_order(btc(), true, false, "32500", "0.0009", false);
  REQUIRE_FALSE(small.order);
  CHECK(small.refusal.rc == GRINDER_VENUE_INVALID_ARGUMENT);
  CHECK_THAT(small.refusal.message, Catch::Contains("below min_qty 0.001"));

  auto notional = shape_order(btc(), true, false, "32500", "0.003", false);
  REQUIRE_FALSE(notional.order);
  CHECK(notional.refusal.rc == GRINDER_VENUE_NON_RETRYABLE);
  CHECK(notional.refusal.venue_code == -4164);
  CHECK_THAT(notional.refusal.message, Catch::Contains("97.5") && Catch::Contains("minimum notional 100") &&
                                           Catch::Contains("price * quantity >= the minimum notional"));
  // Reduce-only orders are exempt from the minimum (Binance: "unless you choose reduce only").
  CHECK(shape_order(btc(), true, false, "32500", "0.003", true).order);
  // MARKET orders are priced at the mark by the venue: not checked here.
  CHECK(shape_order(btc(), true, true, "", "0.001", false).order);

  CHECK(shape_order(btc(), true, false, "100", "1", false).refusal.rc == GRINDER_VENUE_INVALID_ARGUMENT);  // < minPrice
  CHECK(shape_order(btc(), true, true, "", "121", false).refusal.rc ==
        GRINDER_VENUE_INVALID_ARGUMENT);  // > market maxQty
  CHECK(shape_order(btc(), true, false, "abc", "1", false).refusal.rc == GRINDER_VENUE_INVALID_ARGUMENT);
}
