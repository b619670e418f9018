#pragma once
// Reconcile (Runbooks 13 and 15): compare a venue snapshot with what grinder
// expects and classify every difference. Only sources the snapshot actually
// read are compared: a failed source yields no mismatch, never a guess.
#include <string>
#include <vector>

#include "grinder/plugin/venue_types.hpp"
#include "grinder/reconcile/name_map.hpp"
#include "grinder/reconcile/scope.hpp"

namespace grinder::reconcile {

enum class MismatchType {
  OrderExistsUnexpected,      // an open order of ours the venue has and we do not expect
  OrderMissingOnVenue,        // an order we expect open that the venue does not have
  OrderStatusDivergence,      // both have it, but qty/price/side/fill differ
  PositionNonzeroUnexpected,  // a position where we expect none
  PositionMismatch,           // a position of another size than we expect
};
inline constexpr int kMismatchTypes = 5;

// "ORDER_EXISTS_UNEXPECTED", ...
const char* to_string(MismatchType t);

// Keyed by its client order id in ExpectedState::orders, which holds the id
// once: every comparison streams these, so what they do not need to carry
// is memory it does not read.
struct ExpectedOrder {
  std::string symbol;
  plugin::Side side = plugin::Side::Buy;
  double price = 0;
  double qty = 0;
};

// What grinder placed and still expects, and the positions it expects. Built
// like two maps (orders["id"] = {...}, positions["BTCUSDT"] = 0.5); their
// indexes are kept up to date as they change, so each comparison reads them
// as they are instead of indexing them again: the expected state changes
// when grinder places or forgets an order, and is compared every cycle.
// Orders added as they are placed are compared fastest: venues list them in
// that order too.
struct ExpectedState {
  NameMap<ExpectedOrder> orders;  // by client order id
  NameMap<double> positions;      // by symbol, signed
};

struct Identity {
  std::string prefix = "grinder_";
  std::vector<std::string> strategies;  // empty: any
};

struct Mismatch {
  MismatchType type;
  std::string symbol;
  std::string client_order_id;  // order mismatches
  double venue_qty = 0;         // signed for positions
  double expected_qty = 0;
  std::string detail;
};

struct DiffResult {
  std::vector<Mismatch> mismatches;
  int counts[kMismatchTypes] = {0, 0, 0, 0, 0};
  std::size_t foreign_orders = 0;  // open orders that are not grinder's: seen, never touched
  bool orders_compared = false;
  bool positions_compared = false;
};

// Order mismatches come first, then position ones; each in the snapshot's
// order, followed by what the snapshot lacks, in the expected state's order.
// The scope may be passed as its list of symbols (indexed for this one
// comparison); a caller that compares every cycle keeps a Scope instead.
DiffResult diff(const ExpectedState& expected, const plugin::Snapshot& snapshot, const Identity& identity,
                const Scope& scope);

}  // namespace grinder::reconcile
