// Base URLs from a plugin config: a live API, a testnet, a local simulator,
// and what is refused.
#include <catch2/catch.hpp>

#include "grinder/venue_kit/endpoint.hpp"

using namespace grinder::venue_kit;

TEST_CASE("base URLs: a live API, a local simulator, a WebSocket") {
  std::string error;
  auto main = parse_endpoint("https://fapi.binance.com", "https http", error);
  REQUIRE(main);
  CHECK(main->tls());
  CHECK(main->port == 443);
  CHECK(main->host_header() == "fapi.binance.com");
  auto sim = parse_endpoint("http://127.0.0.1:18080/", "https http", error);
  REQUIRE(sim);
  CHECK_FALSE(sim->tls());
  CHECK(sim->host_header() == "127.0.0.1:18080");
  CHECK(sim->base_path.empty());
  auto ws = parse_endpoint("wss://fstream.binance.com", "wss ws", error);
  REQUIRE(ws);
  CHECK(ws->url() == "wss://fstream.binance.com");
}

TEST_CASE("a base path is kept without its trailing slash; an IPv6 host keeps its brackets") {
  std::string error;
  auto prefixed = parse_endpoint("https://proxy.example:8443/venue/", "https http", error);
  REQUIRE(prefixed);
  CHECK(prefixed->port == 8443);
  CHECK(prefixed->base_path == "/venue");
  CHECK(prefixed->url() == "https://proxy.example:8443/venue");
  auto v6 = parse_endpoint("http://[::1]:9000", "https http", error);
  REQUIRE(v6);
  CHECK(v6->host == "[::1]");
  CHECK(v6->port == 9000);
}

TEST_CASE("what is not a base URL is refused, with a reason") {
  std::string error;
  CHECK_FALSE(parse_endpoint("api.btcturk.com", "https http", error));
  CHECK_THAT(error, Catch::Contains("is not a URL"));
  CHECK_FALSE(parse_endpoint("ftp://x", "https http", error));
  CHECK_FALSE(parse_endpoint("wss://x", "https http", error));
  CHECK_FALSE(parse_endpoint("https://user:pw@x", "https http", error));
  CHECK_FALSE(parse_endpoint("https://x:99999", "https http", error));
  CHECK_THAT(error, Catch::Contains("bad port"));
  CHECK_FALSE(parse_endpoint("https://x/?a=b", "https http", error));
  CHECK_FALSE(parse_endpoint("https://:443", "https http", error));
}
