#include "canary_order.hpp"

#include <algorithm>
#include <cmath>

#include "grinder/plugin/decimal.hpp"
#include "grinder/util/number.hpp"

namespace grinder::cli {

namespace {

constexpr std::int64_t kDefaultMaxAgeMs = 10000;  // the market_data_fresh gate's own default

// The smallest multiple of step at or above value.
double ceil_to_increment(double value, double step) {
  if (step <= 0) return value;
  // The epsilon keeps an exact multiple (0.3 / 0.1 = 2.9999999999999996)
  // from climbing a whole step.
  return plugin::round_to_increment(std::ceil(value / step - 1e-9) * step, step);
}

}  // namespace

std::optional<CanaryOrder> plan_canary_order(const plugin::BookTop& book, const plugin::Filters& filters,
                                             double notional, const std::string& client_order_id, std::string& why) {
  if (!(book.bid > 0) || !(book.ask > 0) || book.ask < book.bid) {
    why =
        "no usable best bid/ask (bid " + util::format_number(book.bid) + ", ask " + util::format_number(book.ask) + ")";
    return std::nullopt;
  }
  CanaryOrder o;
  o.client_order_id = client_order_id;
  o.price = plugin::floor_to_increment(book.bid * (1 - kCanaryDistance), filters.tick_size);
  if (!(o.price > 0)) {
    why = "the price " + util::format_number(book.bid * (1 - kCanaryDistance)) + " floors to 0 on tick " +
          util::format_number(filters.tick_size);
    return std::nullopt;
  }
  o.qty = std::max(ceil_to_increment(notional / o.price, filters.step_size),
                   ceil_to_increment(filters.min_qty, filters.step_size));
  // The values the venue will read (decimal text), so the gates, the audit
  // and the order agree to the last digit: 0.00006, not 6.000000000000001e-05.
  o.price = plugin::parse_decimal(plugin::format_decimal(o.price)).value_or(o.price);
  o.qty = plugin::parse_decimal(plugin::format_decimal(o.qty)).value_or(o.qty);
  return o;
}

std::string canary_client_id(const config::IdentityConfig& identity, const std::string& stem, std::int64_t cycle) {
  std::string strategy = identity.strategies.empty() ? "0" : identity.strategies.front();
  return identity.prefix + strategy + "_cn" + stem + "_" + std::to_string(cycle);
}

gates::Action canary_action(const std::string& symbol, const CanaryOrder& order,
                            const config::IdentityConfig& identity) {
  gates::Action a;
  a.type = gates::ActionType::PlaceOrder;
  a.symbol = symbol;
  a.side = gates::Side::Buy;
  a.qty = order.qty;
  a.price = order.price;
  a.client_order_id = order.client_order_id;
  a.strategy = identity.strategies.empty() ? "0" : identity.strategies.front();
  return a;
}

std::int64_t chain_max_age_ms(const config::Deployment& d, const ladder::Stage& stage) {
  std::optional<std::int64_t> smallest;
  if (auto it = d.chains.find(stage.chain); it != d.chains.end())
    for (const auto& g : it->second.gates)
      if (const config::Value* v = g.with.find("max_age_ms"); v && v->is_number()) {
        auto ms = static_cast<std::int64_t>(v->as_double());
        smallest = smallest ? std::min(*smallest, ms) : ms;
      }
  return smallest.value_or(kDefaultMaxAgeMs);
}

}  // namespace grinder::cli
