// The plugin's config: read-only by default, writes only when armed and
// then only with both keys, every problem at once, never a credential.
#include <catch2/catch.hpp>

#include "config.hpp"
#include "grinder/venue_plugin.hpp"

using namespace grinder::btcturk;

namespace {
// base64 of "a-private-key-that-must-not-leak"
const char* const kSecret = "YS1wcml2YXRlLWtleS10aGF0LW11c3Qtbm90LWxlYWs=";

std::string refusal(const std::string& json) {
  try {
    parse_config(json);
  } catch (const grinder::venue_sdk::Failure& e) {
    CHECK(e.rc() == GRINDER_VENUE_INVALID_ARGUMENT);
    return e.what();
  }
  FAIL("accepted " << json);
  return "";
}
}  // namespace

TEST_CASE("defaults: the live API, certificate checks, read-only, no keys") {
  Config c = parse_config("{}");
  CHECK(c.rest.url() == "https://api.btcturk.com");
  CHECK(c.rest.tls());
  CHECK(c.mode == Mode::ReadOnly);
  CHECK_FALSE(c.has_credentials());
  CHECK(c.cancel_confirm.count() == 2000);
}

TEST_CASE("the host's hand-over: params with credentials; the private key is decoded once") {
  Config c = parse_config(R"({"base_url": "http://127.0.0.1:9999", "mode": "LIVE_TRADE", "symbols": ["BTCTRY"],
      "request_timeout_ms": "800", "cancel_confirm_ms": 0,
      "credentials": {"api_key": "pub", "api_secret": ")" +
                          std::string(kSecret) + R"("}})");
  CHECK(c.rest.port == 9999);
  CHECK(c.mode == Mode::LiveTrade);
  CHECK(c.symbols == std::vector<std::string>{"BTCTRY"});
  CHECK(c.http.request.count() == 800);
  CHECK(c.cancel_confirm.count() == 0);
  CHECK(c.has_credentials());
  CHECK(c.private_key_bytes == "a-private-key-that-must-not-leak");
}

TEST_CASE("live_trade with a key missing fails closed at create") {
  CHECK_THAT(refusal(R"({"mode": "live_trade"})"), Catch::Contains("mode live_trade needs credentials"));
  CHECK_THAT(refusal(R"({"mode": "live_trade", "credentials": {"api_key": "", "api_secret": ""}})"),
             Catch::Contains("mode live_trade needs credentials"));
  // Read-only without keys is a market-data venue.
  CHECK_FALSE(parse_config(R"({"credentials": {"api_key": "", "api_secret": ""}})").has_credentials());
}

TEST_CASE("a bad config names every problem and no secret") {
  std::string m = refusal(R"({"base_url": "api.btcturk.com", "mode": "yolo", "cancel_confirm_ms": -1, "symbolz": [],
      "credentials": {"api_key": "visible-public-key", "api_secret": "not base64 at all!", "passphrase": "hunter2"}})");
  CHECK_THAT(m, Catch::Contains("base_url") && Catch::Contains("mode must be read_only or live_trade") &&
                    Catch::Contains("cancel_confirm_ms") && Catch::Contains("symbolz") &&
                    Catch::Contains("credentials.passphrase") && Catch::Contains("api_secret is not base64"));
  CHECK_THAT(m, !Catch::Contains("hunter2") && !Catch::Contains("visible-public-key") &&
                    !Catch::Contains("not base64 at all"));
  CHECK_THAT(refusal(R"({"credentials": {"api_key": "k"}})"), Catch::Contains("set together"));
  CHECK_THAT(refusal(R"({"symbols": ["btc_try"]})"), Catch::Contains("upper-case pairs"));
}
