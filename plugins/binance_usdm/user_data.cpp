#include "user_data.hpp"

#include "json.hpp"

namespace grinder::binance {

UserEvent parse_user_event(std::string_view message) {
  UserEvent ev;
  std::string error;
  auto doc = parse_json(message, error);
  if (!doc || !doc->IsObject()) return ev;
  const rapidjson::Value* data = &*doc;
  if (doc->HasMember("data") && (*doc)["data"].IsObject()) data = &(*doc)["data"];
  std::string type = str_of(*data, "e");
  if (type == "ORDER_TRADE_UPDATE" && data->HasMember("o")) {
    const auto& o = (*data)["o"];
    ev.kind = UserEvent::Kind::Order;
    ev.order = parse_order_update(o);
    ev.execution_type = str_of(o, "x");
    ev.last_fill_qty = str_of(o, "l");
    ev.last_fill_price = str_of(o, "L");
  } else if (type == "ACCOUNT_UPDATE" && data->HasMember("a") && (*data)["a"].IsObject()) {
    const auto& a = (*data)["a"];
    ev.kind = UserEvent::Kind::Account;
    ev.reason = str_of(a, "m");
    if (a.HasMember("B") && a["B"].IsArray()) ev.balances = a["B"].Size();
    if (a.HasMember("P") && a["P"].IsArray()) ev.positions = a["P"].Size();
  } else if (type == "listenKeyExpired") {
    ev.kind = UserEvent::Kind::ListenKeyExpired;
  }
  return ev;
}

void OrderEvents::record(const VenueOrder& o) {
  std::lock_guard lock(mu_);
  if (by_id_.find(o.client_order_id) == by_id_.end()) {
    order_.push_back(o.client_order_id);
    if (order_.size() > capacity_) {
      by_id_.erase(order_.front());
      order_.pop_front();
    }
  }
  by_id_[o.client_order_id] = o;
}

std::optional<VenueOrder> OrderEvents::find(const std::string& client_order_id) const {
  std::lock_guard lock(mu_);
  auto it = by_id_.find(client_order_id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

}  // namespace grinder::binance
