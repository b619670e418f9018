#include <catch2/catch.hpp>

#include <limits>

#include "grinder/plugin/decimal.hpp"

using grinder::plugin::format_decimal;
using grinder::plugin::parse_decimal;

TEST_CASE("format_decimal writes what the exchange expects", "[plugin][decimal]") {
  CHECK(format_decimal(0.1) == "0.1");
  CHECK(format_decimal(65000.1) == "65000.1");
  CHECK(format_decimal(65000.0) == "65000");
  CHECK(format_decimal(0.1 + 0.2) == "0.3");        // float noise rounded away
  CHECK(format_decimal(0.00001) == "0.00001");      // never an exponent
  CHECK(format_decimal(-0.003) == "-0.003");
  CHECK(format_decimal(123456789.12345) == "123456789.12345");
  CHECK(format_decimal(1e20) == "100000000000000000000");
  CHECK(format_decimal(0.0) == "0");
  CHECK(format_decimal(-0.0) == "0");
  CHECK(format_decimal(std::numeric_limits<double>::infinity()).empty());
}

TEST_CASE("parse_decimal accepts only the ABI's decimal syntax", "[plugin][decimal]") {
  CHECK(parse_decimal("65000.1") == Approx(65000.1));
  CHECK(parse_decimal("-0.003") == Approx(-0.003));
  CHECK(parse_decimal("0") == Approx(0));
  for (const char* bad : {"", "-", ".5", "5.", "1e5", "+1", " 1", "1 ", "1,5", "0x10", "nan", "inf"}) {
    INFO(bad);
    CHECK_FALSE(parse_decimal(bad));
  }
}

TEST_CASE("snapping to the venue's grid removes arithmetic noise", "[plugin][decimal]") {
  using grinder::plugin::floor_to_increment;
  using grinder::plugin::round_to_increment;
  double noisy = 0.1 * 3 - 0.297;  // 0.0030000000000000027
  CHECK(format_decimal(noisy) != "0.003");
  CHECK(format_decimal(floor_to_increment(noisy, 0.001)) == "0.003");
  CHECK(format_decimal(round_to_increment(noisy, 0.001)) == "0.003");
  CHECK(format_decimal(floor_to_increment(0.0039, 0.001)) == "0.003");
  CHECK(format_decimal(round_to_increment(0.0039, 0.001)) == "0.004");
  CHECK(format_decimal(round_to_increment(65000.04, 0.1)) == "65000");
  CHECK(format_decimal(floor_to_increment(0.003, 0.001)) == "0.003");  // 2.9999999999999996 steps
  CHECK(round_to_increment(1.234, 0) == 1.234);
}

TEST_CASE("format then parse is the identity on tick-sized values", "[plugin][decimal]") {
  for (double tick : {0.1, 0.01, 0.001, 0.5, 0.00001}) {
    for (int k : {1, 7, 123, 650001, 9999999}) {
      double v = k * tick;
      auto back = parse_decimal(format_decimal(v));
      REQUIRE(back);
      CHECK(*back == Approx(v).epsilon(1e-15));
    }
  }
}
