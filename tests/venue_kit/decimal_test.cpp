// Exact decimals: prices and quantities on a venue's grids, as text with no
// float noise.
#include <catch2/catch.hpp>

#include "grinder/venue_kit/decimal.hpp"

using namespace grinder::venue_kit;

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
