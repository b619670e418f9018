// Each error class, against the simulator's faults. Above all: an answer
// lost after the order was sent never produces a second order; the
// simulator counts orders per client order id.
#include "binance_harness.hpp"

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

TEST_CASE("503 Unknown error after the order was placed: resolved by lookup, one order") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  sim.admin("fault", fault("status_503", "POST", "/fapi/v1/order"));
  auto placed = v->place(limit_order("grinder_1_503", Side::Buy, 30000, 0.004));
  INFO((placed ? "" : placed.error().to_string()) << logs.all());
  REQUIRE(placed);
  CHECK(placed->client_order_id == "grinder_1_503");
  CHECK(placed->status == plugin::OrderStatus::New);
  CHECK(sim.orders_for("grinder_1_503") == 1);
  CHECK(sim.requests("POST /fapi/v1/order") == 1);
  // Resolved by the REST lookup or by the user-data stream, whichever saw the
  // order first; either way it was looked up, never sent again.
  CHECK((sim.requests("GET /fapi/v1/order") >= 1 || logs.contains("resolved by the user data stream")));
  CHECK(logs.contains("resolved by"));
}

TEST_CASE("a timeout after sending: resolved by lookup, never sent again") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  sim.admin("fault", fault("timeout", "POST", "/fapi/v1/order"));
  auto placed = v->place(limit_order("grinder_1_to", Side::Buy, 30000, 0.004));
  INFO((placed ? "" : placed.error().to_string()) << logs.all());
  REQUIRE(placed);
  CHECK(placed->status == plugin::OrderStatus::New);
  CHECK(sim.orders_for("grinder_1_to") == 1);
  CHECK(sim.requests("POST /fapi/v1/order") == 1);
}

TEST_CASE("a timeout where the order never arrived stays UNKNOWN_STATE: nothing is re-sent") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  sim.admin("fault", fault("timeout", "POST", "/fapi/v1/order", R"(, "apply": false)"));
  auto placed = v->place(limit_order("grinder_1_lost", Side::Buy, 30000, 0.004));
  REQUIRE_FALSE(placed);
  CHECK(placed.error().error_class == ErrorClass::UnknownState);
  CHECK_THAT(placed.error().message, Catch::Contains("reconcile before sending it again"));
  CHECK(sim.orders_for("grinder_1_lost") == 0);
  CHECK(sim.requests("POST /fapi/v1/order") == 1);
  CHECK(sim.requests("GET /fapi/v1/order") == 3);  // unknown_state_lookups
}

TEST_CASE("an acknowledgement that is malformed or cut short: resolved by lookup, one order") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  for (const char* kind : {"malformed", "truncated"}) {
    std::string coid = std::string("grinder_1_") + kind;
    sim.admin("fault", fault(kind, "POST", "/fapi/v1/order"));
    auto placed = v->place(limit_order(coid, Side::Buy, 30000, 0.004));
    INFO(kind << ": " << (placed ? "" : placed.error().to_string()));
    REQUIRE(placed);
    CHECK(placed->client_order_id == coid);
    CHECK(sim.orders_for(coid) == 1);
  }
  CHECK(sim.requests("POST /fapi/v1/order") == 2);
}

TEST_CASE("-4116 duplicate client order id: the existing order is looked up, not sent again") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  auto first = v->place(limit_order("grinder_1_dup", Side::Buy, 30000, 0.004));
  REQUIRE(first);
  // The host retries the same order (after an UNKNOWN_STATE of its own, say).
  auto second = v->place(limit_order("grinder_1_dup", Side::Buy, 30000, 0.004));
  INFO((second ? "" : second.error().to_string()));
  REQUIRE(second);
  CHECK(second->venue_order_id == first->venue_order_id);
  CHECK(sim.orders_for("grinder_1_dup") == 1);
  CHECK(logs.contains("-4116 duplicate"));
  // The same id on a different order is the host's mistake, said plainly.
  auto other = v->place(limit_order("grinder_1_dup", Side::Buy, 29000, 0.004));
  REQUIRE_FALSE(other);
  CHECK(other.error().error_class == ErrorClass::NonRetryable);
  CHECK(other.error().code == -4116);
  CHECK(sim.orders_for("grinder_1_dup") == 1);
}

TEST_CASE("cancel whose answer is lost: resolved by lookup") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  REQUIRE(v->place(limit_order("grinder_1_c503", Side::Buy, 30000, 0.004)));
  sim.admin("fault", fault("status_503", "DELETE", "/fapi/v1/order"));
  CHECK(v->cancel("BTCUSDT", "grinder_1_c503"));
  // Lost and not applied: the order is still open, so cancelling again is safe.
  REQUIRE(v->place(limit_order("grinder_1_c_to", Side::Buy, 30000, 0.004)));
  sim.admin("fault", fault("timeout", "DELETE", "/fapi/v1/order", R"(, "apply": false)"));
  auto c = v->cancel("BTCUSDT", "grinder_1_c_to");
  REQUIRE_FALSE(c);
  CHECK(c.error().error_class == ErrorClass::Retryable);
  CHECK(v->cancel("BTCUSDT", "grinder_1_c_to"));
}

TEST_CASE("-1021: the clock is resynced and the request signed and sent once more") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  int syncs = sim.requests("GET /fapi/v1/time");
  // The venue's clock falls 30 s behind ours: every timestamp is now ahead.
  sim.admin("clock", R"({"offset_ms": -30000})");
  auto placed = v->place(limit_order("grinder_1_1021", Side::Buy, 30000, 0.004));
  INFO((placed ? "" : placed.error().to_string()) << logs.all());
  REQUIRE(placed);
  CHECK(sim.orders_for("grinder_1_1021") == 1);
  CHECK(sim.requests("GET /fapi/v1/time") == syncs + 1);
  CHECK(sim.requests("POST /fapi/v1/order") == 2);  // refused with -1021, then accepted
  CHECK(logs.contains("-1021 on POST /fapi/v1/order"));
  auto t = v->server_time_ms();
  REQUIRE(t);
  CHECK(std::llabs(*t - (now_ms() - 30000)) < 2000);
}

TEST_CASE("a -1021 that the resync does not cure is RETRYABLE, sent twice at most") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  sim.admin(
      "fault",
      fault("error", "GET", "/fapi/v3/balance",
            R"(, "count": -1, "code": -1021, "msg": "Timestamp for this request is outside of the recvWindow.")"));
  auto snap = v->snapshot();
  REQUIRE(snap);
  CHECK_FALSE(snap->balances_status.ok);
  CHECK(snap->balances_status.error->error_class == ErrorClass::Retryable);
  CHECK(snap->balances_status.error->code == -1021);
  CHECK(snap->orders_status.ok);                     // one source fails alone
  CHECK(sim.requests("GET /fapi/v3/balance") == 3);  // connect's check, then two
}

TEST_CASE("credentials: an unknown key is -2015 and a wrong secret -1022, both AUTH") {
  SimProcess sim;
  Logs logs;
  auto wrong_key = create_binance(binance_config(sim, "", "not-the-key", kApiSecret), logs);
  auto c1 = wrong_key->connect();
  REQUIRE_FALSE(c1);
  CHECK(c1.error().error_class == ErrorClass::Auth);
  CHECK(c1.error().code == -2015);
  CHECK_THAT(c1.error().message, Catch::Contains("Futures trading permission") && Catch::Contains("IP allowlist"));
  auto wrong_secret = create_binance(binance_config(sim, "", kApiKey, "not-the-secret"), logs);
  auto c2 = wrong_secret->connect();
  REQUIRE_FALSE(c2);
  CHECK(c2.error().error_class == ErrorClass::Auth);
  CHECK(c2.error().code == -1022);
  auto none = create_binance(binance_config(sim, "", "", ""), logs);
  REQUIRE(none->connect());  // market data needs no key
  auto place = none->place(limit_order("grinder_1_nokey", Side::Buy, 30000, 0.004));
  REQUIRE_FALSE(place);
  CHECK(place.error().error_class == ErrorClass::Auth);
  CHECK(sim.requests("POST /fapi/v1/order") == 0);
}

TEST_CASE("429 then 418 are RATE_LIMITED, and Retry-After is honoured before anything more is sent") {
  SimProcess sim;
  Logs logs;
  // No user data stream: its listenKey calls would share the window.
  auto v = make_binance(sim, logs, R"("user_stream": false,)");
  sim.admin("fault", fault("rate_limit", "GET", "/fapi/v1/time", R"(, "retry_after_s": 1)"));
  int before = sim.requests("GET /fapi/v1/time");
  auto t = v->server_time_ms();
  REQUIRE_FALSE(t);
  CHECK(t.error().error_class == ErrorClass::RateLimited);
  CHECK(t.error().code == 429);
  CHECK_THAT(t.error().message, Catch::Contains("retry_after_ms=1000"));
  // Inside the window nothing is sent, so the venue never escalates to a ban.
  auto held = v->place(limit_order("grinder_1_held", Side::Buy, 30000, 0.004));
  REQUIRE_FALSE(held);
  CHECK(held.error().error_class == ErrorClass::RateLimited);
  CHECK_THAT(held.error().message, Catch::Contains("not sent"));
  CHECK(sim.requests("GET /fapi/v1/time") == before + 1);
  CHECK(sim.requests("POST /fapi/v1/order") == 0);
  auto health = v->health();
  REQUIRE_FALSE(health);
  CHECK(health.error().error_class == ErrorClass::RateLimited);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CHECK(v->server_time_ms());

  sim.admin("fault", fault("ban", "", "", R"(, "retry_after_s": 1)"));
  auto banned = v->snapshot();
  REQUIRE_FALSE(banned);  // every source refused
  CHECK(banned.error().error_class == ErrorClass::RateLimited);
  CHECK(banned.error().code == 418);
}

TEST_CASE("a server that has stopped answering reads as RETRYABLE, not as a failure of the order") {
  SimProcess sim;
  Logs logs;
  auto v = make_binance(sim, logs);
  sim.admin("fault", fault("timeout", "GET", "/fapi/v1/ticker/bookTicker"));
  auto top = v->book_top("SOLUSDT");  // not streamed: REST
  REQUIRE_FALSE(top);
  CHECK(top.error().error_class == ErrorClass::Retryable);
  CHECK_THAT(top.error().message, Catch::Contains("no answer within 800 ms"));
  sim.admin("fault", fault("latency", "GET", "/fapi/v1/ticker/bookTicker", R"(, "latency_ms": 100)"));
  CHECK(v->book_top("SOLUSDT"));
}
