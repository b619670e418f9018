// The simulator on its own, over raw HTTP: it checks Authentication V1 as
// BTCTurk does and answers in BTCTurk's shapes, so that what the plugin is
// tested against is the protocol, not the plugin's idea of it.
#include "btcturk_harness.hpp"
#include "signing.hpp"

using namespace grinder;
using namespace grinder::test;

namespace {

class Raw {
 public:
  explicit Raw(const SimProcess& sim) {
    std::string error;
    auto ep = venue_kit::parse_endpoint(sim.base_url(), "http", error);
    REQUIRE(ep);
    http_ = std::make_unique<venue_kit::HttpClient>(*ep, venue_kit::HttpTimeouts{});
  }

  // A private GET signed with this key material and stamp.
  venue_kit::HttpResult signed_get(const std::string& target, std::int64_t stamp,
                                   const std::string& key_bytes = kPrivateKeyBytes,
                                   const std::string& public_key = kApiKey) {
    venue_kit::HttpRequest req;
    req.method = "GET";
    req.target = target;
    req.headers = {{"X-PCK", public_key},
                   {"X-Stamp", std::to_string(stamp)},
                   {"X-Signature", btcturk::x_signature(public_key, key_bytes, stamp)},
                   {"Content-Type", "application/json"}};
    return send(req);
  }

  venue_kit::HttpResult send(const venue_kit::HttpRequest& req) {
    auto r = http_->send(req);
    INFO(r.error);
    REQUIRE(r.ok());
    return r;
  }

 private:
  std::unique_ptr<venue_kit::HttpClient> http_;
};

rapidjson::Document json(const venue_kit::HttpResult& r) {
  std::string error;
  auto d = btcturk::parse_json(r.response.body, error);
  INFO(r.response.body);
  REQUIRE(d);
  return std::move(*d);
}

std::string message_of(const venue_kit::HttpResult& r) { return btcturk::text_of(json(r), "message"); }

}  // namespace

TEST_CASE("a correctly signed private request is served; every defect is a 401 in BTCTurk's words") {
  SimProcess sim;
  Raw raw(sim);
  std::int64_t now = now_ms();
  auto ok = raw.signed_get("/api/v1/users/balances", now);
  CHECK(ok.response.status == 200);
  auto body = json(ok);
  CHECK(btcturk::bool_of(body, "success") == true);
  CHECK(body["data"].IsArray());

  auto bad_sig = raw.signed_get("/api/v1/users/balances", now + 1, "some-other-key");
  CHECK(bad_sig.response.status == 401);
  CHECK(message_of(bad_sig) == "Unauthorized - Invalid Signature");
  CHECK(btcturk::bool_of(json(bad_sig), "success") == false);

  // The FAQ's classic: the HMAC keyed with the base64 text of the key.
  auto text_keyed = raw.signed_get("/api/v1/users/balances", now + 2, kApiSecret);
  CHECK(message_of(text_keyed) == "Unauthorized - Invalid Signature");

  auto bad_key = raw.signed_get("/api/v1/users/balances", now + 3, kPrivateKeyBytes, "someone-else");
  CHECK(message_of(bad_key) == "Unauthorized - Invalid Public key");

  venue_kit::HttpRequest bare;
  bare.method = "GET";
  bare.target = "/api/v1/users/balances";
  auto missing = raw.send(bare);
  CHECK(missing.response.status == 401);
  CHECK(message_of(missing) == "Unauthorized - Headers are missing");
  CHECK(sim.stat("auth_refusals") == 4);
  CHECK(secret_free(sim.output()));
}

TEST_CASE("X-Stamp within 5 s of the venue's clock is taken; beyond it, Invalid Nonce") {
  SimProcess sim;
  Raw raw(sim);
  std::int64_t now = now_ms();
  CHECK(raw.signed_get("/api/v1/users/balances", now - 4000).response.status == 200);
  CHECK(raw.signed_get("/api/v1/users/balances", now + 4000).response.status == 200);
  auto old = raw.signed_get("/api/v1/users/balances", now - 6000);
  CHECK(old.response.status == 401);
  CHECK(message_of(old) == "Unauthorized - Invalid Nonce");
  CHECK(btcturk::int_of(json(old), "code") == 1037);
  CHECK(message_of(raw.signed_get("/api/v1/users/balances", now + 6000)) == "Unauthorized - Invalid Nonce");
  // Seconds where milliseconds belong: the most common nonce mistake.
  CHECK(message_of(raw.signed_get("/api/v1/users/balances", now / 1000)) == "Unauthorized - Invalid Nonce");
}

TEST_CASE("public answers in the documented shapes") {
  SimProcess sim;
  Raw raw(sim);
  venue_kit::HttpRequest req;
  req.method = "GET";
  req.target = "/api/v2/ticker?pairSymbol=BTC_TRY";
  auto ticker = raw.send(req);
  REQUIRE(ticker.response.status == 200);
  // Prices are JSON numbers in the ticker, not strings.
  CHECK_THAT(ticker.response.body, Catch::Contains(R"("pair":"BTCTRY")") && Catch::Contains(R"("bid":2)") &&
                                       Catch::Contains(R"("timestamp":)"));
  req.target = "/api/v2/server/exchangeinfo";
  auto info = json(raw.send(req));
  const auto& symbols = info["data"]["symbols"];
  REQUIRE(symbols.IsArray());
  CHECK(btcturk::text_of(symbols[0], "name") == "BTCTRY");
  CHECK(btcturk::text_of(symbols[0]["filters"][0], "filterType") == "PRICE_FILTER");
  req.target = "/api/v2/server/time";
  CHECK(btcturk::int_of(json(raw.send(req)), "serverTime"));
}

TEST_CASE("openOrders needs pairSymbol and lists asks and bids; a cancel is accepted, then carried out") {
  SimProcess sim({"--cancel-delay-ms", "300"});
  Raw raw(sim);
  auto order = sim.admin("unexpected_order", R"({"pair": "BTCTRY", "side": "buy", "client_order_id": "by-hand-1"})");
  std::string id = btcturk::text_of(order, "order_id");

  auto no_pair = raw.signed_get("/api/v1/openOrders", now_ms());
  CHECK(no_pair.response.status == 400);
  CHECK(btcturk::bool_of(json(no_pair), "success") == false);

  auto listed = json(raw.signed_get("/api/v1/openOrders?pairSymbol=BTCTRY", now_ms()));
  REQUIRE(listed["data"]["bids"].Size() == 1);
  CHECK(listed["data"]["asks"].Size() == 0);
  const auto& bid = listed["data"]["bids"][0];
  CHECK(btcturk::text_of(bid, "orderClientId") == "by-hand-1");
  CHECK(btcturk::text_of(bid, "status") == "Untouched");
  CHECK(btcturk::text_of(bid, "type") == "buy");

  venue_kit::HttpRequest del;
  del.method = "DELETE";
  del.target = "/api/v1/order?id=" + id;
  std::int64_t stamp = now_ms();
  del.headers = {{"X-PCK", kApiKey},
                 {"X-Stamp", std::to_string(stamp)},
                 {"X-Signature", btcturk::x_signature(kApiKey, kPrivateKeyBytes, stamp)}};
  auto accepted = raw.send(del);
  CHECK(accepted.response.status == 200);
  CHECK(message_of(accepted) == "SUCCESS");
  // Accepted, not yet done: still listed until the delay has passed.
  CHECK(sim.stat("pending_cancels") == 1);
  CHECK(json(raw.signed_get("/api/v1/openOrders?pairSymbol=BTCTRY", now_ms()))["data"]["bids"].Size() == 1);
  CHECK(eventually([&] { return sim.stat("open_orders") == 0; }, 3000));
  auto single = json(raw.signed_get("/api/v1/order/" + id, now_ms()));
  CHECK(btcturk::text_of(single["data"], "status") == "Canceled");
  auto missing = raw.signed_get("/api/v1/order/1", now_ms());
  CHECK(message_of(missing) == "Order not found");
  CHECK(btcturk::int_of(json(missing), "code") == 1152);
}
