#pragma once
// The user data stream: ORDER_TRADE_UPDATE (an order changed: new, fill,
// cancel, expiry), ACCOUNT_UPDATE (balances and positions moved) and
// listenKeyExpired. The plugin logs fills and cancels as they happen, counts
// the events, and remembers each order's latest state by client order id:
// an order whose placement came back unknown may be resolved by its event
// before any REST lookup.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "order_json.hpp"

namespace grinder::binance {

struct UserEvent {
  enum class Kind { Order, Account, ListenKeyExpired, Other };
  Kind kind = Kind::Other;
  std::optional<VenueOrder> order;  // Order
  std::string execution_type;       // Order: NEW, TRADE, CANCELED, EXPIRED, ...
  std::string last_fill_qty;        // Order, TRADE: "l"
  std::string last_fill_price;      // Order, TRADE: "L"
  std::string reason;               // Account: "m" (ORDER, FUNDING_FEE, ...)
  std::size_t balances = 0;         // Account: entries in "B"
  std::size_t positions = 0;        // Account: entries in "P"
};

UserEvent parse_user_event(std::string_view message);

// The latest order state per client order id, for the most recent orders.
class OrderEvents {
 public:
  explicit OrderEvents(std::size_t capacity = 1000) : capacity_(capacity) {}
  void record(const VenueOrder& o);
  std::optional<VenueOrder> find(const std::string& client_order_id) const;

 private:
  mutable std::mutex mu_;
  std::size_t capacity_;
  std::map<std::string, VenueOrder> by_id_;
  std::deque<std::string> order_;  // insertion order, oldest first
};

}  // namespace grinder::binance
