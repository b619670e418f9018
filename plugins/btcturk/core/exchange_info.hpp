#pragma once
// A pair's trading rules from GET /api/v2/server/exchangeinfo: its status,
// the order methods it takes, the quantity and price scales
// (numeratorScale, denominatorScale), and PRICE_FILTER's tickSize,
// minPrice, maxPrice and minExchangeValue (the minimum price * quantity,
// FAILED_MIN_TOTAL_AMOUNT). Numbers arrive as strings or as numbers; both
// are read.
#include <rapidjson/document.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kit.hpp"

namespace grinder::btcturk {

struct PairRules {
  std::string symbol;                  // "BTCTRY"
  std::string status;                  // "TRADING", ...
  std::string numerator, denominator;  // "BTC", "TRY"
  int quantity_scale = 0;              // numeratorScale: decimals a quantity may have
  int price_scale = 0;                 // denominatorScale: decimals a price may have
  // The grid a price must sit on: tickSize, or one unit of the price scale
  // when that is coarser (or when the filter gives no tick).
  Decimal tick_size;
  Decimal min_price, max_price;            // zero when the filter gives none
  Decimal min_exchange_value;              // zero when none
  std::vector<std::string> order_methods;  // upper-case: MARKET, LIMIT, STOP_MARKET, STOP_LIMIT

  Decimal step_size() const;  // one unit of the quantity scale
  bool trading() const { return status == "TRADING"; }
  bool takes(std::string_view method) const;  // "LIMIT", "MARKET"
};

struct ExchangeInfo {
  std::map<std::string, PairRules> pairs;
  std::int64_t server_time_ms = 0;
};

// Reads the answer (the whole envelope, or its "data"); a pair whose rules
// are unreadable is an error, not a silent gap.
std::optional<ExchangeInfo> parse_exchange_info(const rapidjson::Value& doc, std::string& error);

// One unit at this many decimals: 0 -> 1, 2 -> 0.01.
Decimal unit_at_scale(int scale);

}  // namespace grinder::btcturk
