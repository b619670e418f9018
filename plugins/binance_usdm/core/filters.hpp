#pragma once
// A symbol's trading rules from GET /fapi/v1/exchangeInfo (PRICE_FILTER,
// LOT_SIZE, MARKET_LOT_SIZE, MIN_NOTIONAL), and an order shaped to them
// before it is sent: price on the tick grid, quantity on the step grid, as
// exact decimal text.
#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "errors.hpp"
#include "kit.hpp"

namespace grinder::binance {

struct SymbolFilters {
  std::string symbol;
  std::string status;  // "TRADING", ...
  Decimal tick_size, min_price, max_price;
  Decimal step_size, min_qty, max_qty;
  Decimal market_step_size, market_min_qty, market_max_qty;  // MARKET_LOT_SIZE; zero when absent
  Decimal min_notional;
};

struct ExchangeInfo {
  std::map<std::string, SymbolFilters> symbols;
  std::int64_t request_weight_per_minute = 0;  // rateLimits REQUEST_WEIGHT, per 1 MINUTE
  std::int64_t orders_per_minute = 0;          // rateLimits ORDERS, per 1 MINUTE
};

// Reads the exchangeInfo answer; a symbol whose filters are unreadable is an
// error, not a silent gap.
std::optional<ExchangeInfo> parse_exchange_info(const rapidjson::Value& doc, std::string& error);
std::optional<ExchangeInfo> parse_exchange_info(std::string_view body, std::string& error);

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

// The request on the symbol's grids: a BUY's price rounds down and a SELL's
// up (never a worse price than asked), the quantity rounds down (never more
// than asked). Refuses what the venue would: a quantity under min_qty after
// rounding, prices outside the filter, and a LIMIT order under the minimum
// notional unless it is reduce-only (-4164, which a MARKET order can only
// get from the venue, priced at the mark).
ShapeResult shape_order(const SymbolFilters& f, bool buy, bool market, std::string_view price, std::string_view qty,
                        bool reduce_only);

}  // namespace grinder::binance
