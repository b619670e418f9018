// The snapshot document as plugins may write it: members in any order, some
// twice, some the host does not know, and items that are malformed.
#include <catch2/catch.hpp>

#include <string>

#include "../../host/plugin/snapshot_json.hpp"

using namespace grinder::plugin;
using Catch::Matchers::Contains;

namespace {

const char* kPositions = R"("positions":{"ok":true,"items":[{"symbol":"ETHUSDT","qty":"-0.5"}]})";
const char* kBalances = R"("balances":{"ok":true,"items":[{"asset":"USDT","free":"10"}]})";

std::string with_orders(const std::string& orders) {
  return std::string("{\"orders\":") + orders + "," + kPositions + "," + kBalances + "}";
}

std::string order(int i, const std::string& qty = "\"0.5\"") {
  return R"({"client_order_id":"grinder_1_)" + std::to_string(i) +
         R"(","symbol":"BTCUSDT","side":"BUY","type":"LIMIT","price":"100","qty":)" + qty + R"(,"status":"NEW"})";
}

}  // namespace

TEST_CASE("members in any order: top level, source and item", "[plugin][snapshot]") {
  auto s = parse_snapshot_json(R"({
    "balances":{"items":[{"locked":"2","free":"10","asset":"USDT"}],"ok":true},
    "rate_limits":{"used_weight":{"1m":7}},
    "orders":{"items":[{"time_in_force":"IOC","status":"PARTIALLY_FILLED","reduce_only":true,"filled_qty":"0.1",
                        "qty":"0.3","price":"65000.5","type":"LIMIT","side":"SELL","symbol":"BTCUSDT",
                        "venue_order_id":"v9","client_order_id":"grinder_1_9"}],"ok":true},
    "positions":{"ok":true,"items":[{"mark_price":"3","entry_price":"2","qty":"1.5","symbol":"ETHUSDT"}]},
    "venue_ts_ms":1700000000123})");
  REQUIRE(s);
  CHECK(s->complete());
  CHECK(s->venue_ts_ms == 1700000000123);
  REQUIRE(s->orders.size() == 1);
  const Order& o = s->orders[0];
  CHECK(o.client_order_id == "grinder_1_9");
  CHECK(o.venue_order_id == "v9");
  CHECK(o.symbol == "BTCUSDT");
  CHECK(o.side == Side::Sell);
  CHECK(o.type == OrderType::Limit);
  CHECK(o.price == 65000.5);
  CHECK(o.qty == 0.3);
  CHECK(o.filled_qty == 0.1);
  CHECK(o.status == OrderStatus::PartiallyFilled);
  CHECK(o.reduce_only);
  CHECK(o.time_in_force == TimeInForce::IOC);
  REQUIRE(s->positions.size() == 1);
  CHECK(s->positions[0].qty == 1.5);
  CHECK(s->positions[0].entry_price == 2);
  CHECK(s->positions[0].mark_price == 3);
  REQUIRE(s->balances.size() == 1);
  CHECK(s->balances[0].locked == 2);
  CHECK(s->stats.at("rate_limits.used_weight.1m") == 7);
  CHECK(s->stats.size() == 1);
}

TEST_CASE("\"ok\": false after the items fails the source, with the venue's error", "[plugin][snapshot]") {
  auto s = parse_snapshot_json(with_orders(
      "{\"items\":[" + order(1) + "],\"message\":\"too many requests\",\"code\":429,\"ok\":false,\"class\":\"RATE_LIMITED\"}"));
  REQUIRE(s);
  CHECK_FALSE(s->orders_status.ok);
  CHECK(s->orders.empty());
  REQUIRE(s->orders_status.error);
  CHECK(s->orders_status.error->error_class == ErrorClass::RateLimited);
  CHECK(s->orders_status.error->code == 429);
  CHECK(s->orders_status.error->message == "too many requests");
  CHECK(s->positions_status.ok);
  CHECK(s->balances_status.ok);
}

TEST_CASE("a malformed item in the middle fails its source alone, naming the item", "[plugin][snapshot]") {
  auto s = parse_snapshot_json(
      with_orders("{\"ok\":true,\"items\":[" + order(0) + "," + order(1) + "," + order(2) + "," +
                  order(3, "\"abc\"") + "," + order(4) + "," + order(5, "7") + "]}"));
  REQUIRE(s);
  CHECK_FALSE(s->orders_status.ok);
  CHECK(s->orders.empty());
  REQUIRE(s->orders_status.error);
  CHECK(s->orders_status.error->error_class == ErrorClass::NonRetryable);
  CHECK(s->orders_status.error->message == "malformed snapshot: orders[3].qty 'abc' is not a decimal string");
  CHECK(s->positions.size() == 1);
  CHECK(s->balances.size() == 1);
}

TEST_CASE("an item's first problem is found in field order, whatever the member order", "[plugin][snapshot]") {
  // qty is bad and side is unknown; side comes first in the format's order.
  auto s = parse_snapshot_json(with_orders(
      R"({"ok":true,"items":[{"qty":"x","status":"NEW","price":"1","type":"LIMIT","side":"UP","symbol":"S","client_order_id":"c"}]})"));
  REQUIRE(s);
  CHECK(s->orders_status.error->message == "malformed snapshot: orders[0].side 'UP' is not known");
}

TEST_CASE("an element of items that is not an object fails the source", "[plugin][snapshot]") {
  auto s = parse_snapshot_json(with_orders("{\"ok\":true,\"items\":[" + order(0) + ",[1]," + order(2) + "]}"));
  REQUIRE(s);
  CHECK(s->orders_status.error->message == "malformed snapshot: orders[1] is not an object");
  CHECK(s->orders.empty());
}

TEST_CASE("unknown members inside an item are skipped, however deep", "[plugin][snapshot]") {
  auto s = parse_snapshot_json(with_orders(
      R"({"ok":true,"items":[{"client_order_id":"grinder_1_1","extra":{"qty":"abc","side":["x",{"y":null}]},)"
      R"("symbol":"BTCUSDT","notes":[{"price":"bad"},[[]]],"side":"BUY","type":"MARKET","qty":"2","status":"NEW"}]})"));
  REQUIRE(s);
  REQUIRE(s->orders_status.ok);
  REQUIRE(s->orders.size() == 1);
  CHECK(s->orders[0].qty == 2);
  CHECK(s->orders[0].side == Side::Buy);
  CHECK(s->orders[0].price == 0);  // a market order may have none
}

TEST_CASE("a field whose value is a container is of the wrong type", "[plugin][snapshot]") {
  auto s = parse_snapshot_json(with_orders("{\"ok\":true,\"items\":[" + order(0, "{\"qty\":\"1\"}") + "]}"));
  REQUIRE(s);
  CHECK(s->orders_status.error->message == "malformed snapshot: orders[0].qty is not a string");
}

TEST_CASE("a member given twice: the first one counts", "[plugin][snapshot]") {
  SECTION("in an item") {
    auto s = parse_snapshot_json(with_orders(
        R"({"ok":true,"items":[{"qty":"0.25","side":"SELL","client_order_id":"c","symbol":"S","side":"BUY",)"
        R"("type":"LIMIT","price":"1","qty":"0.5","status":"NEW"}]})"));
    REQUIRE(s);
    REQUIRE(s->orders.size() == 1);
    CHECK(s->orders[0].qty == 0.25);
    CHECK(s->orders[0].side == Side::Sell);
  }
  SECTION("a bad repeat after a good value is ignored") {
    auto s = parse_snapshot_json(with_orders(
        R"({"ok":true,"items":[{"client_order_id":"c","symbol":"S","side":"BUY","type":"LIMIT","price":"1",)"
        R"("qty":"1","qty":"abc","status":"NEW","status":7}]})"));
    REQUIRE(s);
    REQUIRE(s->orders.size() == 1);
    CHECK(s->orders[0].qty == 1);
  }
  SECTION("in a source") {
    auto s = parse_snapshot_json(with_orders("{\"ok\":false,\"ok\":true,\"items\":[" + order(0) + "]}"));
    REQUIRE(s);
    CHECK_FALSE(s->orders_status.ok);
    CHECK(s->orders_status.error->message == "orders unavailable");
  }
  SECTION("a source") {
    auto s = parse_snapshot_json(with_orders("{\"ok\":true,\"items\":[" + order(0) + "]}," +
                                             "\"orders\":{\"ok\":true,\"items\":[]}"));
    REQUIRE(s);
    CHECK(s->orders.size() == 1);
    CHECK(s->stats.empty());
  }
  SECTION("a source that first is not an object") {
    auto s = parse_snapshot_json(with_orders("[]," "\"orders\":{\"ok\":true,\"items\":[]}"));
    REQUIRE(s);
    CHECK(s->orders_status.error->message == "snapshot has no 'orders' object");
  }
  SECTION("venue_ts_ms") {
    auto s = parse_snapshot_json(R"({"venue_ts_ms":"soon","venue_ts_ms":5})");
    REQUIRE(s);
    CHECK(s->venue_ts_ms == 0);
  }
}

TEST_CASE("sources missing, not objects, without items", "[plugin][snapshot]") {
  auto s = parse_snapshot_json(R"({"orders":[],"positions":{"ok":true},"balances":{"ok":true,"items":{}}})");
  REQUIRE(s);
  CHECK(s->orders_status.error->message == "snapshot has no 'orders' object");
  CHECK(s->positions_status.error->message == "malformed snapshot: positions.items is missing");
  CHECK(s->balances_status.error->message == "malformed snapshot: balances.items is not an array");
  CHECK(s->orders_status.error->error_class == ErrorClass::NonRetryable);
  auto none = parse_snapshot_json("{}");
  REQUIRE(none);
  CHECK(none->balances_status.error->message == "snapshot has no 'balances' object");
}

TEST_CASE("a failed source without a class or message", "[plugin][snapshot]") {
  auto s = parse_snapshot_json(with_orders(R"({"ok":"yes","class":"NOPE","code":1.5})"));
  REQUIRE(s);
  CHECK(s->orders_status.error->error_class == ErrorClass::UnknownState);
  CHECK(s->orders_status.error->code == 0);
  CHECK(s->orders_status.error->message == "orders unavailable");
}

TEST_CASE("extra members: numbers and booleans to depth 4, at most 256", "[plugin][snapshot]") {
  SECTION("depth") {
    auto s = parse_snapshot_json(R"({"a":{"b":{"c":{"d":{"e":1,"f":{"g":2}}}}},"t":true,"s":"x","l":[1]})");
    REQUIRE(s);
    CHECK(s->stats.at("a.b.c.d.e") == 1);
    CHECK(s->stats.count("a.b.c.d.f.g") == 0);
    CHECK(s->stats.at("t") == 1);
    CHECK(s->stats.size() == 2);
  }
  SECTION("count") {
    std::string doc = "{";
    for (int i = 0; i < 300; ++i) doc += (i ? ",\"n" : "\"n") + std::to_string(i) + "\":" + std::to_string(i);
    auto s = parse_snapshot_json(doc + ",\"n0\":-1}");
    REQUIRE(s);
    CHECK(s->stats.size() == 256);
    CHECK(s->stats.at("n255") == 255);
    CHECK(s->stats.at("n0") == 0);  // full: not even a name already there changes
  }
  SECTION("a later member of the same name wins") {
    auto s = parse_snapshot_json(R"({"x":{"y":1},"x":{"y":2}})");
    REQUIRE(s);
    CHECK(s->stats.at("x.y") == 2);
  }
}

TEST_CASE("documents that are not JSON objects", "[plugin][snapshot]") {
  auto bad = parse_snapshot_json(R"({"orders":{"ok":true,"items":[}})");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().error_class == ErrorClass::NonRetryable);
  CHECK(bad.error().message == "snapshot is not valid JSON at offset 30: Invalid value.");
  auto array = parse_snapshot_json("[1,2]");
  REQUIRE_FALSE(array);
  CHECK(array.error().message == "snapshot is not a JSON object");
  auto empty = parse_snapshot_json("");
  REQUIRE_FALSE(empty);
  CHECK_THAT(empty.error().message, Contains("at offset 0"));
  auto bom = parse_snapshot_json("\xEF\xBB\xBF{\"venue_ts_ms\":3}");
  REQUIRE(bom);
  CHECK(bom->venue_ts_ms == 3);
}

TEST_CASE("a view that is not NUL-terminated is read to its end only", "[plugin][snapshot]") {
  const std::string text = R"({"venue_ts_ms":3}{"venue_ts_ms":4})";
  auto s = parse_snapshot_json(std::string_view(text).substr(0, 17));
  REQUIRE(s);
  CHECK(s->venue_ts_ms == 3);
}
