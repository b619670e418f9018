#pragma once
// BTCTurk's order, as each endpoint shows it:
//   POST /api/v1/order        data {id, datetime, type, method, price, quantity, pairSymbol, newOrderClientId}
//   GET  /api/v1/openOrders   data {asks: [...], bids: [...]} of {id, price, amount, quantity, pairSymbol, type,
//                             method, orderClientId, time, updateTime, status, leftAmount}
//   GET  /api/v1/allOrders    data [...] of the same (closed orders too)
//   GET  /api/v1/order/{id}   data {...} of the same
// The client order id goes out as newOrderClientId and comes back as
// orderClientId; type and method arrive in either case ("Buy", "buy").
#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grinder::btcturk {

struct VenueOrder {
  std::string id;
  std::string client_order_id;
  std::string symbol;       // pairSymbol, with any '_' removed ("BTC_TRY" -> "BTCTRY")
  std::string side;         // BUY, SELL
  std::string method;       // LIMIT, MARKET, STOPLIMIT, STOPMARKET
  std::string status;       // Untouched, Partial, Canceled, Closed (as the venue spells it)
  std::string price;        // decimal text, plain
  std::string quantity;     // decimal text, plain
  std::string left_amount;  // what is not filled yet; "" when the venue does not say
  std::int64_t time_ms = 0;
  std::int64_t update_time_ms = 0;

  bool is_open() const;            // Untouched or Partial
  std::string filled_qty() const;  // quantity - leftAmount ("0" when unknown)
};

// An order of a listing (openOrders, allOrders, order/{id}); nullopt when an
// identifying field (id, pair, type, status) is missing: half an order must
// not look like a whole one.
std::optional<VenueOrder> parse_listed_order(const rapidjson::Value& obj);
// Every order of openOrders' data, asks then bids; nullopt when any is
// unreadable.
std::optional<std::vector<VenueOrder>> parse_open_orders(const rapidjson::Value& data);
// The acknowledgement of POST /api/v1/order (its data); status Untouched,
// nothing filled: the acknowledgement does not say more.
std::optional<VenueOrder> parse_submit_ack(const rapidjson::Value& data);

// The body of POST /api/v1/order: decimals as strings, methods and sides in
// the documented lower case.
std::string submit_body(std::string_view pair, bool buy, bool market, std::string_view price, std::string_view qty,
                        std::string_view client_order_id);

std::string normalize_pair(std::string_view pair);

}  // namespace grinder::btcturk
