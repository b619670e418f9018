#include "grinder/gates/action.hpp"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <cmath>
#include <set>

#include "grinder/util/json_escape.hpp"
#include "grinder/util/number.hpp"

namespace grinder::gates {

std::string_view action_type_name(ActionType t) {
  switch (t) {
    case ActionType::PlaceOrder: return "place_order";
    case ActionType::CancelOrder: return "cancel_order";
    case ActionType::CancelAll: return "cancel_all";
    case ActionType::Flatten: return "flatten";
    case ActionType::ReplaceOrder: return "replace_order";
  }
  return "?";
}

std::optional<ActionType> parse_action_type(std::string_view name) {
  for (auto t : {ActionType::PlaceOrder, ActionType::CancelOrder, ActionType::CancelAll, ActionType::Flatten,
                 ActionType::ReplaceOrder})
    if (action_type_name(t) == name) return t;
  return std::nullopt;
}

bool Action::adds_risk() const {
  switch (type) {
    case ActionType::CancelOrder:
    case ActionType::CancelAll:
    case ActionType::Flatten:  // always reduce-only
      return false;
    case ActionType::PlaceOrder:
    case ActionType::ReplaceOrder:
      return !reduce_only;
  }
  return true;
}

std::optional<double> Action::notional(std::optional<double> reference_price) const {
  if (type == ActionType::CancelOrder || type == ActionType::CancelAll) return 0.0;
  std::optional<double> p = price ? price : reference_price;
  if (!p || !std::isfinite(*p) || *p <= 0) return std::nullopt;
  return std::fabs(qty) * *p;
}

std::size_t Action::symbol_count() const {
  // Runs on every decision (max_symbols_per_action) and an action touches a
  // handful of symbols: compare each with those before it rather than build
  // a set (a heap node per symbol).
  auto seen_before = [&](std::size_t i, std::string_view s) {
    if (!symbol.empty() && s == symbol) return true;
    for (std::size_t j = 0; j < i; ++j)
      if (orders[j].symbol == s) return true;
    return false;
  };
  std::size_t n = symbol.empty() ? 0 : 1;
  if (orders.size() <= 64) {
    for (std::size_t i = 0; i < orders.size(); ++i)
      if (!orders[i].symbol.empty() && !seen_before(i, orders[i].symbol)) ++n;
    return n;
  }
  std::set<std::string_view> s;
  if (!symbol.empty()) s.insert(symbol);
  for (const auto& o : orders)
    if (!o.symbol.empty()) s.insert(o.symbol);
  return s.size();
}

std::size_t Action::order_count() const {
  switch (type) {
    case ActionType::PlaceOrder:
    case ActionType::CancelOrder:
    case ActionType::ReplaceOrder:
    case ActionType::Flatten:
      return std::max<std::size_t>(1, orders.size());
    case ActionType::CancelAll:
      return orders.size();
  }
  return orders.size();
}

std::string Action::to_json() const {
  std::string out = "{\"type\":" + util::json_quote(action_type_name(type)) + ",\"symbol\":" + util::json_quote(symbol);
  if (type == ActionType::PlaceOrder || type == ActionType::ReplaceOrder || type == ActionType::Flatten)
    out += std::string(",\"side\":\"") + (side == Side::Buy ? "BUY" : "SELL") + "\"";
  if (qty != 0) out += ",\"qty\":" + util::format_number(qty);
  if (price) out += ",\"price\":" + util::format_number(*price);
  if (reduce_only) out += ",\"reduce_only\":true";
  if (!client_order_id.empty()) out += ",\"client_order_id\":" + util::json_quote(client_order_id);
  if (!strategy.empty()) out += ",\"strategy\":" + util::json_quote(strategy);
  if (!orders.empty()) {
    out += ",\"orders\":[";
    for (std::size_t i = 0; i < orders.size(); ++i)
      out += std::string(i ? "," : "") + "{\"client_order_id\":" + util::json_quote(orders[i].client_order_id) +
             ",\"symbol\":" + util::json_quote(orders[i].symbol) + "}";
    out += "]";
  }
  return out + "}";
}

std::optional<Action> parse_action_json(const std::string& json, std::string& error) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  if (doc.HasParseError()) {
    error = std::string("action is not valid JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()) +
            " at offset " + std::to_string(doc.GetErrorOffset());
    return std::nullopt;
  }
  if (!doc.IsObject()) {
    error = "action must be a JSON object";
    return std::nullopt;
  }
  static const std::set<std::string> known = {"type", "symbol", "side", "qty", "price", "reduce_only",
                                               "client_order_id", "orders", "strategy"};
  for (auto it = doc.MemberBegin(); it != doc.MemberEnd(); ++it)
    if (!known.count(it->name.GetString())) {
      error = std::string("unknown action field '") + it->name.GetString() +
              "' (expected type, symbol, side, qty, price, reduce_only, client_order_id, orders, strategy)";
      return std::nullopt;
    }
  Action a;
  if (!doc.HasMember("type") || !doc["type"].IsString()) {
    error = "action needs \"type\": one of place_order, cancel_order, cancel_all, flatten, replace_order";
    return std::nullopt;
  }
  auto t = parse_action_type(doc["type"].GetString());
  if (!t) {
    error = std::string("unknown action type '") + doc["type"].GetString() +
            "' (expected place_order, cancel_order, cancel_all, flatten, replace_order)";
    return std::nullopt;
  }
  a.type = *t;
  if (!doc.HasMember("symbol") || !doc["symbol"].IsString() || doc["symbol"].GetStringLength() == 0) {
    error = "action needs \"symbol\" (a string)";
    return std::nullopt;
  }
  a.symbol = doc["symbol"].GetString();
  if (doc.HasMember("side")) {
    std::string s = doc["side"].IsString() ? doc["side"].GetString() : "";
    if (s == "BUY" || s == "buy")
      a.side = Side::Buy;
    else if (s == "SELL" || s == "sell")
      a.side = Side::Sell;
    else {
      error = "\"side\" must be BUY or SELL";
      return std::nullopt;
    }
  }
  if (doc.HasMember("qty")) {
    if (!doc["qty"].IsNumber() || doc["qty"].GetDouble() < 0) {
      error = "\"qty\" must be a number >= 0";
      return std::nullopt;
    }
    a.qty = doc["qty"].GetDouble();
  }
  if (doc.HasMember("price")) {
    if (!doc["price"].IsNumber() || doc["price"].GetDouble() <= 0) {
      error = "\"price\" must be a number > 0";
      return std::nullopt;
    }
    a.price = doc["price"].GetDouble();
  }
  if (doc.HasMember("reduce_only")) {
    if (!doc["reduce_only"].IsBool()) {
      error = "\"reduce_only\" must be true or false";
      return std::nullopt;
    }
    a.reduce_only = doc["reduce_only"].GetBool();
  }
  if (a.type == ActionType::Flatten) a.reduce_only = true;
  if (doc.HasMember("client_order_id")) {
    if (!doc["client_order_id"].IsString()) {
      error = "\"client_order_id\" must be a string";
      return std::nullopt;
    }
    a.client_order_id = doc["client_order_id"].GetString();
  }
  if (doc.HasMember("strategy")) {
    if (!doc["strategy"].IsString()) {
      error = "\"strategy\" must be a string";
      return std::nullopt;
    }
    a.strategy = doc["strategy"].GetString();
  }
  if (doc.HasMember("orders")) {
    if (!doc["orders"].IsArray()) {
      error = "\"orders\" must be a list of {client_order_id, symbol}";
      return std::nullopt;
    }
    for (const auto& o : doc["orders"].GetArray()) {
      if (!o.IsObject() || !o.HasMember("client_order_id") || !o["client_order_id"].IsString()) {
        error = "each of \"orders\" needs a \"client_order_id\" string";
        return std::nullopt;
      }
      OrderRef r;
      r.client_order_id = o["client_order_id"].GetString();
      r.symbol = o.HasMember("symbol") && o["symbol"].IsString() ? o["symbol"].GetString() : a.symbol;
      a.orders.push_back(std::move(r));
    }
  }
  if ((a.type == ActionType::PlaceOrder || a.type == ActionType::ReplaceOrder || a.type == ActionType::Flatten) &&
      a.qty <= 0) {
    error = "\"qty\" must be > 0 for " + std::string(action_type_name(a.type));
    return std::nullopt;
  }
  if ((a.type == ActionType::CancelOrder || a.type == ActionType::ReplaceOrder) && a.client_order_id.empty()) {
    error = std::string(action_type_name(a.type)) + " needs \"client_order_id\" (the order to touch)";
    return std::nullopt;
  }
  return a;
}

}  // namespace grinder::gates
