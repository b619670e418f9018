#include "exchange.hpp"

#include <algorithm>
#include <cmath>

#include "decimal.hpp"

namespace grinder::paper {

namespace {

using venue_sdk::Failure;

[[noreturn]] void refuse(grinder_venue_rc rc, PaperCode code, const std::string& why) {
  throw Failure(rc, "paper: " + why, code);
}

bool is_buy(grinder_venue_side s) { return s == GRINDER_VENUE_SIDE_BUY; }

}  // namespace

Exchange::Exchange(const PaperConfig& cfg) : cfg_(cfg), balances_(cfg.balances) {}

const SymbolConfig& Exchange::symbol(const std::string& name) const {
  auto it = cfg_.symbols.find(name);
  if (it == cfg_.symbols.end()) refuse(GRINDER_VENUE_INVALID_ARGUMENT, kUnknownSymbol, "unknown symbol '" + name + "'");
  return it->second;
}

bool Exchange::has_open(const std::string& coid) const {
  return std::any_of(open_.begin(), open_.end(), [&](const SimOrder& o) { return o.client_order_id == coid; });
}

void Exchange::on_quote(const std::string& symbol, const Quote& q) {
  const auto& s = cfg_.symbols.at(symbol);
  for (auto& o : open_) {
    if (o.symbol != symbol) continue;
    bool crosses = is_buy(o.side) ? o.price_ticks >= q.ask_ticks : o.price_ticks <= q.bid_ticks;
    if (crosses) fill(o, o.qty_steps - o.filled_steps, static_cast<double>(o.price_ticks) * s.tick_size);
  }
  open_.erase(std::remove_if(open_.begin(), open_.end(),
                             [](const SimOrder& o) {
                               return o.status != GRINDER_VENUE_STATUS_NEW &&
                                      o.status != GRINDER_VENUE_STATUS_PARTIALLY_FILLED;
                             }),
              open_.end());
}

SimOrder Exchange::place(const venue_sdk::OrderRequest& req, const Quote& q) {
  const SymbolConfig& s = symbol(req.symbol);
  if (req.side != GRINDER_VENUE_SIDE_BUY && req.side != GRINDER_VENUE_SIDE_SELL)
    refuse(GRINDER_VENUE_INVALID_ARGUMENT, kFilterFailure, "side must be BUY or SELL");
  if (req.type != GRINDER_VENUE_TYPE_LIMIT && req.type != GRINDER_VENUE_TYPE_MARKET)
    refuse(GRINDER_VENUE_INVALID_ARGUMENT, kFilterFailure, "type must be LIMIT or MARKET");
  if (req.time_in_force < GRINDER_VENUE_TIF_GTC || req.time_in_force > GRINDER_VENUE_TIF_GTX)
    refuse(GRINDER_VENUE_INVALID_ARGUMENT, kFilterFailure, "unknown time in force");
  if (req.client_order_id.empty() || req.client_order_id.size() >= GRINDER_VENUE_ID_MAX)
    refuse(GRINDER_VENUE_INVALID_ARGUMENT, kFilterFailure,
           "client_order_id must be 1 to " + std::to_string(GRINDER_VENUE_ID_MAX - 1) + " characters");

  auto qty = parse_decimal(req.qty);
  if (!qty || !(*qty > 0)) refuse(GRINDER_VENUE_INVALID_ARGUMENT, kFilterFailure, "qty '" + req.qty + "' is not a positive decimal");
  auto qty_steps = whole_units(*qty, s.step_size);
  if (!qty_steps)
    refuse(GRINDER_VENUE_NON_RETRYABLE, kFilterFailure,
           "qty " + req.qty + " is not a multiple of step_size " + format_fixed(s.step_size, s.qty_decimals));

  bool buy = is_buy(req.side);
  bool limit = req.type == GRINDER_VENUE_TYPE_LIMIT;
  std::int64_t price_ticks = 0;
  if (limit) {
    auto price = parse_decimal(req.price);
    if (!price || !(*price > 0))
      refuse(GRINDER_VENUE_INVALID_ARGUMENT, kFilterFailure, "price '" + req.price + "' is not a positive decimal");
    auto ticks = whole_units(*price, s.tick_size);
    if (!ticks)
      refuse(GRINDER_VENUE_NON_RETRYABLE, kFilterFailure,
             "price " + req.price + " is not a multiple of tick_size " + format_fixed(s.tick_size, s.price_decimals));
    price_ticks = *ticks;
  }
  if (has_open(req.client_order_id))
    refuse(GRINDER_VENUE_NON_RETRYABLE, kDuplicateOrderId, "an open order already has client order id " + req.client_order_id);

  double qty_value = static_cast<double>(*qty_steps) * s.step_size;
  if (qty_value + 1e-12 < s.min_qty)
    refuse(GRINDER_VENUE_NON_RETRYABLE, kFilterFailure,
           "qty " + req.qty + " is below min_qty " + format_fixed(s.min_qty, s.qty_decimals));
  std::int64_t touch = buy ? q.ask_ticks : q.bid_ticks;
  double ref_price = static_cast<double>(limit ? price_ticks : touch) * s.tick_size;
  // Reduce-only orders are exempt, as on real venues: a small remainder of
  // a position must always be closable.
  if (!req.reduce_only && ref_price * qty_value + 1e-9 < s.min_notional)
    refuse(GRINDER_VENUE_NON_RETRYABLE, kFilterFailure,
           "notional " + format_fixed(ref_price * qty_value, 8) + " is below min_notional " +
               format_fixed(s.min_notional, 8));
  if (req.reduce_only) {
    auto it = positions_.find(req.symbol);
    std::int64_t pos = it == positions_.end() ? 0 : it->second.qty_steps;
    if (pos == 0 || (buy && pos > 0) || (!buy && pos < 0))
      refuse(GRINDER_VENUE_NON_RETRYABLE, kReduceOnlyRejected,
             "reduce-only " + std::string(buy ? "BUY" : "SELL") + " would not reduce the " +
                 (pos == 0 ? std::string("flat") : pos > 0 ? std::string("long") : std::string("short")) +
                 " position on " + req.symbol);
  }
  bool marketable = !limit || (buy ? price_ticks >= q.ask_ticks : price_ticks <= q.bid_ticks);
  if (limit && req.time_in_force == GRINDER_VENUE_TIF_GTX && marketable)
    refuse(GRINDER_VENUE_NON_RETRYABLE, kPostOnlyWouldTake, "post-only order would take liquidity");

  SimOrder o;
  o.client_order_id = req.client_order_id;
  o.venue_order_id = "paper-" + std::to_string(next_id_++);
  o.symbol = req.symbol;
  o.side = req.side;
  o.type = req.type;
  o.price_ticks = price_ticks;
  o.qty_steps = *qty_steps;
  o.reduce_only = req.reduce_only;
  o.time_in_force = req.time_in_force;
  if (marketable) {
    // The taker gets the touch, which is never worse than its limit.
    fill(o, o.qty_steps, static_cast<double>(touch) * s.tick_size);
  } else if (req.time_in_force == GRINDER_VENUE_TIF_IOC || req.time_in_force == GRINDER_VENUE_TIF_FOK) {
    o.status = GRINDER_VENUE_STATUS_EXPIRED;
  } else {
    open_.push_back(o);
  }
  return o;
}

void Exchange::cancel(const std::string& sym, const std::string& coid) {
  symbol(sym);
  auto it = std::find_if(open_.begin(), open_.end(),
                         [&](const SimOrder& o) { return o.symbol == sym && o.client_order_id == coid; });
  if (it == open_.end())
    refuse(GRINDER_VENUE_NON_RETRYABLE, kUnknownOrder, "no open order " + coid + " on " + sym);
  open_.erase(it);
}

std::uint32_t Exchange::cancel_all(const std::string& sym) {
  symbol(sym);
  auto before = open_.size();
  open_.erase(std::remove_if(open_.begin(), open_.end(), [&](const SimOrder& o) { return o.symbol == sym; }),
              open_.end());
  return static_cast<std::uint32_t>(before - open_.size());
}

void Exchange::inject_order(SimOrder o) {
  symbol(o.symbol);
  if (has_open(o.client_order_id))
    refuse(GRINDER_VENUE_INVALID_ARGUMENT, kDuplicateOrderId, "an open order already has client order id " + o.client_order_id);
  o.venue_order_id = "paper-" + std::to_string(next_id_++);
  o.status = GRINDER_VENUE_STATUS_NEW;
  open_.push_back(std::move(o));
}

void Exchange::set_position(const std::string& sym, std::int64_t qty_steps, double entry_price) {
  symbol(sym);
  if (qty_steps == 0) {
    positions_.erase(sym);
    return;
  }
  positions_[sym] = SimPosition{qty_steps, entry_price};
}

double Exchange::locked() const {
  double sum = 0;
  for (const auto& o : open_) {
    if (o.reduce_only) continue;
    const auto& s = cfg_.symbols.at(o.symbol);
    sum += static_cast<double>(o.price_ticks) * s.tick_size * static_cast<double>(o.qty_steps - o.filled_steps) *
           s.step_size;
  }
  return sum;
}

void Exchange::fill(SimOrder& o, std::int64_t steps, double price) {
  if (o.reduce_only) {
    // Only what still reduces: the position may have shrunk since placing.
    auto it = positions_.find(o.symbol);
    std::int64_t pos = it == positions_.end() ? 0 : it->second.qty_steps;
    std::int64_t closable = is_buy(o.side) ? std::max<std::int64_t>(0, -pos) : std::max<std::int64_t>(0, pos);
    steps = std::min(steps, closable);
  }
  if (steps > 0) {
    apply_fill(o.symbol, is_buy(o.side) ? steps : -steps, price);
    o.avg_fill_price = (o.avg_fill_price * static_cast<double>(o.filled_steps) + price * static_cast<double>(steps)) /
                       static_cast<double>(o.filled_steps + steps);
    o.filled_steps += steps;
  }
  if (o.filled_steps == o.qty_steps)
    o.status = GRINDER_VENUE_STATUS_FILLED;
  else if (o.reduce_only)
    o.status = GRINDER_VENUE_STATUS_EXPIRED;  // nothing left to reduce
  else
    o.status = GRINDER_VENUE_STATUS_PARTIALLY_FILLED;
}

void Exchange::apply_fill(const std::string& sym, std::int64_t delta, double price) {
  const auto& s = cfg_.symbols.at(sym);
  double& wallet = balances_[cfg_.settlement_asset];
  SimPosition& p = positions_[sym];
  std::int64_t old = p.qty_steps;
  if (old == 0 || (old > 0) == (delta > 0)) {
    double a = std::fabs(static_cast<double>(old)), b = std::fabs(static_cast<double>(delta));
    p.entry_price = (a * p.entry_price + b * price) / (a + b);
    p.qty_steps = old + delta;
  } else {
    std::int64_t closed = std::min(std::llabs(old), std::llabs(delta));
    wallet += (price - p.entry_price) * static_cast<double>(closed) * s.step_size * (old > 0 ? 1.0 : -1.0);
    p.qty_steps = old + delta;
    if (p.qty_steps != 0 && (p.qty_steps > 0) != (old > 0)) p.entry_price = price;  // flipped
  }
  wallet -= std::fabs(static_cast<double>(delta)) * s.step_size * price * cfg_.fee_bps / 10000.0;
  if (p.qty_steps == 0) positions_.erase(sym);
}

}  // namespace grinder::paper
