// The real plugin against the simulator over loopback: connect, filters,
// the ticker and its timestamp, place, list, cancel, balances.
#include "btcturk_harness.hpp"

using namespace grinder;
using namespace grinder::test;
using plugin::ErrorClass;
using plugin::Side;

TEST_CASE("connect proves the keys; filters come from exchangeinfo") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  CHECK(v->info().name == "btcturk");
  CHECK(v->info().kind == "spot");
  CHECK(logs.contains("connected url=" + sim.base_url() + " mode=live_trade"));
  CHECK(logs.contains("credentials=ok"));
  CHECK(sim.requests("GET /api/v1/users/balances") == 1);
  auto f = v->filters("BTCTRY");
  REQUIRE(f);
  CHECK(f->tick_size == 1);
  CHECK(f->step_size == Approx(0.00000001));
  CHECK(f->min_notional == 10);
  auto usdt = v->filters("USDTTRY");
  REQUIRE(usdt);
  CHECK(usdt->tick_size == Approx(0.01));
  CHECK(usdt->step_size == Approx(0.01));
  auto unknown = v->filters("DOGETRY");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().error_class == ErrorClass::InvalidArgument);
  auto t = v->server_time_ms();
  REQUIRE(t);
  CHECK(std::llabs(*t - now_ms()) < 2000);
}

TEST_CASE("book_top carries the ticker's own timestamp, which stops when the ticker goes stale") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  auto fresh = v->book_top("BTCTRY");
  REQUIRE(fresh);
  CHECK(fresh->bid > 1000000);
  CHECK(fresh->ask > fresh->bid);
  CHECK(now_ms() - fresh->venue_ts_ms < 1000);

  sim.admin("stale", R"({"pairs": ["BTCTRY"]})");
  auto frozen = v->book_top("BTCTRY");
  REQUIRE(frozen);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  auto later = v->book_top("BTCTRY");
  REQUIRE(later);
  // The quote's age is what the host's market_data_fresh gate measures.
  CHECK(later->venue_ts_ms == frozen->venue_ts_ms);
  CHECK(now_ms() - later->venue_ts_ms >= 600);
  // Other pairs keep moving.
  auto eth = v->book_top("ETHTRY");
  REQUIRE(eth);
  CHECK(now_ms() - eth->venue_ts_ms < 1000);

  // A quote made old at once, and fresh again as soon as the venue recovers.
  sim.admin("stale", R"({"pairs": ["BTCTRY"], "age_ms": 10000})");
  CHECK(now_ms() - v->book_top("BTCTRY")->venue_ts_ms >= 10000);
  sim.admin("clear");
  CHECK(now_ms() - v->book_top("BTCTRY")->venue_ts_ms < 1000);
}

TEST_CASE("a LIMIT BUY rests, is listed under its client order id with its funds locked, and is cancelled") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  auto book = v->book_top("BTCTRY");
  REQUIRE(book);
  double price = std::floor(book->bid * 0.9);
  auto placed = v->place(limit_order("grinder_1_rest", Side::Buy, price, 0.00006));
  INFO((placed ? "" : placed.error().to_string()) << logs.all());
  REQUIRE(placed);
  CHECK(placed->client_order_id == "grinder_1_rest");
  CHECK_FALSE(placed->venue_order_id.empty());
  CHECK(placed->status == plugin::OrderStatus::New);
  CHECK(placed->price == price);
  CHECK(placed->qty == Approx(0.00006));

  auto snap = v->snapshot({"BTCTRY"});
  REQUIRE(snap);
  CHECK(snap->complete());
  CHECK(snap->positions.empty());
  const plugin::Order* o = find_order(*snap, "grinder_1_rest");
  REQUIRE(o);
  CHECK(o->venue_order_id == placed->venue_order_id);
  CHECK(o->side == Side::Buy);
  CHECK(o->filled_qty == 0);
  const plugin::Balance* tl = find_balance(*snap, "TRY");
  REQUIRE(tl);
  CHECK(tl->locked == Approx(price * 0.00006));
  // Assets with nothing in them are left out; BTCTurk lists every asset.
  CHECK_FALSE(find_balance(*snap, "XRP"));

  auto cancelled = v->cancel("BTCTRY", "grinder_1_rest");
  INFO((cancelled ? "" : cancelled.error().to_string()));
  REQUIRE(cancelled);
  CHECK(logs.contains("Order cancelled order_id=grinder_1_rest"));
  auto after = v->snapshot({"BTCTRY"});
  REQUIRE(after);
  CHECK_FALSE(find_order(*after, "grinder_1_rest"));
  CHECK(find_balance(*after, "TRY")->locked == 0);
  CHECK(sim.orders_for("grinder_1_rest") == 1);
  CHECK(sim.requests("DELETE /api/v1/order") == 1);

  // Cancelling again: nothing open under that id, nothing sent.
  REQUIRE(v->cancel("BTCTRY", "grinder_1_rest"));
  CHECK(sim.requests("DELETE /api/v1/order") == 1);
}

TEST_CASE("orders that fill: a crossing LIMIT BUY and a MARKET SELL; a MARKET BUY is refused") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  auto book = v->book_top("BTCTRY");
  REQUIRE(book);
  auto taker = v->place(limit_order("grinder_1_take", Side::Buy, std::ceil(book->ask * 1.01), 0.0001));
  REQUIRE(taker);
  auto snap = v->snapshot({"BTCTRY"});
  REQUIRE(snap);
  CHECK_FALSE(find_order(*snap, "grinder_1_take"));
  CHECK(find_balance(*snap, "BTC")->free == Approx(0.5001));

  auto sold = v->place(market_order("grinder_1_mkt", Side::Sell, 0.0001));
  INFO((sold ? "" : sold.error().to_string()));
  REQUIRE(sold);
  CHECK(sold->type == plugin::OrderType::Market);
  CHECK(sold->status == plugin::OrderStatus::Filled);
  CHECK(sold->filled_qty == Approx(0.0001));
  snap = v->snapshot({"BTCTRY"});
  CHECK(find_balance(*snap, "BTC")->free == Approx(0.5));

  auto buy = v->place(market_order("grinder_1_mbuy", Side::Buy, 0.0001));
  REQUIRE_FALSE(buy);
  CHECK(buy.error().error_class == ErrorClass::Unsupported);
  CHECK_THAT(buy.error().message, Catch::Contains("quote asset"));
  CHECK(sim.orders_for("grinder_1_mbuy") == 0);
}

TEST_CASE("an order is checked against exchangeinfo before it is sent") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  auto small = v->place(limit_order("grinder_1_small", Side::Buy, 1000000, 0.000005));
  REQUIRE_FALSE(small);
  CHECK(small.error().error_class == ErrorClass::NonRetryable);
  CHECK(small.error().code == 1123);
  CHECK_THAT(small.error().message, Catch::Contains("FAILED_MIN_TOTAL_AMOUNT before sending"));
  auto dust = v->place(limit_order("grinder_1_dust", Side::Buy, 1000000, 0.000000001));
  REQUIRE_FALSE(dust);
  CHECK(dust.error().error_class == ErrorClass::InvalidArgument);
  auto bad_id = v->place(limit_order("has spaces", Side::Buy, 1000000, 0.001));
  REQUIRE_FALSE(bad_id);
  CHECK(bad_id.error().error_class == ErrorClass::InvalidArgument);
  auto ioc = limit_order("grinder_1_ioc", Side::Buy, 1000000, 0.001);
  ioc.time_in_force = plugin::TimeInForce::IOC;
  CHECK(v->place(ioc).error().error_class == ErrorClass::Unsupported);
  auto reduce = limit_order("grinder_1_ro", Side::Sell, 3000000, 0.001);
  reduce.reduce_only = true;
  CHECK(v->place(reduce).error().error_class == ErrorClass::Unsupported);
  CHECK(sim.requests("POST /api/v1/order") == 0);

  // A price off the grid goes onto it, on the buyer's side.
  auto placed = v->place(limit_order("grinder_1_grid", Side::Buy, 1000000.6, 0.0001));
  REQUIRE(placed);
  CHECK(placed->price == 1000000);
}

TEST_CASE("the venue's refusal comes back classified: BALANCE_NOT_ENOUGH is not retried") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  sim.admin("balance", R"({"asset": "TRY", "free": "5"})");
  auto r = v->place(limit_order("grinder_1_broke", Side::Buy, 1000000, 0.0001));
  REQUIRE_FALSE(r);
  CHECK(r.error().error_class == ErrorClass::NonRetryable);
  CHECK_THAT(r.error().message, Catch::Contains("BALANCE_NOT_ENOUGH") && Catch::Contains("free balance"));
  CHECK(sim.requests("POST /api/v1/order") == 1);
  // Refused, so nothing holds the id: the host may send it again later.
  sim.admin("balance", R"({"asset": "TRY", "free": "100000"})");
  REQUIRE(v->place(limit_order("grinder_1_broke", Side::Buy, 1000000, 0.0001)));
}

TEST_CASE("a client order id this instance sent is not sent again") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  REQUIRE(v->place(limit_order("grinder_1_once", Side::Buy, 1000000, 0.0001)));
  auto again = v->place(limit_order("grinder_1_once", Side::Buy, 1000000, 0.0001));
  REQUIRE_FALSE(again);
  CHECK(again.error().error_class == ErrorClass::NonRetryable);
  CHECK_THAT(again.error().message, Catch::Contains("would take it twice"));
  CHECK(sim.orders_for("grinder_1_once") == 1);
}

TEST_CASE("an order placed by hand shows with its own client order id; positions are always empty") {
  SimProcess sim;
  Logs logs;
  auto v = make_btcturk(sim, logs);
  sim.admin("unexpected_order", R"({"pair": "BTCTRY", "side": "sell", "client_order_id": "BtcTurk-UI"})");
  auto snap = v->snapshot({"BTCTRY"});
  REQUIRE(snap);
  const plugin::Order* o = find_order(*snap, "BtcTurk-UI");
  REQUIRE(o);
  CHECK(o->side == Side::Sell);
  CHECK(o->status == plugin::OrderStatus::New);
  CHECK(snap->positions_status.ok);
  CHECK(snap->positions.empty());
  // With no symbols named, the configured pairs are listed.
  auto all = v->snapshot();
  REQUIRE(all);
  CHECK(find_order(*all, "BtcTurk-UI"));
}

TEST_CASE("an accepted cancel not yet carried out is marked in the snapshot, and said so by cancel") {
  SimProcess sim({"--cancel-delay-ms", "1500"});
  Logs logs;
  SECTION("cancel_confirm_ms 0: accepted is reported as such, the order shows cancel_pending") {
    RawVenue raw(btcturk_config(sim, R"("cancel_confirm_ms": 0,)"), logs);
    REQUIRE(raw.place_limit_buy("grinder_1_pend", "1000000", "0.0001") == GRINDER_VENUE_OK);
    std::string message;
    CHECK(raw.cancel("grinder_1_pend", &message) == GRINDER_VENUE_OK);
    CHECK(logs.contains("accepted by the venue; not waiting"));
    auto doc = raw.snapshot();
    const auto& items = doc["orders"]["items"];
    REQUIRE(items.Size() == 1);
    CHECK(btcturk::bool_of(items[0], "cancel_pending") == true);
    CHECK(btcturk::text_of(items[0], "venue_status") == "Untouched");
    CHECK(btcturk::int_of(doc, "cancels_pending") == 1);
    CHECK(btcturk::text_of(doc, "mode") == "live_trade");
    // Once the venue has carried it out, the order is gone and so is the mark.
    REQUIRE(eventually([&] { return sim.stat("open_orders") == 0; }, 4000));
    auto done = raw.snapshot();
    CHECK(done["orders"]["items"].Size() == 0);
    CHECK(btcturk::int_of(done, "cancels_pending") == 0);
  }
  SECTION("a bounded wait that runs out is RETRYABLE and says why") {
    RawVenue raw(btcturk_config(sim, R"("cancel_confirm_ms": 200,)"), logs);
    REQUIRE(raw.place_limit_buy("grinder_1_slow", "1000000", "0.0001") == GRINDER_VENUE_OK);
    std::string message;
    CHECK(raw.cancel("grinder_1_slow", &message) == GRINDER_VENUE_RETRYABLE);
    CHECK_THAT(message, Catch::Contains("still open after 200 ms") && Catch::Contains("asynchronously") &&
                            Catch::Contains("cancelling again is safe"));
  }
}
