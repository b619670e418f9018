#include "order_json.hpp"

#include "json.hpp"

namespace grinder::binance {

namespace {

std::string id_text(const rapidjson::Value& obj, const char* key) {
  if (auto v = int_of(obj, key)) return std::to_string(*v);
  return str_of(obj, key);
}

bool complete(const VenueOrder& o) {
  return !o.order_id.empty() && !o.client_order_id.empty() && !o.symbol.empty() && !o.side.empty() &&
         !o.status.empty() && !o.qty.empty();
}

}  // namespace

std::optional<VenueOrder> parse_order(const rapidjson::Value& obj) {
  if (!obj.IsObject()) return std::nullopt;
  VenueOrder o;
  o.client_order_id = str_of(obj, "clientOrderId");
  o.order_id = id_text(obj, "orderId");
  o.symbol = str_of(obj, "symbol");
  o.side = str_of(obj, "side");
  o.type = str_of(obj, "type");
  o.price = str_of(obj, "price");
  o.avg_price = str_of(obj, "avgPrice");
  o.qty = str_of(obj, "origQty");
  o.filled_qty = str_of(obj, "executedQty");
  o.status = str_of(obj, "status");
  o.time_in_force = str_of(obj, "timeInForce");
  o.position_side = str_of(obj, "positionSide");
  o.reduce_only = bool_of(obj, "reduceOnly").value_or(false);
  o.update_time_ms = int_of(obj, "updateTime").value_or(0);
  if (!complete(o)) return std::nullopt;
  return o;
}

std::optional<VenueOrder> parse_order_update(const rapidjson::Value& obj) {
  if (!obj.IsObject()) return std::nullopt;
  VenueOrder o;
  o.symbol = str_of(obj, "s");
  o.client_order_id = str_of(obj, "c");
  o.side = str_of(obj, "S");
  o.type = str_of(obj, "o");
  o.time_in_force = str_of(obj, "f");
  o.qty = str_of(obj, "q");
  o.price = str_of(obj, "p");
  o.avg_price = str_of(obj, "ap");
  o.status = str_of(obj, "X");
  o.order_id = id_text(obj, "i");
  o.filled_qty = str_of(obj, "z");
  o.reduce_only = bool_of(obj, "R").value_or(false);
  o.position_side = str_of(obj, "ps");
  o.update_time_ms = int_of(obj, "T").value_or(0);
  if (!complete(o)) return std::nullopt;
  return o;
}

}  // namespace grinder::binance
