#include "order_json.hpp"

#include <cctype>

#include "grinder/venue_plugin.hpp"
#include "json.hpp"
#include "kit.hpp"

namespace grinder::btcturk {

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// "20000.00" -> "20000"; "" stays "" (a market order's price may be absent).
std::optional<std::string> plain(const rapidjson::Value& obj, const char* key) {
  const rapidjson::Value* v = member(obj, key);
  if (!v || v->IsNull()) return std::string();
  auto d = decimal_of(obj, key);
  if (!d) return std::nullopt;
  return d->str();
}

bool fill_common(const rapidjson::Value& obj, VenueOrder& o) {
  o.id = text_of(obj, "id");
  o.symbol = normalize_pair(text_of(obj, "pairSymbol"));
  o.side = upper(text_of(obj, "type"));
  o.method = upper(text_of(obj, "method"));
  auto price = plain(obj, "price");
  auto qty = plain(obj, "quantity");
  if (!price || !qty) return false;
  o.price = *price;
  o.quantity = *qty;
  if (o.quantity.empty()) {
    auto amount = plain(obj, "amount");
    if (!amount) return false;
    o.quantity = *amount;
  }
  return !o.id.empty() && !o.symbol.empty() && (o.side == "BUY" || o.side == "SELL") && !o.quantity.empty();
}

}  // namespace

std::string normalize_pair(std::string_view pair) {
  std::string out;
  for (char c : pair)
    if (c != '_') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool VenueOrder::is_open() const { return status == "Untouched" || status == "Partial"; }

std::string VenueOrder::filled_qty() const {
  auto q = Decimal::parse(quantity), left = Decimal::parse(left_amount);
  if (!q || !left) return "0";
  Decimal filled = *q - *left;
  return filled.negative() ? "0" : filled.str();
}

std::optional<VenueOrder> parse_listed_order(const rapidjson::Value& obj) {
  VenueOrder o;
  if (!obj.IsObject() || !fill_common(obj, o)) return std::nullopt;
  o.client_order_id = text_of(obj, "orderClientId");
  o.status = text_of(obj, "status");
  auto left = plain(obj, "leftAmount");
  if (!left) return std::nullopt;
  o.left_amount = *left;
  o.time_ms = int_of(obj, "time").value_or(0);
  o.update_time_ms = int_of(obj, "updateTime").value_or(0);
  if (o.status.empty()) return std::nullopt;
  return o;
}

std::optional<std::vector<VenueOrder>> parse_open_orders(const rapidjson::Value& data) {
  std::vector<VenueOrder> out;
  for (const char* side : {"asks", "bids"}) {
    const rapidjson::Value* list = member(data, side);
    if (!list || list->IsNull()) continue;
    if (!list->IsArray()) return std::nullopt;
    for (const auto& item : list->GetArray()) {
      auto o = parse_listed_order(item);
      if (!o) return std::nullopt;
      out.push_back(std::move(*o));
    }
  }
  if (!data.IsObject()) return std::nullopt;
  return out;
}

std::optional<VenueOrder> parse_submit_ack(const rapidjson::Value& data) {
  VenueOrder o;
  if (!data.IsObject() || !fill_common(data, o)) return std::nullopt;
  o.client_order_id = text_of(data, "newOrderClientId");
  o.status = "Untouched";
  o.left_amount = o.quantity;
  o.time_ms = o.update_time_ms = int_of(data, "datetime").value_or(0);
  return o;
}

std::string submit_body(std::string_view pair, bool buy, bool market, std::string_view price, std::string_view qty,
                        std::string_view client_order_id) {
  venue_sdk::JsonWriter w;
  w.begin_object();
  w.key("quantity").string(qty);
  if (!market) w.key("price").string(price);
  w.key("newOrderClientId").string(client_order_id);
  w.key("orderMethod").string(market ? "market" : "limit");
  w.key("orderType").string(buy ? "buy" : "sell");
  w.key("pairSymbol").string(pair);
  w.end_object();
  return w.take();
}

}  // namespace grinder::btcturk
