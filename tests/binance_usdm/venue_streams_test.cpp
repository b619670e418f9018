// The WebSocket side: @bookTicker quotes with their venue time, reconnection
// after a drop, the user data stream and its listenKey, stale prices, the
// metrics the snapshot carries, and not one secret in any log line.
#include "binance_harness.hpp"

using namespace grinder;
using namespace grinder::test;
using plugin::Side;

namespace {

const rapidjson::Value& market_stats(const rapidjson::Document& snap) { return snap["streams"]["market"]; }

std::int64_t counter(const rapidjson::Value& s, const char* key) { return s[key].GetInt64(); }

}  // namespace

TEST_CASE("bookTicker over WebSocket, and a reconnect after the stream drops") {
  SimProcess sim;
  Logs logs;
  RawVenue v(binance_config(sim, R"("symbols": ["BTCUSDT", "ETHUSDT"],)"), logs);
  REQUIRE(eventually([&] {
    auto s = v.snapshot();
    return market_stats(s)["connected"].GetBool() && counter(market_stats(s), "messages") > 2;
  }));
  auto quote = v.book_top("BTCUSDT");
  CHECK(std::llabs(now_ms() - quote.venue_ts_ms) < 2000);
  int rest_quotes = sim.requests("GET /fapi/v1/ticker/bookTicker");

  auto dropped = sim.admin("drop_ws", R"({"kind": "market"})");
  CHECK(dropped["dropped"].GetInt() == 1);
  std::int64_t messages_at_drop = counter(market_stats(v.snapshot()), "messages");
  REQUIRE(eventually([&] {
    auto s = v.snapshot();
    return market_stats(s)["connected"].GetBool() && counter(market_stats(s), "reconnects") >= 1 &&
           counter(market_stats(s), "messages") > messages_at_drop + 2;
  }));
  auto s = v.snapshot();
  CHECK(counter(market_stats(s), "connects") >= 2);
  CHECK_FALSE(std::string(market_stats(s)["last_down"].GetString()).empty());
  CHECK(s["streams"]["last_tick_ts_ms"].GetInt64() > 0);
  auto after = v.book_top("ETHUSDT");
  CHECK(std::llabs(now_ms() - after.venue_ts_ms) < 2000);
  CHECK(sim.requests("GET /fapi/v1/ticker/bookTicker") == rest_quotes);  // quotes came from the stream
  CHECK(logs.contains("market stream dropped"));
  CHECK(logs.contains("(reconnect 1)"));
  CHECK(sim.admin("stats")["ws_accepted"]["market"].GetInt() >= 2);
}

TEST_CASE("stale prices keep their old venue time, over WebSocket and over REST") {
  SimProcess sim;
  Logs logs;
  RawVenue v(binance_config(sim, R"("symbols": ["BTCUSDT"],)"), logs);
  REQUIRE(eventually([&] { return market_stats(v.snapshot())["connected"].GetBool(); }));
  sim.admin("stale", R"({"symbols": ["BTCUSDT", "ETHUSDT"]})");
  std::int64_t frozen_at = v.book_top("BTCUSDT").venue_ts_ms;
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  auto ws_quote = v.book_top("BTCUSDT");
  CHECK(ws_quote.venue_ts_ms <= frozen_at + 100);
  CHECK(now_ms() - ws_quote.venue_ts_ms >= 500);
  auto rest_quote = v.book_top("ETHUSDT");  // not streamed: REST
  CHECK(now_ms() - rest_quote.venue_ts_ms >= 500);
  sim.admin("clear");
  REQUIRE(eventually([&] { return now_ms() - v.book_top("BTCUSDT").venue_ts_ms < 300; }));
}

TEST_CASE("the user data stream: fills are logged, a lost listenKey is renewed") {
  SimProcess sim;
  Logs logs;
  RawVenue raw(binance_config(sim), logs);
  REQUIRE(eventually([&] {
    auto s = raw.snapshot();
    return s["streams"]["user"]["connected"].GetBool();
  }));
  // A second instance places; the account's events reach both.
  Logs other_logs;
  auto v = make_binance(sim, other_logs, R"("user_stream": false,)");
  auto top = v->book_top("BTCUSDT");
  REQUIRE(top);
  auto buy = v->place(limit_order("grinder_1_taker", Side::Buy, top->ask * 1.01, 0.002));
  REQUIRE(buy);
  CHECK(buy->status == plugin::OrderStatus::Filled);
  REQUIRE(eventually([&] { return logs.contains("fill BTCUSDT BUY 0.002 @") && logs.contains("grinder_1_taker"); }));

  sim.admin("expire_listen_key");
  REQUIRE(
      eventually([&] { return logs.contains("listenKey expired") && sim.requests("POST /fapi/v1/listenKey") >= 2; }));
  REQUIRE(eventually([&] {
    auto s = raw.snapshot();
    return s["streams"]["user"]["connected"].GetBool() && s["streams"]["user"]["reconnects"].GetInt() >= 1;
  }));
  CHECK(sim.admin("stats")["ws_accepted"]["user"].GetInt() >= 2);
}

TEST_CASE("the listenKey is kept alive, renewed when the venue forgot it (-1125), and closed at the end") {
  SimProcess sim;
  Logs logs;
  {
    RawVenue v(binance_config(sim, R"("listen_key_keepalive_ms": 1000,)"), logs);
    REQUIRE(eventually([&] { return sim.requests("PUT /fapi/v1/listenKey") >= 1; }));
    sim.admin("fault", R"({"kind": "error", "method": "PUT", "path": "/fapi/v1/listenKey", "code": -1125,
        "msg": "This listenKey does not exist. Please use POST /fapi/v1/listenKey to recreate listenKey"})");
    REQUIRE(eventually([&] { return sim.requests("POST /fapi/v1/listenKey") >= 2; }));
    CHECK(logs.contains("-1125"));
    CHECK(sim.requests("DELETE /fapi/v1/listenKey") == 0);
  }
  CHECK(sim.requests("DELETE /fapi/v1/listenKey") == 1);
  CHECK(logs.contains("user data stream closed"));
}

TEST_CASE("the snapshot carries the rate-limit counters the host should export") {
  SimProcess sim;
  Logs logs;
  RawVenue v(binance_config(sim), logs);
  auto s = v.snapshot();
  const auto& rl = s["rate_limits"];
  CHECK(rl["used_weight"]["1m"].GetInt64() > 0);
  CHECK(rl["weight_limit_1m"].GetInt64() == 2400);
  CHECK(rl["retry_after_ms"].GetInt64() == 0);
  CHECK(s.HasMember("time_offset_ms"));
  CHECK(s["orders"]["ok"].GetBool());
}

TEST_CASE("no log line carries the secret, a signature or a signed query") {
  SimProcess sim;
  Logs logs;
  {
    auto v = make_binance(sim, logs, R"("symbols": ["BTCUSDT"],)");
    REQUIRE(v->place(limit_order("grinder_1_sec", Side::Buy, 30000, 0.004)));
    sim.admin("fault", R"({"kind": "status_503", "method": "DELETE", "path": "/fapi/v1/order"})");
    REQUIRE(v->cancel("BTCUSDT", "grinder_1_sec"));
    sim.admin("clock", R"({"offset_ms": -20000})");
    REQUIRE(v->snapshot());
    sim.admin(
        "fault",
        R"({"kind": "error", "path": "/fapi/v1/openOrders", "code": -1022, "msg": "Signature for this request is not valid."})");
    REQUIRE(v->snapshot());
    auto bad = create_binance(binance_config(sim, "", kApiKey, "wrong-secret-xyz"), logs);
    REQUIRE_FALSE(bad->connect());
  }
  std::string all = logs.all() + sim.output();
  INFO(all);
  CHECK(all.find("POST /fapi/v1/order") != std::string::npos);  // the logs were captured at all
  CHECK(all.find(kApiSecret) == std::string::npos);
  CHECK(all.find("wrong-secret-xyz") == std::string::npos);
  CHECK(all.find("signature=") == std::string::npos);
  CHECK(all.find("timestamp=") == std::string::npos);
  CHECK(all.find("listenKey=") == std::string::npos);
}
