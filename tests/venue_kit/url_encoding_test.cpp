// Percent-encoding as query strings and form bodies carry it, both ways.
#include <catch2/catch.hpp>

#include "grinder/venue_kit/url_encoding.hpp"

using namespace grinder::venue_kit;

TEST_CASE("query values are percent-encoded and decoded back") {
  CHECK(url_encode("grinder_1_cn:a/b c") == "grinder_1_cn%3Aa%2Fb%20c");
  CHECK(url_encode("A-Z_a.z~09") == "A-Z_a.z~09");
  CHECK(url_decode("grinder_1_cn%3Aa%2Fb+c") == "grinder_1_cn:a/b c");
  CHECK(url_decode("grinder_1%3Aa%2Fb.c-d") == "grinder_1:a/b.c-d");
  CHECK(url_decode("a+b%zz") == "a b%zz");  // a malformed escape stays as it is
}

TEST_CASE("a form decodes into a map; the part read first wins when the second does not overwrite") {
  std::map<std::string, std::string> out;
  decode_form("symbol=BTCUSDT&newClientOrderId=grinder_1%3Aa&flag&=dropped", out, true);
  decode_form("symbol=ETHUSDT&price=9000", out, false);
  CHECK(out == std::map<std::string, std::string>{
                   {"symbol", "BTCUSDT"}, {"newClientOrderId", "grinder_1:a"}, {"flag", ""}, {"price", "9000"}});
  decode_form("symbol=ETHUSDT", out, true);
  CHECK(out["symbol"] == "ETHUSDT");
}
