#pragma once
// The matching engine and the account: open orders, signed positions with
// their entry price, balances. It knows no clock and no drills; the venue
// feeds it quotes and requests.
//
// Matching is deliberately simple and deterministic: the book has unlimited
// size at the touch, a market order (or a limit order that crosses) fills
// whole at the touch, a resting limit order fills whole at its own price on
// the first quote that crosses it, and orders are matched in the order they
// were placed. Margin is not modelled: no order is refused for balance.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "config.hpp"
#include "grinder/venue_plugin.hpp"

namespace grinder::paper {

// The paper venue's own error codes (grinder_venue_error.venue_code).
enum PaperCode : std::int32_t {
  kUnknownSymbol = 1,
  kFilterFailure = 2,      // tick, step, min_qty, min_notional
  kDuplicateOrderId = 3,   // an open order already has this client order id
  kUnknownOrder = 4,       // no open order with this client order id
  kReduceOnlyRejected = 5, // would not reduce the position
  kPostOnlyWouldTake = 6,
  kOutage = 7,             // the outage drill
};

struct Quote {
  std::int64_t bid_ticks = 0;
  std::int64_t ask_ticks = 0;
};

struct SimOrder {
  std::string client_order_id;
  std::string venue_order_id;
  std::string symbol;
  grinder_venue_side side = GRINDER_VENUE_SIDE_BUY;
  grinder_venue_order_type type = GRINDER_VENUE_TYPE_LIMIT;
  std::int64_t price_ticks = 0;  // limit price; 0 for market
  std::int64_t qty_steps = 0;
  std::int64_t filled_steps = 0;
  double avg_fill_price = 0;
  grinder_venue_order_status status = GRINDER_VENUE_STATUS_NEW;
  bool reduce_only = false;
  grinder_venue_tif time_in_force = GRINDER_VENUE_TIF_GTC;
};

struct SimPosition {
  std::int64_t qty_steps = 0;  // signed
  double entry_price = 0;
};

class Exchange {
 public:
  explicit Exchange(const PaperConfig& cfg);

  // Throws INVALID_ARGUMENT for a symbol the venue does not list.
  const SymbolConfig& symbol(const std::string& name) const;

  // The market moved: resting orders the quote crosses fill.
  void on_quote(const std::string& symbol, const Quote& q);

  // Validates against the filters and the account, then matches. Returns the
  // order as acknowledged (possibly FILLED or EXPIRED already).
  SimOrder place(const venue_sdk::OrderRequest& req, const Quote& q);
  void cancel(const std::string& symbol, const std::string& client_order_id);
  std::uint32_t cancel_all(const std::string& symbol);

  // Drills: state nobody asked for.
  void inject_order(SimOrder o);
  void set_position(const std::string& symbol, std::int64_t qty_steps, double entry_price);

  const std::vector<SimOrder>& open_orders() const { return open_; }
  const std::map<std::string, SimPosition>& positions() const { return positions_; }
  const std::map<std::string, double>& balances() const { return balances_; }
  // Reserved by open orders that can add exposure, in the settlement asset.
  double locked() const;

 private:
  void fill(SimOrder& o, std::int64_t steps, double price);
  void apply_fill(const std::string& symbol, std::int64_t signed_steps, double price);
  bool has_open(const std::string& client_order_id) const;

  const PaperConfig& cfg_;
  std::vector<SimOrder> open_;  // in placement order: the matching priority
  std::map<std::string, SimPosition> positions_;
  std::map<std::string, double> balances_;
  std::uint64_t next_id_ = 1;
};

}  // namespace grinder::paper
