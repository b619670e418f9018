// Orders checked against exchangeinfo's rules before anything is sent:
// rounded to the grid in the direction that never hurts, refused with the
// venue's own reason when it would refuse.
#include <catch2/catch.hpp>

#include "order_shape.hpp"

using namespace grinder::btcturk;

namespace {
PairRules btctry() {
  PairRules r;
  r.symbol = "BTCTRY";
  r.status = "TRADING";
  r.numerator = "BTC";
  r.denominator = "TRY";
  r.quantity_scale = 8;
  r.price_scale = 0;
  r.tick_size = *Decimal::parse("1");
  r.min_price = *Decimal::parse("0.0000000000001");
  r.max_price = *Decimal::parse("100000000");
  r.min_exchange_value = *Decimal::parse("10");
  r.order_methods = {"MARKET", "LIMIT"};
  return r;
}
}  // namespace

TEST_CASE("a LIMIT order on the grid goes out as it came") {
  ShapeResult s = shape_order(btctry(), true, false, "1800000", "0.00006");
  REQUIRE(s.order);
  CHECK(s.order->price == "1800000");
  CHECK(s.order->qty == "0.00006");
  CHECK_FALSE(s.order->price_rounded);
  CHECK_FALSE(s.order->qty_rounded);
}

TEST_CASE("prices round toward the better side, quantities down to the scale") {
  ShapeResult buy = shape_order(btctry(), true, false, "1800000.7", "0.000060009");
  REQUIRE(buy.order);
  CHECK(buy.order->price == "1800000");
  CHECK(buy.order->qty == "0.00006");
  CHECK(buy.order->price_rounded);
  CHECK(buy.order->qty_rounded);
  ShapeResult sell = shape_order(btctry(), false, false, "1800000.2", "0.001");
  REQUIRE(sell.order);
  CHECK(sell.order->price == "1800001");
}

TEST_CASE("below minExchangeValue: FAILED_MIN_TOTAL_AMOUNT before sending") {
  ShapeResult s = shape_order(btctry(), true, false, "1800000", "0.000005");
  REQUIRE_FALSE(s.order);
  CHECK(s.refusal.rc == GRINDER_VENUE_NON_RETRYABLE);
  CHECK(s.refusal.venue_code == 1123);
  CHECK_THAT(s.refusal.message, Catch::Contains("9 is below BTCTRY's minExchangeValue 10"));
}

TEST_CASE("what cannot be sent is refused with the rule it breaks") {
  CHECK(shape_order(btctry(), true, false, "1800000", "0.000000001").refusal.rc == GRINDER_VENUE_INVALID_ARGUMENT);
  CHECK(shape_order(btctry(), true, false, "0.4", "1").refusal.rc == GRINDER_VENUE_INVALID_ARGUMENT);
  CHECK(shape_order(btctry(), true, false, "abc", "1").refusal.rc == GRINDER_VENUE_INVALID_ARGUMENT);
  CHECK(shape_order(btctry(), true, false, "1", "-1").refusal.rc == GRINDER_VENUE_INVALID_ARGUMENT);
  ShapeResult high = shape_order(btctry(), false, false, "200000000", "0.001");
  CHECK(high.refusal.venue_code == 1226);
  PairRules halted = btctry();
  halted.status = "HALTED";
  CHECK_THAT(shape_order(halted, true, false, "1800000", "0.001").refusal.message, Catch::Contains("not trading"));
  PairRules limit_only = btctry();
  limit_only.order_methods = {"LIMIT"};
  ShapeResult market = shape_order(limit_only, false, true, "", "0.001");
  CHECK(market.refusal.venue_code == 1118);
  CHECK_THAT(market.refusal.message, Catch::Contains("does not take MARKET orders"));
}

TEST_CASE("a MARKET order needs no price and leaves the total to the venue") {
  ShapeResult s = shape_order(btctry(), false, true, "", "0.0000012345");
  REQUIRE(s.order);
  CHECK(s.order->price.empty());
  CHECK(s.order->qty == "0.00000123");
}
