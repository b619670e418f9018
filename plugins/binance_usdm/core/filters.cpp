#include "filters.hpp"

#include "json.hpp"

namespace grinder::binance {

namespace {

bool read_decimal(const rapidjson::Value& obj, const char* key, Decimal& into) {
  std::string s = str_of(obj, key);
  if (s.empty()) return false;
  auto d = Decimal::parse(s);
  if (!d) return false;
  into = *d;
  return true;
}

Verdict invalid(std::string message) { return {GRINDER_VENUE_INVALID_ARGUMENT, 0, "binance: " + std::move(message)}; }

}  // namespace

std::optional<ExchangeInfo> parse_exchange_info(std::string_view body, std::string& error) {
  auto doc = parse_json(body, error);
  if (!doc) return std::nullopt;
  return parse_exchange_info(*doc, error);
}

std::optional<ExchangeInfo> parse_exchange_info(const rapidjson::Value& root, std::string& error) {
  const rapidjson::Value* doc = &root;
  if (!doc->IsObject() || !doc->HasMember("symbols") || !(*doc)["symbols"].IsArray()) {
    error = "exchangeInfo has no symbols list";
    return std::nullopt;
  }
  ExchangeInfo info;
  if (doc->HasMember("rateLimits") && (*doc)["rateLimits"].IsArray()) {
    for (const auto& r : (*doc)["rateLimits"].GetArray()) {
      if (str_of(r, "interval") != "MINUTE" || int_of(r, "intervalNum").value_or(0) != 1) continue;
      std::string type = str_of(r, "rateLimitType");
      std::int64_t limit = int_of(r, "limit").value_or(0);
      if (type == "REQUEST_WEIGHT") info.request_weight_per_minute = limit;
      if (type == "ORDERS") info.orders_per_minute = limit;
    }
  }
  for (const auto& s : (*doc)["symbols"].GetArray()) {
    SymbolFilters f;
    f.symbol = str_of(s, "symbol");
    f.status = str_of(s, "status");
    if (f.symbol.empty()) continue;
    bool price = false, lot = false;
    if (s.HasMember("filters") && s["filters"].IsArray()) {
      for (const auto& flt : s["filters"].GetArray()) {
        std::string type = str_of(flt, "filterType");
        if (type == "PRICE_FILTER") {
          price = read_decimal(flt, "tickSize", f.tick_size);
          read_decimal(flt, "minPrice", f.min_price);
          read_decimal(flt, "maxPrice", f.max_price);
        } else if (type == "LOT_SIZE") {
          lot = read_decimal(flt, "stepSize", f.step_size);
          read_decimal(flt, "minQty", f.min_qty);
          read_decimal(flt, "maxQty", f.max_qty);
        } else if (type == "MARKET_LOT_SIZE") {
          read_decimal(flt, "stepSize", f.market_step_size);
          read_decimal(flt, "minQty", f.market_min_qty);
          read_decimal(flt, "maxQty", f.market_max_qty);
        } else if (type == "MIN_NOTIONAL") {
          read_decimal(flt, "notional", f.min_notional);
        }
      }
    }
    if (!price || !lot || !f.tick_size.positive() || !f.step_size.positive()) {
      error = "exchangeInfo symbol " + f.symbol + " lacks a readable PRICE_FILTER tickSize or LOT_SIZE stepSize";
      return std::nullopt;
    }
    info.symbols[f.symbol] = f;
  }
  return info;
}

ShapeResult shape_order(const SymbolFilters& f, bool buy, bool market, std::string_view price_text,
                        std::string_view qty_text, bool reduce_only) {
  ShapeResult r;
  auto qty = Decimal::parse(qty_text);
  if (!qty || !qty->positive()) {
    r.refusal = invalid("qty '" + std::string(qty_text) + "' is not a positive decimal");
    return r;
  }
  const Decimal& step = market && f.market_step_size.positive() ? f.market_step_size : f.step_size;
  const Decimal& min_qty = market && f.market_min_qty.positive() ? f.market_min_qty : f.min_qty;
  const Decimal& max_qty = market && f.market_max_qty.positive() ? f.market_max_qty : f.max_qty;
  ShapedOrder o;
  Decimal q = qty->floor_to(step);
  o.qty_rounded = q != *qty;
  if (!q.positive() || q < min_qty) {
    r.refusal = invalid(f.symbol + " qty " + qty->str() + " is below min_qty " + min_qty.str() +
                        " after rounding down to step " + step.str());
    return r;
  }
  if (max_qty.positive() && q > max_qty) {
    r.refusal = invalid(f.symbol + " qty " + q.str() + " is above max_qty " + max_qty.str());
    return r;
  }
  o.qty = q.str();
  if (!market) {
    auto price = Decimal::parse(price_text);
    if (!price || !price->positive()) {
      r.refusal = invalid("price '" + std::string(price_text) + "' is not a positive decimal");
      return r;
    }
    Decimal p = buy ? price->floor_to(f.tick_size) : price->ceil_to(f.tick_size);
    o.price_rounded = p != *price;
    if (!p.positive() || (f.min_price.positive() && p < f.min_price)) {
      r.refusal = invalid(f.symbol + " price " + p.str() + " is below min_price " + f.min_price.str());
      return r;
    }
    if (f.max_price.positive() && p > f.max_price) {
      r.refusal = invalid(f.symbol + " price " + p.str() + " is above max_price " + f.max_price.str());
      return r;
    }
    Decimal notional = p * q;
    if (!reduce_only && f.min_notional.positive() && notional < f.min_notional) {
      r.refusal = {GRINDER_VENUE_NON_RETRYABLE, code::kMinNotional,
                   "binance: " + f.symbol + " order notional " + notional.str() + " (" + q.str() + " x " + p.str() +
                       ") is below the minimum notional " + f.min_notional.str() +
                       " (checked before sending): " + min_notional_advice()};
      return r;
    }
    o.price = p.str();
  }
  r.order = o;
  return r;
}

}  // namespace grinder::binance
