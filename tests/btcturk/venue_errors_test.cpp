// Each error class, against the simulator's faults. Above all: an answer
// lost after the order was sent never produces a second order (the
// simulator counts orders per client order id), and no secret ever appears
// in a log line, an error, a snapshot or the simulator's output.
#include "btcturk_harness.hpp"

using namespace grinder;
using namespace grinder::test;
using plugin::ErrorClass;
using plugin::Side;

namespace {
std::string fault(const std::string& kind, const std::string& method, const std::string& path,
                  const std::string& more = "") {
  return R"({"kind": ")" + kind + R"(", "method": ")" + method + R"(", "path": ")" + path + "\"" + more + "}";
}
}  // namespace

TEST_CASE("429: RATE_LIMITED with the venue's wait, and nothing is sent until it has passed") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  sim.admin("fault", fault("rate_limit", "GET", "/api/v1/users/balances", R"(, "retry_after_s": 1)"));
  auto snap = v->snapshot({"BTCTRY"});
  REQUIRE(snap);
  CHECK(snap->orders_status.ok);
  CHECK_FALSE(snap->balances_status.ok);
  CHECK(snap->balances_status.error->error_class == ErrorClass::RateLimited);
  CHECK(snap->balances_status.error->code == 429);
  CHECK_THAT(snap->balances_status.error->message, Catch::Contains("retry_after_ms=1000"));
  int sent = sim.private_requests();
  auto held = v->place(limit_order("grinder_1_held", Side::Buy, 1000000, 0.0001));
  REQUIRE_FALSE(held);
  CHECK(held.error().error_class == ErrorClass::RateLimited);
  CHECK(v->health().error().error_class == ErrorClass::RateLimited);
  CHECK(sim.private_requests() == sent);
  CHECK(logs.contains("nothing more is sent for 1000 ms"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto later = v->place(limit_order("grinder_1_held", Side::Buy, 1000000, 0.0001));
  INFO((later ? "" : later.error().to_string()));
  CHECK(later);
}

TEST_CASE("a 5xx after the order was placed: resolved by lookup, one order") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  sim.admin("fault", fault("status_5xx", "POST", "/api/v1/order"));
  auto placed = v->place(limit_order("grinder_1_500", Side::Buy, 1000000, 0.0001));
  INFO((placed ? "" : placed.error().to_string()) << logs.all());
  REQUIRE(placed);
  CHECK(placed->client_order_id == "grinder_1_500");
  CHECK(placed->status == plugin::OrderStatus::New);
  CHECK(sim.orders_for("grinder_1_500") == 1);
  CHECK(sim.requests("POST /api/v1/order") == 1);
  CHECK(logs.contains("resolved by lookup"));
}

TEST_CASE("an order that filled before the lookup is found among all orders") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  auto book = v->book_top("BTCTRY");
  REQUIRE(book);
  sim.admin("fault", fault("timeout", "POST", "/api/v1/order"));
  auto placed = v->place(limit_order("grinder_1_filled", Side::Buy, std::ceil(book->ask * 1.01), 0.0001));
  INFO((placed ? "" : placed.error().to_string()) << logs.all());
  REQUIRE(placed);
  CHECK(placed->status == plugin::OrderStatus::Filled);
  CHECK(sim.requests("GET /api/v1/allOrders") >= 1);
  CHECK(sim.orders_for("grinder_1_filled") == 1);
}

TEST_CASE("an order that never arrived stays UNKNOWN_STATE after the lookups; it is never sent again") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  sim.admin("fault", fault("timeout", "POST", "/api/v1/order", R"(, "apply": false)"));
  auto placed = v->place(limit_order("grinder_1_lost", Side::Buy, 1000000, 0.0001));
  REQUIRE_FALSE(placed);
  CHECK(placed.error().error_class == ErrorClass::UnknownState);
  CHECK_THAT(placed.error().message, Catch::Contains("reconcile before sending it again"));
  CHECK(sim.orders_for("grinder_1_lost") == 0);
  CHECK(sim.requests("POST /api/v1/order") == 1);
  CHECK(sim.requests("GET /api/v1/allOrders") == 3);  // unknown_state_lookups
  // The host may not send it again under that id either.
  auto again = v->place(limit_order("grinder_1_lost", Side::Buy, 1000000, 0.0001));
  REQUIRE_FALSE(again);
  CHECK(sim.requests("POST /api/v1/order") == 1);
}

TEST_CASE("a connection dropped after the order arrived: resolved by lookup, one order") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  sim.admin("fault", fault("disconnect", "POST", "/api/v1/order"));
  auto placed = v->place(limit_order("grinder_1_dropped", Side::Buy, 1000000, 0.0001));
  INFO((placed ? "" : placed.error().to_string()) << logs.all());
  REQUIRE(placed);
  CHECK(sim.orders_for("grinder_1_dropped") == 1);
  CHECK(sim.requests("POST /api/v1/order") == 1);
  CHECK(logs.contains("connection closed before any answer"));
}

TEST_CASE("a malformed acknowledgement: resolved by lookup, one order") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  sim.admin("fault", fault("malformed", "POST", "/api/v1/order"));
  auto placed = v->place(limit_order("grinder_1_garbled", Side::Buy, 1000000, 0.0001));
  INFO((placed ? "" : placed.error().to_string()));
  REQUIRE(placed);
  CHECK(sim.orders_for("grinder_1_garbled") == 1);
}

TEST_CASE("reads: a 5xx is RETRYABLE and fails its source alone") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  sim.admin("fault", fault("status_5xx", "GET", "/api/v1/users/balances", R"(, "status": 503)"));
  auto snap = v->snapshot({"BTCTRY"});
  REQUIRE(snap);
  CHECK(snap->orders_status.ok);
  CHECK_FALSE(snap->balances_status.ok);
  CHECK(snap->balances_status.error->error_class == ErrorClass::Retryable);
  sim.admin("fault", fault("status_5xx", "GET", "/api/v2/ticker"));
  CHECK(v->book_top("BTCTRY").error().error_class == ErrorClass::Retryable);
}

TEST_CASE("authentication failures are AUTH, never retried, on every kind of call") {
  SimProcess sim;
  Logs logs;
  SECTION("a wrong private key: connect fails with Invalid Signature") {
    // base64 of "another-private-key"
    auto v = create_btcturk(btcturk_config(sim, "", "live_trade", kApiKey, "YW5vdGhlci1wcml2YXRlLWtleQ=="), logs);
    auto c = v->connect();
    REQUIRE_FALSE(c);
    CHECK(c.error().error_class == ErrorClass::Auth);
    CHECK_THAT(c.error().message,
               Catch::Contains("Unauthorized - Invalid Signature") && Catch::Contains("IP allowlist"));
  }
  SECTION("a wrong public key") {
    auto v = create_btcturk(btcturk_config(sim, "", "live_trade", "not-our-key"), logs);
    CHECK(v->connect().error().error_class == ErrorClass::Auth);
  }
  SECTION("the venue refusing a key mid-session (revoked, IP changed)") {
    auto v = make_btcturk(sim, logs);
    sim.admin("fault", fault("auth", "", "", R"(, "count": -1)"));
    auto placed = v->place(limit_order("grinder_1_auth", Side::Buy, 1000000, 0.0001));
    REQUIRE_FALSE(placed);
    CHECK(placed.error().error_class == ErrorClass::Auth);
    CHECK(sim.requests("POST /api/v1/order") == 1);
    auto snap = v->snapshot({"BTCTRY"});
    REQUIRE_FALSE(snap);  // neither source could be read
    CHECK(snap.error().error_class == ErrorClass::Auth);
  }
  CHECK(secret_free(logs.all()));
}

TEST_CASE("a clock more than 5 s off: Invalid Nonce, one resync, sent once more") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  sim.admin("clock", R"({"offset_ms": 20000})");
  auto snap = v->snapshot({"BTCTRY"});
  INFO(logs.all());
  REQUIRE(snap);
  CHECK(snap->complete());
  CHECK(logs.contains("Invalid Nonce on GET /api/v1/openOrders"));
  CHECK(sim.stat("auth_refusals") == 1);
  // Learned: the next private call is stamped right the first time.
  REQUIRE(v->snapshot({"BTCTRY"}));
  CHECK(sim.stat("auth_refusals") == 1);
}

TEST_CASE("keys missing: read-only serves market data and sends no private call; live_trade fails closed") {
  SimProcess sim;
  Logs logs;
  std::string no_keys = R"({"base_url": ")" + sim.base_url() + R"(", "symbols": ["BTCTRY"]})";
  auto v = create_btcturk(no_keys, logs);
  REQUIRE(v->connect());
  CHECK(logs.contains("no credentials configured"));
  REQUIRE(v->book_top("BTCTRY"));
  auto snap = v->snapshot({"BTCTRY"});
  REQUIRE_FALSE(snap);
  CHECK(snap.error().error_class == ErrorClass::Auth);
  CHECK_THAT(snap.error().message, Catch::Contains("no API keys configured"));
  CHECK(sim.private_requests() == 0);

  std::string armed_no_keys = R"({"base_url": ")" + sim.base_url() + R"(", "mode": "live_trade",
      "credentials": {"api_key": "", "api_secret": ""}})";
  auto refused = plugin::Venue::create(btcturk_plugin(), armed_no_keys, logs.sink());
  REQUIRE_FALSE(refused);
  CHECK(refused.error().error_class == ErrorClass::InvalidArgument);
  CHECK_THAT(refused.error().message, Catch::Contains("mode live_trade needs credentials"));
}

TEST_CASE("read_only mode refuses place and cancel before anything is sent") {
  SimProcess sim;
  Logs logs;
  auto v = create_btcturk(btcturk_config(sim, "", "read_only"), logs);
  REQUIRE(v->connect());
  REQUIRE(v->snapshot({"BTCTRY"}));  // reads are what read-only is for
  auto placed = v->place(limit_order("grinder_1_ro", Side::Buy, 1000000, 0.0001));
  REQUIRE_FALSE(placed);
  CHECK(placed.error().error_class == ErrorClass::NonRetryable);
  CHECK_THAT(placed.error().message, Catch::Contains("mode is read_only") && Catch::Contains("live_trade"));
  auto cancelled = v->cancel("BTCTRY", "grinder_1_ro");
  REQUIRE_FALSE(cancelled);
  CHECK(cancelled.error().error_class == ErrorClass::NonRetryable);
  CHECK(sim.requests("POST /api/v1/order") == 0);
  CHECK(sim.requests("DELETE /api/v1/order") == 0);
}

TEST_CASE("the private key appears in no log line, error, snapshot or simulator output") {
  SimProcess sim;
  Logs logs;
  std::string seen;
  RawVenue raw(btcturk_config(sim), logs);
  REQUIRE(raw.place_limit_buy("grinder_1_secret", "1000000", "0.0001") == GRINDER_VENUE_OK);
  seen += raw.snapshot_text();
  sim.admin("fault", fault("auth", "", "", R"(, "count": 2)"));
  std::string message;
  raw.cancel("grinder_1_secret", &message);
  seen += message;
  seen += raw.snapshot_text();  // balances fail: the failure's message is in the document
  // A config that cannot be read says so without echoing what it read.
  auto bad =
      plugin::Venue::create(btcturk_plugin(), R"({"mode": "live", "credentials": {"api_key": "x", "api_secret": ")" +
                                                  std::string(kApiSecret) + R"(!"}})");
  REQUIRE_FALSE(bad);
  seen += bad.error().message;
  INFO(seen);
  CHECK(secret_free(seen));
  CHECK(secret_free(logs.all()));
  CHECK(secret_free(sim.output()));
  CHECK(logs.all().find("X-Signature") == std::string::npos);
}
