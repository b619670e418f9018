#pragma once
// An order checked against its pair's rules before anything is sent, so
// that what the venue would refuse is refused here, with the reason, and
// never reaches it: the pair trades and takes the method, the price sits on
// the tick grid inside [minPrice, maxPrice], the quantity has no more
// decimals than the pair's scale, and a LIMIT order's price * quantity
// reaches minExchangeValue.
#include <optional>
#include <string>
#include <string_view>

#include "errors.hpp"
#include "exchange_info.hpp"

namespace grinder::btcturk {

struct ShapedOrder {
  std::string price;  // "" for MARKET
  std::string qty;
  bool price_rounded = false;
  bool qty_rounded = false;
};

struct ShapeResult {
  std::optional<ShapedOrder> order;
  Verdict refusal;  // when !order
};

// A BUY's price rounds down to the grid and a SELL's up (never a worse
// price than asked); the quantity rounds down to the scale (never more than
// asked). A MARKET order's total is the venue's to check: it has no price.
ShapeResult shape_order(const PairRules& rules, bool buy, bool market, std::string_view price, std::string_view qty);

}  // namespace grinder::btcturk
