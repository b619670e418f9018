// Exact decimals: prices and quantities on the venue's grids, as text with
// no float noise.
#include <catch2/catch.hpp>

#include "decimal.hpp"
#include "filters.hpp"

using namespace grinder::binance;

namespace {
Decimal d(const char* s) {
  auto v = Decimal::parse(s);
  REQUIRE(v);
  return *v;
}
}  // namespace

TEST_CASE("decimal text round-trips without noise") {
  CHECK(d("0.10").str() == "0.1");
  CHECK(d("110001.00").str() == "110001");
  CHECK(d("-0.003").str() == "-0.003");
  CHECK(d("-0").str() == "0");
  CHECK(d("0.00000100").str() == "0.000001");
  CHECK(d("48500").fixed(2) == "48500.00");
  CHECK(d("0.003").fixed(1) == "0.003");
  CHECK(d("0.1").scale() == 1);
  CHECK((d("0.1") + d("0.2")).str() == "0.3");  // 0.30000000000000004 in binary
  CHECK((d("122607.35137903") - d("23.72469206")).str() == "122583.62668697");
  CHECK((d("32500.6") * d("0.004")).str() == "130.0024");
}

TEST_CASE("malformed decimals are refused") {
  for (const char* bad : {"", "-", "1.", ".5", "1e5", "+1", " 1", "1,5", "0x10", "1.0000000000000000001"})
    CHECK_FALSE(Decimal::parse(bad));
}

TEST_CASE("rounding to a tick or step is exact") {
  CHECK(d("48500.123").floor_to(d("0.10")).str() == "48500.1");
  CHECK(d("48500.123").ceil_to(d("0.10")).str() == "48500.2");
  CHECK(d("48500.15").round_to(d("0.1")).str() == "48500.2");
  CHECK(d("0.0049").floor_to(d("0.001")).str() == "0.004");
  CHECK(d("-0.0049").floor_to(d("0.001")).str() == "-0.005");
  CHECK(d("150.00999").floor_to(d("0.0100")).str() == "150");
  CHECK(d("0.3").is_multiple_of(d("0.1")));
  CHECK_FALSE(d("60000.05").is_multiple_of(d("0.1")));
}

TEST_CASE("the smallest quantity on the step grid that meets a minimum notional") {
  // 100 / 32500.6 = 0.003076...: three steps are short, four are enough.
  CHECK(Decimal::ceil_multiple_for(d("100"), d("32500.6"), d("0.001")).str() == "0.004");
  CHECK(Decimal::ceil_multiple_for(d("100"), d("25000"), d("0.001")).str() == "0.004");  // exactly 100
  CHECK(Decimal::ceil_multiple_for(d("5"), d("150.01"), d("1")).str() == "1");
  CHECK(Decimal::ceil_multiple_for(d("0"), d("1"), d("1")).str() == "0");
}

namespace {
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
