// Binance's SIGNED request rules against the official USDT-M example
// (reference/exchanges.md 1.3), byte for byte. HMAC-SHA256 itself is tested
// with venue_kit.
#include <catch2/catch.hpp>

#include "signing.hpp"

using namespace grinder::binance;

namespace {
const char* const kSecret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";
const char* const kPayload =
    "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943";
}  // namespace

TEST_CASE("the official futures example signature, as a query string and as a body") {
  // Example 1 (query string) and Example 2 (request body) sign the same totalParams.
  CHECK(signature_for(kSecret, kPayload, "") == "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
  CHECK(signature_for(kSecret, "", kPayload) == "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
}

TEST_CASE("the mixed query-and-body example signs the query string followed by the body") {
  // The docs print f9d0...36f2, which is the HMAC of a payload with a stray
  // space after "timestamp="; without it the signature is 30baaf0f...
  std::string query = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC";
  std::string body = "quantity=1&price=9000&recvWindow=5000&timestamp=1591702613943";
  CHECK(signature_for(kSecret, query, body) == "30baaf0fab549bbeda7f5ef201898b34122da25fd23c646cac2c529aebe670a4");
  CHECK(signature_for(kSecret, query, "quantity=1&price=9000&recvWindow=5000&timestamp= 1591702613943") ==
        "f9d0ae5e813ef6ccf15c2b5a434047a0181cb5a342b903b367ca6d27a66e36f2");
}

TEST_CASE("a signed request is the parameters, recvWindow, timestamp, then the signature last") {
  Query q;
  q.add("symbol", "BTCUSDT").add("side", "BUY").add("type", "LIMIT").add("quantity", "1").add("price", "9000");
  q.add("timeInForce", "GTC");
  std::string text = signed_params(q, 5000, 1591702613943, kSecret);
  CHECK(text == std::string(kPayload) + "&signature=3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
}

TEST_CASE("query values are percent-encoded and the signature covers the encoded text") {
  Query q;
  q.add("newClientOrderId", "grinder_1:a/b.c-d").add("symbol", "BTCUSDT");
  CHECK(q.str() == "newClientOrderId=grinder_1%3Aa%2Fb.c-d&symbol=BTCUSDT");
}
