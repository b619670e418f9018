// The plugin's config: defaults, every problem at once, and never a
// credential's value in a message.
#include <catch2/catch.hpp>

#include "config.hpp"
#include "grinder/venue_plugin.hpp"

using namespace grinder::binance;

TEST_CASE("defaults point at mainnet with certificate checks and sane limits") {
  Config c = parse_config("{}");
  CHECK(c.rest.url() == "https://fapi.binance.com");
  CHECK(c.ws.url() == "wss://fstream.binance.com");
  CHECK(c.recv_window_ms == 5000);
  CHECK_FALSE(c.has_credentials());
}

TEST_CASE("the host's hand-over: params with credentials, numbers as numbers or strings") {
  Config c = parse_config(R"({"base_url": "http://127.0.0.1:9999", "ws_url": "ws://127.0.0.1:9999",
      "recv_window_ms": "10000", "symbols": ["BTCUSDT", "ETHUSDT"], "user_stream": false,
      "credentials": {"api_key": "k", "api_secret": "s"}})");
  CHECK(c.rest.port == 9999);
  CHECK(c.recv_window_ms == 10000);
  CHECK(c.symbols.size() == 2);
  CHECK_FALSE(c.user_stream);
  CHECK(c.has_credentials());
}

TEST_CASE("a bad config names every problem and no secret") {
  try {
    parse_config(R"({"base_url": "fapi.binance.com", "recv_window_ms": 70000, "symbolz": [],
        "credentials": {"api_key": "visible-key", "api_secret": "", "passphrase": "hunter2"}})");
    FAIL("accepted a bad config");
  } catch (const grinder::venue_sdk::Failure& e) {
    std::string m = e.what();
    CHECK(e.rc() == GRINDER_VENUE_INVALID_ARGUMENT);
    CHECK_THAT(m, Catch::Contains("base_url") && Catch::Contains("recv_window_ms") && Catch::Contains("symbolz") &&
                      Catch::Contains("credentials.passphrase") && Catch::Contains("set together"));
    CHECK_THAT(m, !Catch::Contains("hunter2") && !Catch::Contains("visible-key"));
  }
}
