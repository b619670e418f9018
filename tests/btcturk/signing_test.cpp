// Authentication V1 against the reference vectors (reference/exchanges.md
// 2.2: computed with Python's hmac and with openssl, which agree; BTCTurk
// publishes none), base64 both ways, and HMAC-SHA256 against RFC 4231.
#include <catch2/catch.hpp>

#include "signing.hpp"

using namespace grinder::btcturk;

namespace {
std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) out += std::string{digits[c >> 4], digits[c & 15]};
  return out;
}
}  // namespace

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

TEST_CASE("HMAC-SHA256 against RFC 4231, raw and in base64") {
  CHECK(hex(hmac_sha256(std::string(20, '\x0b'), "Hi There")) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(base64_encode(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
  CHECK(hex(hmac_sha256(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")) ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
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

TEST_CASE("query values are percent-encoded and decoded back") {
  CHECK(url_encode("grinder_1_cn:a/b c") == "grinder_1_cn%3Aa%2Fb%20c");
  CHECK(url_decode("grinder_1_cn%3Aa%2Fb+c") == "grinder_1_cn:a/b c");
}
