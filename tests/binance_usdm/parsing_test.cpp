// Binance's JSON as the docs show it (reference/exchanges.md), read into
// what the plugin uses.
#include <catch2/catch.hpp>

#include "client_order_id.hpp"
#include "filters.hpp"
#include "json.hpp"
#include "market_data.hpp"
#include "order_json.hpp"
#include "rate_limits.hpp"
#include "time_sync.hpp"
#include "user_data.hpp"

using namespace grinder::binance;

TEST_CASE("client order ids follow ^[\\.A-Z\\:/a-z0-9_-]{1,36}$") {
  CHECK(valid_client_order_id("grinder_1_smoke1712345678901"));
  CHECK(valid_client_order_id("a.B:c/d_e-f"));
  CHECK(valid_client_order_id(std::string(36, 'x')));
  CHECK_FALSE(valid_client_order_id(std::string(37, 'x')));
  CHECK_FALSE(valid_client_order_id(""));
  CHECK_FALSE(valid_client_order_id("manual 123"));
  CHECK_FALSE(valid_client_order_id("grinder_1_é"));
}

TEST_CASE("exchangeInfo filters and rate limits") {
  // The docs' example (comments removed), with the real key orderTypes.
  const char* body = R"({"exchangeFilters": [], "rateLimits": [
      {"interval": "MINUTE","intervalNum": 1,"limit": 2400,"rateLimitType": "REQUEST_WEIGHT"},
      {"interval": "MINUTE","intervalNum": 1,"limit": 1200,"rateLimitType": "ORDERS"}],
    "serverTime": 1565613908500,
    "symbols": [{"symbol": "BLZUSDT", "pair": "BLZUSDT", "status": "TRADING", "pricePrecision": 5,
      "filters": [
        {"filterType": "PRICE_FILTER","maxPrice": "300","minPrice": "0.0001","tickSize": "0.0001"},
        {"filterType": "LOT_SIZE","maxQty": "10000000","minQty": "1","stepSize": "1"},
        {"filterType": "MARKET_LOT_SIZE","maxQty": "590119","minQty": "1","stepSize": "1"},
        {"filterType": "MAX_NUM_ORDERS","limit": 200},
        {"filterType": "MIN_NOTIONAL","notional": "5.0"},
        {"filterType": "PERCENT_PRICE","multiplierUp": "1.1500","multiplierDown": "0.8500","multiplierDecimal": "4"}],
      "orderTypes": ["LIMIT","MARKET"], "timeInForce": ["GTC","IOC","FOK","GTX"]}],
    "timezone": "UTC"})";
  std::string error;
  auto info = parse_exchange_info(std::string_view(body), error);
  INFO(error);
  REQUIRE(info);
  CHECK(info->request_weight_per_minute == 2400);
  CHECK(info->orders_per_minute == 1200);
  const SymbolFilters& f = info->symbols.at("BLZUSDT");
  CHECK(f.tick_size.str() == "0.0001");
  CHECK(f.step_size.str() == "1");
  CHECK(f.min_notional.str() == "5");
  CHECK(f.market_max_qty.str() == "590119");
  CHECK_FALSE(parse_exchange_info(std::string_view(R"({"symbols": [{"symbol": "X", "filters": []}]})"), error));
  CHECK_THAT(error, Catch::Contains("X"));
}

TEST_CASE("an order object, from REST and from ORDER_TRADE_UPDATE") {
  std::string error;
  auto doc = parse_json(
      R"({"orderId":4087922044,"symbol":"BTCUSDT","status":"NEW","clientOrderId":"x-xcKtGhcu04075babaeb34c55af79ba","price":"110001.00","avgPrice":"0.00","origQty":"0.200","executedQty":"0.000","cumQty":"0.000","cumQuote":"0.00000","timeInForce":"GTC","type":"LIMIT","reduceOnly":false,"closePosition":false,"side":"SELL","positionSide":"BOTH","stopPrice":"0.00","workingType":"CONTRACT_PRICE","priceProtect":false,"origType":"LIMIT","priceMatch":"NONE","selfTradePreventionMode":"NONE","goodTillDate":0,"updateTime":1739781831932})",
      error);
  REQUIRE(doc);
  auto o = parse_order(*doc);
  REQUIRE(o);
  CHECK(o->order_id == "4087922044");
  CHECK(o->price == "110001.00");
  CHECK(o->qty == "0.200");
  CHECK(o->is_open());
  auto half = parse_json(R"({"orderId":1,"symbol":"BTCUSDT"})", error);
  CHECK_FALSE(parse_order(*half));

  UserEvent ev = parse_user_event(
      R"({"e":"ORDER_TRADE_UPDATE","E":1568879465651,"T":1568879465650,"o":{"s":"BTCUSDT","c":"TEST","S":"SELL","o":"LIMIT","f":"GTC","q":"0.001","p":"7103.04","ap":"7103.04","sp":"0","x":"TRADE","X":"FILLED","i":8886774,"l":"0.001","z":"0.001","L":"7103.04","N":"USDT","n":"0","T":1568879465650,"t":0,"b":"0","a":"9.91","m":false,"R":false,"wt":"CONTRACT_PRICE","ot":"LIMIT","ps":"BOTH","cp":false,"rp":"0","V":"NONE","pm":"NONE","gtd":0,"er":"0"}})");
  CHECK(ev.kind == UserEvent::Kind::Order);
  REQUIRE(ev.order);
  CHECK(ev.order->client_order_id == "TEST");
  CHECK(ev.order->status == "FILLED");
  CHECK(ev.execution_type == "TRADE");
  CHECK(ev.last_fill_price == "7103.04");

  UserEvent acct = parse_user_event(
      R"({"e":"ACCOUNT_UPDATE","E":1564745798939,"T":1564745798938,"a":{"m":"ORDER","B":[{"a":"USDT","wb":"122624.12345678","cw":"100.12345678","bc":"50.12345678"}],"P":[{"s":"BTCUSDT","pa":"0","ep":"0.00000","bep":"0","cr":"200","up":"0","mt":"isolated","iw":"0.00000000","ps":"BOTH"}]}})");
  CHECK(acct.kind == UserEvent::Kind::Account);
  CHECK(acct.reason == "ORDER");
  CHECK(acct.balances == 1);
  CHECK(acct.positions == 1);
  // The docs show "E" as a string in this event.
  CHECK(parse_user_event(R"({"e":"listenKeyExpired","E":"1736996475556","listenKey":"abc"})").kind ==
        UserEvent::Kind::ListenKeyExpired);
}

TEST_CASE("the latest order event per client order id is kept, oldest forgotten first") {
  OrderEvents events(2);
  VenueOrder o;
  o.client_order_id = "a";
  o.status = "NEW";
  events.record(o);
  o.status = "FILLED";
  events.record(o);
  o.client_order_id = "b";
  events.record(o);
  o.client_order_id = "c";
  events.record(o);
  CHECK_FALSE(events.find("a"));
  REQUIRE(events.find("b"));
  CHECK(events.find("c")->status == "FILLED");
}

TEST_CASE("@bookTicker, raw or from a combined stream, keeps the venue's transaction time") {
  auto raw = parse_book_ticker(
      R"({"e":"bookTicker","u":400900217,"E":1568014460893,"T":1568014460891,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"})");
  REQUIRE(raw);
  CHECK(raw->first == "BNBUSDT");
  CHECK(raw->second.bid == "25.3519");
  CHECK(raw->second.ask == "25.3652");
  CHECK(raw->second.venue_ts_ms == 1568014460891);
  auto combined = parse_book_ticker(
      R"({"stream":"btcusdt@bookTicker","data":{"e":"bookTicker","u":1,"E":5,"T":4,"s":"BTCUSDT","b":"65000.10","B":"1","a":"65000.20","A":"1"}})");
  REQUIRE(combined);
  CHECK(combined->second.venue_ts_ms == 4);
  CHECK_FALSE(parse_book_ticker(R"({"result":null,"id":1})"));
}

TEST_CASE("rate-limit headers and Retry-After") {
  RateLimits limits;
  limits.observe({{"X-MBX-USED-WEIGHT-1M", "12"},
                  {"x-mbx-order-count-10s", "1"},
                  {"X-MBX-ORDER-COUNT-1M", "3"},
                  {"Content-Type", "application/json"}},
                 1000);
  auto v = limits.view();
  CHECK(v.used_weight.at("1m") == 12);
  CHECK(v.order_count.at("10s") == 1);
  CHECK(v.order_count.at("1m") == 3);
  CHECK(v.observed_ms == 1000);
  CHECK_FALSE(limits.blocked(1000));
  limits.back_off(5000, 429);
  auto held = limits.blocked(2000);
  REQUIRE(held);
  CHECK(held->first == 429);
  CHECK(held->second == 3000);
  CHECK_FALSE(limits.blocked(5000));
  CHECK(retry_after_ms("7") == 7000);
  CHECK_FALSE(retry_after_ms("soon"));
  limits.set_weight_limit(20);
  limits.observe({{"X-MBX-USED-WEIGHT-1M", "17"}}, 100000);
  CHECK(limits.weight_warning_due(100000));
  CHECK_FALSE(limits.weight_warning_due(100001));  // once a minute
}

TEST_CASE("the clock offset is learned from the midpoint of the round trip") {
  TimeSync t;
  CHECK(t.due(std::chrono::milliseconds(1000)));
  t.learn(10500, 1000, 1200);  // the venue read its clock around local 1100
  CHECK(t.offset_ms() == 9400);
  CHECK(t.now_ms(2000) == 11400);
  CHECK_FALSE(t.due(std::chrono::milliseconds(60000)));
}
