// grinder-venue-sim on its own: request security and the rate-limit
// escalation, as a client that does not honour Retry-After would meet them.
#include "binance_harness.hpp"
#include "signing.hpp"

using namespace grinder;
using namespace grinder::test;

namespace {

venue_kit::HttpResult send(const SimProcess& sim, const std::string& method, const std::string& target,
                           const std::string& key = kApiKey) {
  std::string error;
  auto ep = venue_kit::parse_endpoint(sim.base_url(), "http", error);
  venue_kit::HttpClient client(*ep, {});
  venue_kit::HttpRequest req;
  req.method = method;
  req.target = target;
  if (!key.empty()) req.headers.emplace_back("X-MBX-APIKEY", key);
  return client.send(req);
}

std::string signed_query(const std::string& params, std::int64_t ts, const std::string& secret = kApiSecret) {
  std::string q = params + (params.empty() ? "" : "&") + "timestamp=" + std::to_string(ts);
  return q + "&signature=" + binance::signature_for(secret, q, "");
}

int code_of(const venue_kit::HttpResult& r) {
  return binance::parse_api_error(r.response.status, r.response.body).code;
}

}  // namespace

TEST_CASE("the simulator checks request security as Binance does") {
  SimProcess sim;
  auto ok = send(sim, "GET", "/fapi/v1/openOrders?" + signed_query("symbol=BTCUSDT", now_ms()));
  REQUIRE(ok.ok());
  CHECK(ok.response.status == 200);
  CHECK(code_of(send(sim, "GET", "/fapi/v1/openOrders?" + signed_query("", now_ms(), "bad"))) == -1022);
  CHECK(code_of(send(sim, "GET", "/fapi/v1/openOrders?" + signed_query("", now_ms() - 6000))) == -1021);
  CHECK(code_of(send(sim, "GET", "/fapi/v1/openOrders?" + signed_query("", now_ms() + 2000))) == -1021);
  CHECK(code_of(send(sim, "GET", "/fapi/v1/openOrders?" + signed_query("", now_ms()), "someone-else")) == -2015);
  CHECK(code_of(send(sim, "GET", "/fapi/v1/openOrders?" + signed_query("", now_ms()), "")) == -2014);
  CHECK(code_of(send(sim, "GET", "/fapi/v1/openOrders?timestamp=1")) == -1102);  // no signature
}

TEST_CASE("the simulator bans a client that ignores a 429's Retry-After") {
  SimProcess sim;
  sim.admin("fault", R"({"kind": "rate_limit", "retry_after_s": 2})");
  auto first = send(sim, "GET", "/fapi/v1/time", "");
  REQUIRE(first.ok());
  CHECK(first.response.status == 429);
  CHECK(first.response.header("Retry-After") == "2");
  CHECK(code_of(first) == -1003);
  auto second = send(sim, "GET", "/fapi/v1/time", "");
  REQUIRE(second.ok());
  CHECK(second.response.status == 418);
  CHECK_THAT(second.response.body, Catch::Contains("IP banned until"));
  CHECK(std::stoi(second.response.header("Retry-After")) >= 1);
  sim.admin("clear");
  CHECK(send(sim, "GET", "/fapi/v1/time", "").response.status == 200);
}
