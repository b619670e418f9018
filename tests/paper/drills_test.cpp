// Each drill, seen from the host: what reconcile and the gates will see.
#include <catch2/catch.hpp>

#include "paper_harness.hpp"

using namespace grinder::plugin;
using namespace grinder::test;
using Catch::Matchers::Contains;

namespace {

const Order* find_order(const Snapshot& s, const std::string& coid) {
  for (const auto& o : s.orders)
    if (o.client_order_id == coid) return &o;
  return nullptr;
}

}  // namespace

TEST_CASE("paper drill: an order nobody placed, from the config", "[paper][drill]") {
  auto v = make_paper(paper_config(
      R"("drills": [{"drill": "unexpected_order", "symbol": "BTCUSDT", "client_order_id": "manual_123"}],)"));
  auto s = v->snapshot();
  REQUIRE(s);
  const Order* o = find_order(*s, "manual_123");
  REQUIRE(o);
  CHECK(o->symbol == "BTCUSDT");
  CHECK(o->side == Side::Buy);
  CHECK(o->status == OrderStatus::New);
  CHECK_FALSE(o->venue_order_id.empty());
  // By default it rests well away from the touch and meets the filters.
  CHECK(o->price == Approx(58500.0));
  CHECK(o->price * o->qty >= 100);
  advance(*v, 20);
  CHECK(find_order(*v->snapshot(), "manual_123"));
}

TEST_CASE("paper drill: an order that looks like ours, at run time", "[paper][drill]") {
  auto v = make_paper();
  REQUIRE(v->drill(R"({"drill": "unexpected_order", "symbol": "ETHUSDT", "client_order_id": "grinder_1_x",
                       "side": "SELL", "price": "4000.5", "qty": "0.25"})"));
  auto s = v->snapshot();
  REQUIRE(s);
  const Order* o = find_order(*s, "grinder_1_x");
  REQUIRE(o);
  CHECK(o->side == Side::Sell);
  CHECK(o->price == Approx(4000.5));
  CHECK(o->qty == Approx(0.25));
  // It can be cancelled like any order.
  REQUIRE(v->cancel("ETHUSDT", "grinder_1_x"));
  CHECK(v->snapshot()->orders.empty());

  auto dup = v->drill(R"({"drill": "unexpected_order", "symbol": "NOPE", "client_order_id": "m"})");
  REQUIRE_FALSE(dup);
  CHECK(dup.error().error_class == ErrorClass::InvalidArgument);
}

TEST_CASE("paper drill: a position nobody expects", "[paper][drill]") {
  auto v = make_paper();
  REQUIRE(v->drill(R"({"drill": "unexpected_position", "symbol": "ETHUSDT", "qty": "-0.5", "entry_price": "3100"})"));
  auto s = v->snapshot();
  const Position* p = position(*s, "ETHUSDT");
  REQUIRE(p);
  CHECK(p->qty == Approx(-0.5));
  CHECK(p->entry_price == Approx(3100));
  CHECK(p->mark_price == Approx(3200.005));

  // Flattening it goes through reduce-only, and realises the loss.
  auto flatten = market("ETHUSDT", Side::Buy, 0.5, "grinder_1_flat");
  flatten.reduce_only = true;
  auto o = v->place(flatten);
  REQUIRE(o);
  CHECK(o->status == OrderStatus::Filled);
  s = v->snapshot();
  CHECK(position(*s, "ETHUSDT") == nullptr);
  CHECK(balance(*s, "USDT") == Approx(10000 - (3200.01 - 3100) * 0.5));
}

TEST_CASE("paper drill: stale market data freezes quotes and their timestamps", "[paper][drill]") {
  auto v = make_paper(paper_config(R"("volatility_bps": 100,)"));
  advance(*v, 2);
  auto before = v->book_top("BTCUSDT");
  REQUIRE(v->drill(R"({"drill": "stale_market_data", "symbols": ["BTCUSDT"]})"));
  advance(*v, 5);
  auto frozen = v->book_top("BTCUSDT");
  REQUIRE(frozen);
  CHECK(frozen->venue_ts_ms == before->venue_ts_ms);
  CHECK(frozen->bid == before->bid);
  CHECK(frozen->ask == before->ask);
  CHECK(*v->server_time_ms() == before->venue_ts_ms + 5000);  // the venue's clock runs on
  CHECK(v->book_top("ETHUSDT")->venue_ts_ms == before->venue_ts_ms + 5000);  // other symbols are live

  REQUIRE(v->drill(R"({"drill": "clear"})"));
  CHECK(v->book_top("BTCUSDT")->venue_ts_ms == before->venue_ts_ms + 5000);
}

TEST_CASE("paper drill: a whole-venue outage fails every call as retryable", "[paper][drill]") {
  auto v = make_paper();
  REQUIRE(v->drill(R"({"drill": "outage"})"));
  auto h = v->health();
  REQUIRE_FALSE(h);
  CHECK(h.error().error_class == ErrorClass::Retryable);
  CHECK(h.error().code == 7);
  CHECK(v->connect().error().error_class == ErrorClass::Retryable);
  CHECK(v->book_top("BTCUSDT").error().error_class == ErrorClass::Retryable);
  CHECK(v->snapshot().error().error_class == ErrorClass::Retryable);
  CHECK(v->place(market("BTCUSDT", Side::Buy, 0.002, "grinder_1_o")).error().error_class == ErrorClass::Retryable);
  CHECK(v->cancel_all("BTCUSDT").error().error_class == ErrorClass::Retryable);

  REQUIRE(v->drill(R"({"drill": "clear"})"));  // drills still reach a venue that is down
  CHECK(v->health().ok());
  CHECK(v->snapshot()->complete());
}

TEST_CASE("paper drill: an outage of one snapshot source degrades the snapshot", "[paper][drill]") {
  auto v = make_paper();
  REQUIRE(v->place(order("BTCUSDT", Side::Buy, 0.002, 60000, "grinder_1_keep")));
  REQUIRE(v->drill(R"({"drill": "outage", "sources": ["positions", "balances"]})"));
  auto s = v->snapshot();
  REQUIRE(s);
  CHECK_FALSE(s->complete());
  CHECK(s->orders_status.ok);
  CHECK(s->orders.size() == 1);
  CHECK_FALSE(s->positions_status.ok);
  CHECK(s->positions_status.error->error_class == ErrorClass::Retryable);
  CHECK_THAT(s->positions_status.error->message, Contains("positions unavailable"));
  CHECK_FALSE(s->balances_status.ok);
  CHECK(v->health().ok());  // the venue itself is up
}

TEST_CASE("paper drill: a lost acknowledgement makes the order's state unknown", "[paper][drill]") {
  auto v = make_paper();
  REQUIRE(v->drill(R"({"drill": "fault", "op": "place", "class": "UNKNOWN_STATE", "apply": true, "code": -1007})"));
  auto lost = v->place(order("BTCUSDT", Side::Buy, 0.002, 60000, "grinder_1_lost"));
  REQUIRE_FALSE(lost);
  CHECK(lost.error().error_class == ErrorClass::UnknownState);
  CHECK(lost.error().code == -1007);
  // ...and yet the order is there: exactly why reconcile must look.
  CHECK(find_order(*v->snapshot(), "grinder_1_lost"));
  CHECK(v->place(order("BTCUSDT", Side::Buy, 0.002, 60000, "grinder_1_next")));  // count was 1
}

TEST_CASE("paper: faults from the config fail the calls they name", "[paper][drill]") {
  auto v = make_paper(paper_config(
      R"("faults": [{"op": "book_top", "class": "RATE_LIMITED", "after": 1, "count": 2, "code": 429}],)"));
  CHECK(v->book_top("BTCUSDT"));
  for (int i = 0; i < 2; ++i) {
    auto r = v->book_top("BTCUSDT");
    REQUIRE_FALSE(r);
    CHECK(r.error().error_class == ErrorClass::RateLimited);
    CHECK(r.error().code == 429);
  }
  CHECK(v->book_top("BTCUSDT"));
  CHECK(v->filters("BTCUSDT"));  // other operations never failed
}

TEST_CASE("paper: a fault with a negative count lasts until cleared", "[paper][drill]") {
  auto v = make_paper();
  REQUIRE(v->drill(R"({"drill": "fault", "op": "snapshot", "class": "AUTH", "count": -1})"));
  for (int i = 0; i < 5; ++i) CHECK(v->snapshot().error().error_class == ErrorClass::Auth);
  REQUIRE(v->drill(R"({"drill": "clear"})"));
  CHECK(v->snapshot());
}

TEST_CASE("paper: unknown and malformed drills are refused clearly", "[paper][drill]") {
  auto v = make_paper();
  auto unknown = v->drill(R"({"drill": "meteor_strike"})");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().error_class == ErrorClass::Unsupported);
  CHECK_THAT(unknown.error().message, Contains("unknown drill 'meteor_strike'"));

  auto malformed = v->drill(R"({"drill": "unexpected_position", "symbol": "BTCUSDT", "qty": "lots"})");
  REQUIRE_FALSE(malformed);
  CHECK(malformed.error().error_class == ErrorClass::InvalidArgument);
  CHECK_THAT(malformed.error().message, Contains("qty must be a number"));

  auto not_json = v->drill("outage");
  REQUIRE_FALSE(not_json);
  CHECK(not_json.error().error_class == ErrorClass::InvalidArgument);

  auto bad_fault = v->drill(R"({"drill": "fault", "op": "withdraw", "class": "SOMETIMES"})");
  REQUIRE_FALSE(bad_fault);
  CHECK_THAT(bad_fault.error().message, Contains("'withdraw' is not an operation"));
  CHECK_THAT(bad_fault.error().message, Contains("'SOMETIMES' is not an error class"));
}
