#include "order_shape.hpp"

namespace grinder::btcturk {

namespace {

ShapeResult refuse(grinder_venue_rc rc, std::int32_t venue_code, std::string message) {
  ShapeResult r;
  r.refusal = {rc, venue_code, "btcturk: " + std::move(message)};
  return r;
}

std::string methods_of(const PairRules& rules) {
  std::string out;
  for (const auto& m : rules.order_methods) out += (out.empty() ? "" : ", ") + m;
  return out.empty() ? "none listed" : out;
}

}  // namespace

ShapeResult shape_order(const PairRules& rules, bool buy, bool market, std::string_view price, std::string_view qty) {
  const std::string& pair = rules.symbol;
  if (!rules.trading())
    return refuse(GRINDER_VENUE_NON_RETRYABLE, 0,
                  pair + " is not trading (status " + (rules.status.empty() ? "missing" : rules.status) + ")");
  const char* method = market ? "MARKET" : "LIMIT";
  if (!rules.takes(method))
    return refuse(GRINDER_VENUE_NON_RETRYABLE, market ? code::kFailedMarketOrder : code::kFailedLimitOrder,
                  pair + " does not take " + method + " orders (orderMethods: " + methods_of(rules) + ")");

  auto q = Decimal::parse(qty);
  if (!q || !q->positive())
    return refuse(GRINDER_VENUE_INVALID_ARGUMENT, 0, "quantity '" + std::string(qty) + "' is not a positive decimal");
  ShapedOrder out;
  Decimal step = rules.step_size();
  Decimal shaped_qty = q->floor_to(step);
  out.qty_rounded = shaped_qty != *q;
  if (!shaped_qty.positive())
    return refuse(GRINDER_VENUE_INVALID_ARGUMENT, code::kInvalidQuantityScale,
                  "quantity " + q->str() + " rounds to 0 at " + pair + "'s quantity scale of " +
                      std::to_string(rules.quantity_scale) + " decimals");
  out.qty = shaped_qty.str();
  if (market) return {out, {}};

  auto p = Decimal::parse(price);
  if (!p || !p->positive())
    return refuse(GRINDER_VENUE_INVALID_ARGUMENT, 0, "price '" + std::string(price) + "' is not a positive decimal");
  Decimal shaped_price = buy ? p->floor_to(rules.tick_size) : p->ceil_to(rules.tick_size);
  out.price_rounded = shaped_price != *p;
  if (!shaped_price.positive())
    return refuse(GRINDER_VENUE_INVALID_ARGUMENT, code::kInvalidPriceScale,
                  "price " + p->str() + " rounds to 0 on " + pair + "'s tick of " + rules.tick_size.str());
  if (rules.min_price.positive() && shaped_price < rules.min_price)
    return refuse(GRINDER_VENUE_NON_RETRYABLE, code::kPriceBelowMin,
                  "price " + shaped_price.str() + " is below " + pair + "'s minPrice " + rules.min_price.str());
  if (rules.max_price.positive() && shaped_price > rules.max_price)
    return refuse(GRINDER_VENUE_NON_RETRYABLE, code::kPriceAboveMax,
                  "price " + shaped_price.str() + " is above " + pair + "'s maxPrice " + rules.max_price.str());
  Decimal total = shaped_price * shaped_qty;
  if (total < rules.min_exchange_value)
    return refuse(GRINDER_VENUE_NON_RETRYABLE, code::kFailedMinTotalAmount,
                  "FAILED_MIN_TOTAL_AMOUNT before sending: " + shaped_price.str() + " * " + shaped_qty.str() + " = " +
                      total.str() + " is below " + pair + "'s minExchangeValue " + rules.min_exchange_value.str() +
                      "; " + min_total_advice());
  out.price = shaped_price.str();
  return {out, {}};
}

}  // namespace grinder::btcturk
