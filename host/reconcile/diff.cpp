#include "grinder/reconcile/diff.hpp"

#include <algorithm>
#include <cmath>

#include "grinder/gates/identity.hpp"
#include "grinder/util/number.hpp"
#include "name_index.hpp"

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

namespace {

// An expected order as the comparison needs it, copied out of the map in one
// walk: at 100k orders the map's nodes are scattered, and visiting each once
// costs more than all the lookups.
struct Wanted {
  const std::string* id;
  const ExpectedOrder* order;  // read again only for a mismatch
  plugin::Side side;
  double price;
  double qty;
};

NameIndex symbol_scope(const std::vector<std::string>& symbols) {
  return NameIndex(std::vector<std::string_view>(symbols.begin(), symbols.end()));
}

}  // namespace

DiffResult diff(const ExpectedState& expected, const plugin::Snapshot& snap, const Identity& identity,
                const std::vector<std::string>& symbols) {
  DiffResult r;
  const NameIndex scope = symbol_scope(symbols);
  auto in_scope = [&](const std::string& s) { return scope.empty() || scope.contains(s); };

  if (snap.orders_status.ok) {
    r.orders_compared = true;
    // The expected orders by position in map order; an expected order the
    // venue shows is marked, and what is left unmarked is missing.
    std::vector<Wanted> wanted;
    std::vector<std::string_view> wanted_ids;
    wanted.reserve(expected.orders.size());
    wanted_ids.reserve(expected.orders.size());
    for (const auto& [id, e] : expected.orders) {
      wanted.push_back({&id, &e, e.side, e.price, e.qty});
      wanted_ids.push_back(id);
    }
    const NameIndex by_id(wanted_ids);
    // Our open orders in scope, then all their lookups at once.
    std::vector<const plugin::Order*> ours;
    std::vector<std::string_view> ids;
    ours.reserve(snap.orders.size());
    ids.reserve(snap.orders.size());
    for (const auto& o : snap.orders) {
      if (!o.is_open() || !in_scope(o.symbol)) continue;
      if (!gates::is_own_order(o.client_order_id, identity.prefix, identity.strategies)) {
        ++r.foreign_orders;
        continue;
      }
      ours.push_back(&o);
      ids.push_back(o.client_order_id);
    }
    std::vector<std::size_t> found;
    by_id.find_all(ids, found);
    std::vector<char> seen(wanted.size(), 0);
    for (std::size_t k = 0; k < ours.size(); ++k) {
      const plugin::Order& o = *ours[k];
      const std::size_t at = found[k];
      if (at == NameIndex::npos) {
        add(r, MismatchType::OrderExistsUnexpected, o.symbol, o.client_order_id, o.qty, 0,
            "open on the venue, not expected");
        continue;
      }
      seen[at] = 1;
      const Wanted& e = wanted[at];
      if (e.side != o.side || !same_qty(e.qty, o.qty) || (e.price > 0 && !same_qty(e.price, o.price)) ||
          o.filled_qty > 0)
        add(r, MismatchType::OrderStatusDivergence, o.symbol, o.client_order_id, o.qty, e.qty,
            "venue qty=" + util::format_number(o.qty) + " filled=" + util::format_number(o.filled_qty) +
                " price=" + util::format_number(o.price) + "; expected qty=" + util::format_number(e.qty) +
                " price=" + util::format_number(e.price));
    }
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      if (seen[i]) continue;
      const ExpectedOrder& e = *wanted[i].order;
      if (in_scope(e.symbol))
        add(r, MismatchType::OrderMissingOnVenue, e.symbol, *wanted[i].id, 0, e.qty, "expected open, not on the venue");
    }
  }

  if (snap.positions_status.ok) {
    r.positions_compared = true;
    std::vector<const std::pair<const std::string, double>*> wanted;
    std::vector<std::string_view> symbols_wanted;
    wanted.reserve(expected.positions.size());
    symbols_wanted.reserve(expected.positions.size());
    for (const auto& entry : expected.positions) {
      wanted.push_back(&entry);
      symbols_wanted.push_back(entry.first);
    }
    const NameIndex by_symbol(symbols_wanted);
    std::vector<char> seen(wanted.size(), 0);
    for (const auto& p : snap.positions) {
      if (!in_scope(p.symbol)) continue;
      const std::size_t at = by_symbol.find(p.symbol);
      double want = 0;
      if (at != NameIndex::npos) {
        seen[at] = 1;
        want = wanted[at]->second;
      }
      if (same_qty(p.qty, want)) continue;
      if (same_qty(want, 0))
        add(r, MismatchType::PositionNonzeroUnexpected, p.symbol, {}, p.qty, 0,
            "position " + util::format_number(p.qty) + ", expected none");
      else
        add(r, MismatchType::PositionMismatch, p.symbol, {}, p.qty, want,
            "position " + util::format_number(p.qty) + ", expected " + util::format_number(want));
    }
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      const auto& [symbol, want] = *wanted[i];
      if (!seen[i] && in_scope(symbol) && !same_qty(want, 0))
        add(r, MismatchType::PositionMismatch, symbol, {}, 0, want, "no position, expected " + util::format_number(want));
    }
  }
  return r;
}

}  // namespace grinder::reconcile
