#pragma once
// What one canary cycle sends: a LIMIT BUY resting far below the touch (so
// it is not meant to fill), sized to the requested notional and put on the
// venue's grid, with a client order id grinder recognises as its own.
#include <cstdint>
#include <optional>
#include <string>

#include "grinder/config/deployment.hpp"
#include "grinder/gates/action.hpp"
#include "grinder/ladder/ladder.hpp"
#include "grinder/plugin/venue_types.hpp"

namespace grinder::cli {

// How far below the best bid the canary rests: far enough not to fill on a
// normal move, near enough to be a real order the venue books.
constexpr double kCanaryDistance = 0.10;

struct CanaryOrder {
  double price = 0;
  double qty = 0;
  std::string client_order_id;

  double notional() const { return price * qty; }
};

// Price: kCanaryDistance below the bid, floored to the tick. Quantity:
// notional / price rounded up to the step (and at least the venue's minimum),
// so the order meets min_notional; the gates judge the notional that results.
// nullopt with `why` when the book gives no usable price.
std::optional<CanaryOrder> plan_canary_order(const plugin::BookTop& book, const plugin::Filters& filters,
                                             double notional, const std::string& client_order_id, std::string& why);

// <prefix><first strategy>_cn<stem>_<cycle>: the identity gate's form.
std::string canary_client_id(const config::IdentityConfig& identity, const std::string& stem, std::int64_t cycle);

gates::Action canary_action(const std::string& symbol, const CanaryOrder& order,
                            const config::IdentityConfig& identity);

// The market data age the stage's chain accepts: the smallest max_age_ms of
// its gates, or the market_data_fresh gate's default (10 s) when none sets one.
std::int64_t chain_max_age_ms(const config::Deployment& d, const ladder::Stage& stage);

}  // namespace grinder::cli
