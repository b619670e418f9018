// HMAC-SHA256 against RFC 4231, raw and in hex.
#include <catch2/catch.hpp>

#include "grinder/venue_kit/hmac.hpp"

using namespace grinder::venue_kit;

TEST_CASE("HMAC-SHA256 matches RFC 4231") {
  CHECK(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There") ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(hmac_sha256_hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  CHECK(hmac_sha256_hex("", "") == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST_CASE("the raw MAC is the 32 bytes the hex spells") {
  std::string raw = hmac_sha256("Jefe", "what do ya want for nothing?");
  REQUIRE(raw.size() == 32);
  CHECK(static_cast<unsigned char>(raw.front()) == 0x5b);
  CHECK(static_cast<unsigned char>(raw.back()) == 0x43);
}
