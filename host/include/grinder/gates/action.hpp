#pragma once
// An action grinder could send to a venue. Each knows whether it adds risk or
// reduces it: the kill switch (Runbook 15, ADR-043) lets reducing actions
// through and denies the rest.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grinder::gates {

enum class ActionType : std::uint8_t { PlaceOrder, CancelOrder, CancelAll, Flatten, ReplaceOrder };
enum class Side : std::uint8_t { Buy, Sell };

// "place_order", "cancel_order", "cancel_all", "flatten", "replace_order".
std::string_view action_type_name(ActionType t);
std::optional<ActionType> parse_action_type(std::string_view name);

// An order the action would touch (cancel, cancel_all, replace): the identity
// gate checks it is grinder's own.
struct OrderRef {
  std::string client_order_id;
  std::string symbol;
};

struct Action {
  ActionType type = ActionType::PlaceOrder;
  std::string symbol;
  Side side = Side::Buy;
  double qty = 0;                 // > 0; for flatten, the position size to close
  std::optional<double> price;    // limit price; unset for market orders/flatten
  bool reduce_only = false;       // flatten is always reduce-only
  std::string client_order_id;    // place/replace: the id to send; cancel: the order
  std::vector<OrderRef> orders;   // orders it touches (cancel_all lists them)
  std::string strategy;           // strategy id of the requester

  bool adds_risk() const;
  // qty * price, with the given fallback price when the action has none.
  std::optional<double> notional(std::optional<double> reference_price) const;
  // Number of distinct symbols among symbol and orders.
  std::size_t symbol_count() const;
  std::size_t order_count() const;

  std::string to_json() const;
};

// Parses {"type":"flatten","symbol":"BTCUSDT","qty":0.01,...}. Returns
// nullopt and sets error on bad input.
std::optional<Action> parse_action_json(const std::string& json, std::string& error);

}  // namespace grinder::gates
