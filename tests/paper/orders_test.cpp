// Orders on the paper venue: what fills, when, at what price, and what the
// account looks like afterwards.
#include <catch2/catch.hpp>

#include "paper_harness.hpp"

using namespace grinder::plugin;
using namespace grinder::test;
using Catch::Matchers::Contains;

TEST_CASE("paper: filters and the opening book come from the config", "[paper]") {
  auto v = make_paper();
  auto f = v->filters("BTCUSDT");
  REQUIRE(f);
  CHECK(f->tick_size == Approx(0.1));
  CHECK(f->step_size == Approx(0.001));
  CHECK(f->min_notional == Approx(100));
  CHECK(f->min_qty == Approx(0.001));  // defaults to the step

  auto b = v->book_top("BTCUSDT");
  REQUIRE(b);
  CHECK(b->bid == Approx(65000.0));
  CHECK(b->ask == Approx(65000.1));
  CHECK(b->venue_ts_ms == 1700000000000);
  auto t = v->server_time_ms();
  REQUIRE(t);
  CHECK(*t == 1700000000000);
  advance(*v, 3);
  CHECK(*v->server_time_ms() == 1700000003000);
  CHECK(v->book_top("BTCUSDT")->venue_ts_ms == 1700000003000);

  auto unknown = v->book_top("DOGEUSDT");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().error_class == ErrorClass::InvalidArgument);
  CHECK(v->connect().ok());
  CHECK(v->health().ok());
}

TEST_CASE("paper: a market order fills at the touch and opens a position", "[paper]") {
  auto v = make_paper();
  auto o = v->place(market("BTCUSDT", Side::Buy, 0.002, "grinder_1_m1"));
  REQUIRE(o);
  CHECK(o->status == OrderStatus::Filled);
  CHECK(o->filled_qty == Approx(0.002));
  CHECK(o->price == Approx(65000.1));  // the ask
  CHECK(o->venue_order_id == "paper-1");

  auto s = v->snapshot();
  REQUIRE(s);
  CHECK(s->complete());
  CHECK(s->orders.empty());
  const Position* p = position(*s, "BTCUSDT");
  REQUIRE(p);
  CHECK(p->qty == Approx(0.002));
  CHECK(p->entry_price == Approx(65000.1));
  CHECK(p->mark_price == Approx(65000.05));
  CHECK(balance(*s, "USDT") == Approx(10000));  // no fees by default

  // Selling it back at the bid costs the spread: 0.1 * 0.002.
  auto back = v->place(market("BTCUSDT", Side::Sell, 0.002, "grinder_1_m2"));
  REQUIRE(back);
  CHECK(back->price == Approx(65000.0));
  s = v->snapshot();
  CHECK(position(*s, "BTCUSDT") == nullptr);
  CHECK(balance(*s, "USDT") == Approx(10000 - 0.0002));
}

TEST_CASE("paper: a limit order rests, then fills at its price when the market crosses it", "[paper]") {
  auto v = make_paper();
  auto o = v->place(order("BTCUSDT", Side::Buy, 0.002, 65000.0, "grinder_1_l1"));
  REQUIRE(o);
  CHECK(o->status == OrderStatus::New);
  auto s = v->snapshot();
  REQUIRE(s->orders.size() == 1);
  CHECK(s->orders[0].client_order_id == "grinder_1_l1");
  CHECK(s->orders[0].price == Approx(65000.0));
  CHECK(s->orders[0].qty == Approx(0.002));
  CHECK(balance(*s, "USDT", true) == Approx(130.0));  // reserved by the open order
  CHECK(balance(*s, "USDT") == Approx(10000 - 130.0));

  // Step until the ask comes down to the limit; it must not fill before.
  int steps = 0;
  for (; steps < 500; ++steps) {
    auto b = v->book_top("BTCUSDT");
    if (v->snapshot()->orders.empty()) {
      CHECK(b->ask <= 65000.0 + 1e-9);
      break;
    }
    CHECK(b->ask > 65000.0);
    advance(*v, 1);
  }
  REQUIRE(steps < 500);
  s = v->snapshot();
  const Position* p = position(*s, "BTCUSDT");
  REQUIRE(p);
  CHECK(p->qty == Approx(0.002));
  CHECK(p->entry_price == Approx(65000.0));  // the limit, not the better ask
  CHECK(balance(*s, "USDT", true) == Approx(0));
}

TEST_CASE("paper: cancel and cancel-all", "[paper]") {
  auto v = make_paper();
  REQUIRE(v->place(order("BTCUSDT", Side::Buy, 0.002, 60000, "grinder_1_a")));
  REQUIRE(v->place(order("BTCUSDT", Side::Buy, 0.002, 60001, "grinder_1_b")));
  REQUIRE(v->place(order("BTCUSDT", Side::Sell, 0.002, 70000, "grinder_1_c")));
  REQUIRE(v->place(order("ETHUSDT", Side::Buy, 0.01, 3000, "grinder_1_d")));
  CHECK(v->snapshot()->orders.size() == 4);

  REQUIRE(v->cancel("BTCUSDT", "grinder_1_a"));
  auto again = v->cancel("BTCUSDT", "grinder_1_a");
  REQUIRE_FALSE(again);
  CHECK(again.error().error_class == ErrorClass::NonRetryable);
  CHECK(again.error().code == 4);
  CHECK_FALSE(v->cancel("ETHUSDT", "grinder_1_b"));  // right id, wrong symbol

  auto n = v->cancel_all("BTCUSDT");
  REQUIRE(n);
  CHECK(*n == 2);
  auto s = v->snapshot();
  REQUIRE(s->orders.size() == 1);
  CHECK(s->orders[0].symbol == "ETHUSDT");
  CHECK(*v->cancel_all("BTCUSDT") == 0);
}

TEST_CASE("paper: the snapshot can be limited to symbols", "[paper]") {
  auto v = make_paper();
  REQUIRE(v->place(order("BTCUSDT", Side::Buy, 0.002, 60000, "grinder_1_a")));
  REQUIRE(v->place(order("ETHUSDT", Side::Buy, 0.01, 3000, "grinder_1_b")));
  REQUIRE(v->place(market("ETHUSDT", Side::Buy, 0.01, "grinder_1_c")));
  auto s = v->snapshot({"BTCUSDT"});
  REQUIRE(s);
  REQUIRE(s->orders.size() == 1);
  CHECK(s->orders[0].symbol == "BTCUSDT");
  CHECK(s->positions.empty());
  CHECK_FALSE(s->balances.empty());  // balances are account-wide
}

TEST_CASE("paper: reduce-only orders only ever reduce", "[paper]") {
  auto v = make_paper();
  auto flat = v->place([] {
    auto r = market("BTCUSDT", Side::Sell, 0.002, "grinder_1_r1");
    r.reduce_only = true;
    return r;
  }());
  REQUIRE_FALSE(flat);
  CHECK(flat.error().error_class == ErrorClass::NonRetryable);
  CHECK(flat.error().code == 5);
  CHECK_THAT(flat.error().message, Contains("would not reduce the flat position"));

  REQUIRE(v->place(market("BTCUSDT", Side::Buy, 0.002, "grinder_1_open")));
  auto wrong_way = market("BTCUSDT", Side::Buy, 0.001, "grinder_1_r2");
  wrong_way.reduce_only = true;
  CHECK_FALSE(v->place(wrong_way));

  // More than the position: only the position is closed, the rest expires.
  auto close = market("BTCUSDT", Side::Sell, 0.005, "grinder_1_r3");
  close.reduce_only = true;
  auto o = v->place(close);
  REQUIRE(o);
  CHECK(o->filled_qty == Approx(0.002));
  CHECK(o->status == OrderStatus::Expired);
  CHECK(position(*v->snapshot(), "BTCUSDT") == nullptr);
}

TEST_CASE("paper: a reduce-only order is exempt from min_notional", "[paper]") {
  auto v = make_paper();
  // 0.001 BTC is 65 USDT, under the 100 minimum: it cannot be opened by a
  // plain order, but a position that small must still be closable.
  REQUIRE(v->drill(R"({"drill": "unexpected_position", "symbol": "BTCUSDT", "qty": "0.001"})"));
  auto plain = v->place(market("BTCUSDT", Side::Sell, 0.001, "grinder_1_small"));
  REQUIRE_FALSE(plain);
  CHECK_THAT(plain.error().message, Contains("below min_notional"));
  auto reduce = market("BTCUSDT", Side::Sell, 0.001, "grinder_1_flatten");
  reduce.reduce_only = true;
  auto o = v->place(reduce);
  REQUIRE(o);
  CHECK(o->status == OrderStatus::Filled);
  CHECK(position(*v->snapshot(), "BTCUSDT") == nullptr);
}

TEST_CASE("paper: orders that break a filter are refused with the venue's reason", "[paper]") {
  auto v = make_paper();
  struct Case {
    OrderRequest req;
    ErrorClass cls;
    const char* says;
  } cases[] = {
      {order("BTCUSDT", Side::Buy, 0.002, 60000.05, "c1"), ErrorClass::NonRetryable, "not a multiple of tick_size 0.1"},
      {order("BTCUSDT", Side::Buy, 0.0025, 60000, "c2"), ErrorClass::NonRetryable, "not a multiple of step_size 0.001"},
      {order("BTCUSDT", Side::Buy, 0.001, 60000, "c3"), ErrorClass::NonRetryable, "below min_notional"},
      {order("DOGEUSDT", Side::Buy, 1, 1, "c4"), ErrorClass::InvalidArgument, "unknown symbol 'DOGEUSDT'"},
  };
  for (const auto& c : cases) {
    auto r = v->place(c.req);
    INFO(c.says);
    REQUIRE_FALSE(r);
    CHECK(r.error().error_class == c.cls);
    CHECK_THAT(r.error().message, Contains(c.says));
  }
  CHECK(v->snapshot()->orders.empty());
}

TEST_CASE("paper: a client order id can be open only once", "[paper]") {
  auto v = make_paper();
  REQUIRE(v->place(order("BTCUSDT", Side::Buy, 0.002, 60000, "grinder_1_dup")));
  auto dup = v->place(order("BTCUSDT", Side::Buy, 0.002, 60000, "grinder_1_dup"));
  REQUIRE_FALSE(dup);
  CHECK(dup.error().code == 3);
  REQUIRE(v->cancel("BTCUSDT", "grinder_1_dup"));
  CHECK(v->place(order("BTCUSDT", Side::Buy, 0.002, 60000, "grinder_1_dup")));
}

TEST_CASE("paper: time in force", "[paper]") {
  auto v = make_paper();
  auto ioc = order("BTCUSDT", Side::Buy, 0.002, 60000, "grinder_1_ioc");
  ioc.time_in_force = TimeInForce::IOC;
  auto o = v->place(ioc);
  REQUIRE(o);
  CHECK(o->status == OrderStatus::Expired);
  CHECK(o->filled_qty == 0);

  auto taking_ioc = order("BTCUSDT", Side::Buy, 0.002, 66000, "grinder_1_ioc2");
  taking_ioc.time_in_force = TimeInForce::IOC;
  o = v->place(taking_ioc);
  REQUIRE(o);
  CHECK(o->status == OrderStatus::Filled);

  auto post_only = order("BTCUSDT", Side::Sell, 0.002, 64000, "grinder_1_gtx");
  post_only.time_in_force = TimeInForce::GTX;
  auto refused = v->place(post_only);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == 6);
  post_only.price = 66000;
  o = v->place(post_only);
  REQUIRE(o);
  CHECK(o->status == OrderStatus::New);
  CHECK(v->snapshot()->orders.size() == 1);
}

TEST_CASE("paper: fees come out of the settlement balance", "[paper]") {
  auto v = make_paper(paper_config(R"("fee_bps": 10, "balances": {"USDT": 5000, "BNB": 1},)"));
  REQUIRE(v->place(market("ETHUSDT", Side::Buy, 1, "grinder_1_fee")));
  auto s = v->snapshot();
  CHECK(balance(*s, "USDT") == Approx(5000 - 3200.01 * 0.001));
  CHECK(balance(*s, "BNB") == Approx(1));
}
