#pragma once
// Binance's order, as REST returns it (POST/GET/DELETE /fapi/v1/order,
// openOrders) and as the user data stream pushes it (ORDER_TRADE_UPDATE "o").
#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>

namespace grinder::binance {

struct VenueOrder {
  std::string client_order_id;
  std::string order_id;
  std::string symbol;
  std::string side;   // BUY, SELL
  std::string type;   // LIMIT, MARKET, ...
  std::string price;  // limit price ("0" for MARKET)
  std::string avg_price;
  std::string qty;
  std::string filled_qty;
  std::string status;  // NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, EXPIRED_IN_MATCH
  std::string time_in_force;
  std::string position_side;
  bool reduce_only = false;
  std::int64_t update_time_ms = 0;

  bool is_open() const { return status == "NEW" || status == "PARTIALLY_FILLED"; }
};

// nullopt when an identifying field (orderId, clientOrderId, symbol, side,
// status) is missing: half an order must not look like a whole one.
std::optional<VenueOrder> parse_order(const rapidjson::Value& obj);
// The "o" object of an ORDER_TRADE_UPDATE event.
std::optional<VenueOrder> parse_order_update(const rapidjson::Value& o);

}  // namespace grinder::binance
