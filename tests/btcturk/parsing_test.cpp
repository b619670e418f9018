// BTCTurk's answers in the shapes its documents show (reference/exchanges.md
// 2.3-2.9, copied with their quirks: comma decimals, "pairsymbol", numbers as
// strings in one place and as numbers in another), read by the plugin's
// parsers.
#include <catch2/catch.hpp>

#include "balances_json.hpp"
#include "exchange_info.hpp"
#include "json.hpp"
#include "market_json.hpp"
#include "order_json.hpp"

using namespace grinder::btcturk;

namespace {
rapidjson::Document doc_of(const std::string& text) {
  std::string error;
  auto d = parse_json(text, error);
  INFO(error);
  REQUIRE(d);
  return std::move(*d);
}
}  // namespace

TEST_CASE("submit acknowledgement: the documented shape and the lower-case one seen live") {
  auto docs = doc_of(R"({"success": true, "message": "OK", "code": 0, "data": {"id": 9932534,
      "datetime": 1543996112263, "type": "Buy", "method": "Limit", "price": "20000.00", "stopPrice": "20000.00",
      "quantity": "0.001", "pairSymbol": "BTCTRY", "pairSymbolNormalized": "BTC_TRY", "newOrderClientId": "test"}})");
  auto o = parse_submit_ack(docs["data"]);
  REQUIRE(o);
  CHECK(o->id == "9932534");
  CHECK(o->client_order_id == "test");
  CHECK(o->side == "BUY");
  CHECK(o->method == "LIMIT");
  CHECK(o->price == "20000");
  CHECK(o->quantity == "0.001");
  CHECK(o->symbol == "BTCTRY");
  CHECK(o->is_open());
  CHECK(o->filled_qty() == "0");

  auto live = doc_of(R"({"id": "2606935102", "quantity": "0.0002", "price": "56000", "stopPrice": null,
      "newOrderClientId": "98e5c491-7ed9-462b-9666-93553180fb28", "type": "buy", "method": "limit",
      "pairSymbol": "BTCUSDT", "pairSymbolNormalized": "BTC_USDT", "datetime": "1618916479523"})");
  auto l = parse_submit_ack(live);
  REQUIRE(l);
  CHECK(l->id == "2606935102");
  CHECK(l->side == "BUY");
  CHECK(l->time_ms == 1618916479523);
}

TEST_CASE("openOrders: asks and bids, orderClientId mapped back, fills from leftAmount") {
  auto d = doc_of(R"({"success": true, "message": null, "code": 0, "data": {
      "asks": [{"id": 16060235, "price": "66800.00", "amount": "0.09733687", "quantity": "0.09733687",
                "stopPrice": "0.00", "pairSymbol": "BTCTRY", "pairSymbolNormalized": "BTC_TRY", "type": "sell",
                "method": "limit", "orderClientId": "da593000-6eb3-4a1c-ba26-c616122a0210", "time": 0,
                "updateTime": 1591286401373, "status": "Untouched", "leftAmount": "0.09733687"}],
      "bids": [{"id": 16071095, "price": "65817.00", "amount": "0.08956055", "quantity": "0.08956055",
                "stopPrice": "0.00", "pairSymbol": "BTCTRY", "pairSymbolNormalized": "BTC_TRY", "type": "buy",
                "method": "limit", "orderClientId": "grinder_1_x", "time": 0, "updateTime": 1591352311273,
                "status": "Partial", "leftAmount": "0.05"}]}})");
  auto orders = parse_open_orders(d["data"]);
  REQUIRE(orders);
  REQUIRE(orders->size() == 2);
  CHECK((*orders)[0].side == "SELL");
  CHECK((*orders)[0].price == "66800");
  CHECK((*orders)[1].client_order_id == "grinder_1_x");
  CHECK((*orders)[1].status == "Partial");
  CHECK((*orders)[1].filled_qty() == "0.03956055");
  CHECK((*orders)[1].update_time_ms == 1591352311273);
}

TEST_CASE("a listed order spelled as the 2019 docs spell it (pairsymbol, Buy, no leftAmount) is read") {
  auto d = doc_of(R"({"id": 9932533, "price": "21000.00", "amount": "0.001", "quantity": "0.001",
      "pairsymbol": "BTCTRY", "type": "Sell", "method": "Limit", "orderClientId": "test", "time": 1543994632920,
      "updateTime": 1543994632920, "status": "Canceled"})");
  auto o = parse_listed_order(d);
  REQUIRE(o);
  CHECK(o->symbol == "BTCTRY");
  CHECK(o->side == "SELL");
  CHECK_FALSE(o->is_open());
}

TEST_CASE("half an order is no order") {
  CHECK_FALSE(parse_listed_order(doc_of(R"({"price": "1", "quantity": "1", "pairSymbol": "BTCTRY", "type": "buy",
      "status": "Untouched"})")));                 // no id
  CHECK_FALSE(parse_listed_order(doc_of(R"({"id": 1, "price": "1", "quantity": "1", "pairSymbol": "BTCTRY",
      "type": "buy"})")));                         // no status
  CHECK_FALSE(parse_listed_order(doc_of(R"({"id": 1, "price": "1,2.3", "quantity": "1", "pairSymbol": "BTCTRY",
      "type": "buy", "status": "Untouched"})")));  // unreadable price
  CHECK_FALSE(parse_open_orders(doc_of(R"({"asks": [{"id": 1}], "bids": []})")));
}

TEST_CASE("balances: the docs' comma decimals and the live API's points") {
  auto commas = doc_of(R"({"data": [
      {"asset": "TRY", "assetname": "Türk Lirası", "balance": "27223,7283250757643288",
       "locked": "4874,3628685722294523", "free": "22349,3654565035348765", "orderFund": "4874,3628685722294523",
       "requestFund": "0", "precision": 2, "timestamp": 1735866257711},
      {"asset": "BTC", "assetname": "Bitcoin", "balance": "9,7502186644553258", "locked": "3,3109771999999998",
       "free": "6,439241464455326", "orderFund": "3,3109771999999998", "requestFund": "0", "precision": 8,
       "timestamp": 1735866257711}], "success": true, "message": null, "code": 0})");
  std::string error;
  auto b = parse_balances(commas["data"], error);
  INFO(error);
  REQUIRE(b);
  REQUIRE(b->size() == 2);
  CHECK((*b)[0].asset == "TRY");
  CHECK((*b)[0].free.str() == "22349.3654565035348765");
  CHECK((*b)[0].locked.str() == "4874.3628685722294523");
  CHECK((*b)[1].balance.str() == "9.7502186644553258");

  auto points = doc_of(R"({"data": [{"asset": "TRY", "assetname": "Türk Lirası",
      "balance": "103158.9412490031968651", "locked": "1023.5699999896000000", "free": "102135.3712490135968651"}]})");
  b = parse_balances(points["data"], error);
  REQUIRE(b);
  CHECK((*b)[0].free.str() == "102135.3712490135968651");
  CHECK((*b)[0].locked.str() == "1023.5699999896");

  // A thousands separator is not a decimal point: refused, not misread.
  auto ambiguous = doc_of(R"({"data": [{"asset": "TRY", "free": "1,234.5", "locked": "0"}]})");
  CHECK_FALSE(parse_balances(ambiguous["data"], error));
  CHECK_THAT(error, Catch::Contains("TRY"));
}

TEST_CASE("ticker: numbers as numbers, exact, with the quote's timestamp") {
  auto d = doc_of(R"({"data":[{"pair":"BTCUSDT","pairNormalized":"BTC_USDT","timestamp":1789410188498,"last":79152,
      "high":79165,"low":76386,"bid":79164,"ask":79185,"open":77356,"volume":11.32065888,"average":77879,"daily":1829,
      "dailyPercent":2.32,"denominatorSymbol":"USDT","numeratorSymbol":"BTC","order":2000}],"success":true,
      "message":null,"code":0})");
  std::string error;
  auto t = parse_ticker(d, "BTCUSDT", error);
  INFO(error);
  REQUIRE(t);
  CHECK(t->bid.str() == "79164");
  CHECK(t->ask.str() == "79185");
  CHECK(t->timestamp_ms == 1789410188498);
  // A price such as 0.1 stays exact: it never went through a double.
  auto fine = doc_of(R"({"data":[{"pair":"USDTTRY","timestamp":1,"bid":34.1,"ask":34.11}]})");
  t = parse_ticker(fine, "USDTTRY", error);
  REQUIRE(t);
  CHECK(t->bid.str() == "34.1");
  CHECK_FALSE(parse_ticker(d, "ETHTRY", error));
  CHECK_THAT(error, Catch::Contains("no entry for ETHTRY"));
  auto crossed = doc_of(R"({"data":[{"pair":"BTCTRY","timestamp":1,"bid":10,"ask":9}]})");
  CHECK_FALSE(parse_ticker(crossed, "BTCTRY", error));
}

TEST_CASE("exchangeinfo: scales, PRICE_FILTER and methods, strings or numbers") {
  auto d = doc_of(R"({"data":{"timeZone":"UTC","serverTime":"1618826678404","symbols":[{"id":"1","name":"BTCTRY",
      "nameNormalized":"BTC_TRY","status":"TRADING","numerator":"BTC","denominator":"TRY","numeratorScale":"8",
      "denominatorScale":"2","hasFraction":false,"filters":[{"filterType":"PRICE_FILTER",
      "minPrice":"0.0000000000001","maxPrice":"10000000","tickSize":"10","minExchangeValue":"99.91","minAmount":null,
      "maxAmount":null}],"orderMethods":["MARKET","LIMIT","STOP_MARKET","STOP_LIMIT"],"displayFormat":"#,###",
      "commissionFromNumerator":false,"order":"1000","priceRounding":false},
      {"name":"USDTTRY","status":"TRADING","numerator":"USDT","denominator":"TRY","numeratorScale":2,
       "denominatorScale":2,"filters":[],"orderMethods":["limit"]}]}})");
  std::string error;
  auto info = parse_exchange_info(d, error);
  INFO(error);
  REQUIRE(info);
  CHECK(info->server_time_ms == 1618826678404);
  const PairRules& btc = info->pairs.at("BTCTRY");
  CHECK(btc.quantity_scale == 8);
  CHECK(btc.price_scale == 2);
  CHECK(btc.tick_size.str() == "10");  // coarser than the price scale's 0.01
  CHECK(btc.step_size().str() == "0.00000001");
  CHECK(btc.min_exchange_value.str() == "99.91");
  CHECK(btc.max_price.str() == "10000000");
  CHECK(btc.takes("MARKET"));
  const PairRules& usdt = info->pairs.at("USDTTRY");
  CHECK(usdt.tick_size.str() == "0.01");  // no filter: one unit of the price scale
  CHECK(usdt.min_exchange_value.is_zero());
  CHECK(usdt.takes("LIMIT"));
  CHECK_FALSE(usdt.takes("MARKET"));

  auto broken = doc_of(R"({"data":{"symbols":[{"name":"BTCTRY","numeratorScale":"eight","denominatorScale":"0"}]}})");
  CHECK_FALSE(parse_exchange_info(broken, error));
  CHECK_THAT(error, Catch::Contains("BTCTRY"));
}

TEST_CASE("server time at the top level or under data") {
  CHECK(parse_server_time(doc_of(R"({"serverTime":1591702613943,"serverTime2":"2020-06-09T11:36:53.943Z"})")) ==
        1591702613943);
  CHECK(parse_server_time(doc_of(R"({"data":{"serverTime":"1591702613943"}})")) == 1591702613943);
  CHECK_FALSE(parse_server_time(doc_of(R"({"success":true})")));
}

TEST_CASE("the submit body: decimals as strings, documented names and lower-case enums") {
  auto body = submit_body("BTCTRY", true, false, "1800000", "0.00006", "grinder_1_cn0_1");
  CHECK(body == R"({"quantity":"0.00006","price":"1800000","newOrderClientId":"grinder_1_cn0_1","orderMethod":"limit",)"
                R"("orderType":"buy","pairSymbol":"BTCTRY"})");
  auto market = submit_body("BTCTRY", false, true, "", "0.001", "x");
  CHECK(market.find("price") == std::string::npos);
  CHECK(market.find(R"("orderMethod":"market")") != std::string::npos);
  CHECK(market.find(R"("orderType":"sell")") != std::string::npos);
}
