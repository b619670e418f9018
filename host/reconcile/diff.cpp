#include "grinder/reconcile/diff.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "grinder/gates/identity.hpp"
#include "grinder/util/number.hpp"

namespace grinder::reconcile {

const char* to_string(MismatchType t) {
  switch (t) {
    case MismatchType::OrderExistsUnexpected: return "ORDER_EXISTS_UNEXPECTED";
    case MismatchType::OrderMissingOnVenue: return "ORDER_MISSING_ON_VENUE";
    case MismatchType::OrderStatusDivergence: return "ORDER_STATUS_DIVERGENCE";
    case MismatchType::PositionNonzeroUnexpected: return "POSITION_NONZERO_UNEXPECTED";
    case MismatchType::PositionMismatch: return "POSITION_MISMATCH";
  }
  return "?";
}

namespace {

// Quantities are compared with a tolerance far below any venue's step size,
// so float noise from decimal conversion never reads as a mismatch.
bool same_qty(double a, double b) { return std::fabs(a - b) <= 1e-9 * std::max({1.0, std::fabs(a), std::fabs(b)}); }

void add(DiffResult& r, MismatchType t, std::string symbol, std::string id, double venue, double expected,
         std::string detail) {
  r.counts[static_cast<int>(t)]++;
  r.mismatches.push_back({t, std::move(symbol), std::move(id), venue, expected, std::move(detail)});
}

}  // namespace

DiffResult diff(const ExpectedState& expected, const plugin::Snapshot& snap, const Identity& identity,
                const std::vector<std::string>& symbols) {
  DiffResult r;
  std::unordered_set<std::string_view> scope(symbols.begin(), symbols.end());
  auto in_scope = [&](const std::string& s) { return scope.empty() || scope.count(s) > 0; };

  if (snap.orders_status.ok) {
    r.orders_compared = true;
    std::unordered_set<std::string_view> seen;
    seen.reserve(snap.orders.size());
    for (const auto& o : snap.orders) {
      if (!o.is_open() || !in_scope(o.symbol)) continue;
      if (!gates::is_own_order(o.client_order_id, identity.prefix, identity.strategies)) {
        ++r.foreign_orders;
        continue;
      }
      seen.insert(o.client_order_id);
      auto it = expected.orders.find(o.client_order_id);
      if (it == expected.orders.end()) {
        add(r, MismatchType::OrderExistsUnexpected, o.symbol, o.client_order_id, o.qty, 0,
            "open on the venue, not expected");
        continue;
      }
      const ExpectedOrder& e = it->second;
      if (e.side != o.side || !same_qty(e.qty, o.qty) || (e.price > 0 && !same_qty(e.price, o.price)) ||
          o.filled_qty > 0)
        add(r, MismatchType::OrderStatusDivergence, o.symbol, o.client_order_id, o.qty, e.qty,
            "venue qty=" + util::format_number(o.qty) + " filled=" + util::format_number(o.filled_qty) +
                " price=" + util::format_number(o.price) + "; expected qty=" + util::format_number(e.qty) +
                " price=" + util::format_number(e.price));
    }
    for (const auto& [id, e] : expected.orders)
      if (in_scope(e.symbol) && !seen.count(id))
        add(r, MismatchType::OrderMissingOnVenue, e.symbol, id, 0, e.qty, "expected open, not on the venue");
  }

  if (snap.positions_status.ok) {
    r.positions_compared = true;
    std::unordered_set<std::string_view> seen;
    for (const auto& p : snap.positions) {
      if (!in_scope(p.symbol)) continue;
      seen.insert(p.symbol);
      auto it = expected.positions.find(p.symbol);
      double want = it == expected.positions.end() ? 0 : it->second;
      if (same_qty(p.qty, want)) continue;
      if (same_qty(want, 0))
        add(r, MismatchType::PositionNonzeroUnexpected, p.symbol, {}, p.qty, 0,
            "position " + util::format_number(p.qty) + ", expected none");
      else
        add(r, MismatchType::PositionMismatch, p.symbol, {}, p.qty, want,
            "position " + util::format_number(p.qty) + ", expected " + util::format_number(want));
    }
    for (const auto& [symbol, want] : expected.positions)
      if (in_scope(symbol) && !seen.count(symbol) && !same_qty(want, 0))
        add(r, MismatchType::PositionMismatch, symbol, {}, 0, want,
            "no position, expected " + util::format_number(want));
  }
  return r;
}

}  // namespace grinder::reconcile
