// Authentication V1 against the reference vectors (reference/exchanges.md
// 2.2: computed with Python's hmac and with openssl, which agree; BTCTurk
// publishes none) and base64 both ways. HMAC-SHA256 itself is tested with
// venue_kit.
#include <catch2/catch.hpp>

#include "grinder/venue_kit/hmac.hpp"
#include "signing.hpp"

using namespace grinder::btcturk;

TEST_CASE("X-Signature matches reference vector V1") {
  auto key = base64_decode("dGVzdC1wcml2YXRlLWtleS1ieXRlcw==");
  REQUIRE(key);
  CHECK(*key == "test-private-key-bytes");
  CHECK(x_signature("test-public-key", *key, 1700000000000) == "ATeAF1YtTDgt/EkrAj0LjjPypyLshyjtGW+qC2n+lGw=");
}

TEST_CASE("X-Signature matches reference vector V2 (a binary private key)") {
  auto key = base64_decode("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  REQUIRE(key);
  REQUIRE(key->size() == 32);
  for (std::size_t i = 0; i < key->size(); ++i) CHECK(static_cast<unsigned char>((*key)[i]) == i);
  CHECK(x_signature("PUBLIC_KEY_HERE", *key, 1591702613943) == "PpH+8pu6QC299IFeClTDuF0c1HWgkfmn6l6N+Aa7QjU=");
}

TEST_CASE("keying the HMAC with the base64 text instead of its bytes gives another signature") {
  // The mistake the venue's FAQ warns about ("decode the key as base64").
  CHECK(x_signature("test-public-key", "dGVzdC1wcml2YXRlLWtleS1ieXRlcw==", 1700000000000) !=
        "ATeAF1YtTDgt/EkrAj0LjjPypyLshyjtGW+qC2n+lGw=");
}

TEST_CASE("an HMAC-SHA256 in base64, as X-Signature carries it (RFC 4231 test case 2)") {
  CHECK(base64_encode(grinder::venue_kit::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
}

TEST_CASE("base64 round trips every padding length and refuses what is not base64") {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) CHECK(base64_decode(base64_encode(s)) == s);
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK_FALSE(base64_decode("Zm8"));        // not padded
  CHECK_FALSE(base64_decode("Zm8=Zm8="));   // padding inside
  CHECK_FALSE(base64_decode("Zm9v YmFy"));  // whitespace
  CHECK_FALSE(base64_decode("Zm9-YmFy"));   // URL-safe alphabet
  CHECK_FALSE(base64_decode("not base64!"));
}
