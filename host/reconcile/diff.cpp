#include "grinder/reconcile/diff.hpp"

#include <algorithm>
#include <cmath>

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

namespace {

constexpr std::size_t kBlock = 64;  // our open orders compared together

// The orders side of a comparison.
//
// Venues list open orders in the order they were placed, which is the order
// the expected state holds them in (as long as none was erased since): so
// the entry after the last one matched is tried first, and both lists are
// read front to back, as the cache likes best. The ids found elsewhere are
// looked up a block at a time, so their cache misses overlap. A block is
// compared in the snapshot's order either way.
class OrderComparison {
 public:
  OrderComparison(const NameMap<ExpectedOrder>& expected, const Identity& identity, const NameTable& scope,
                  DiffResult& r)
      : expected_(expected), identity_(identity), scope_(scope), r_(r), seen_(expected.size(), 0) {}

  // The scope is asked only about orders whose outcome it can change. An
  // order of ours that matches its expected entry on the same symbol, with
  // nothing diverging, yields no mismatch in scope or out of it, and marking
  // its entry seen only matters for an entry in scope (one out of scope is
  // never missing); that is most orders of a healthy account, and past a few
  // thousand symbols a scope lookup is a cache miss per order.
  void run(const std::vector<plugin::Order>& orders) {
    for (const auto& o : orders) {
      if (!o.is_open()) continue;
      if (!gates::is_own_order(o.client_order_id, identity_.prefix, identity_.strategies)) {
        if (in_scope(o.symbol)) ++r_.foreign_orders;
        continue;
      }
      add_to_block(o);
    }
    compare_block();
    // What is left unseen is missing.
    for (std::size_t i = 0; i < expected_.size(); ++i) {
      const ExpectedOrder& e = expected_.value(i);
      if (!seen_[i] && in_scope(e.symbol))
        add(r_, MismatchType::OrderMissingOnVenue, e.symbol, expected_.name(i), 0, e.qty,
            "expected open, not on the venue");
    }
  }

 private:
  bool in_scope(std::string_view symbol) const { return scope_.empty() || scope_.contains(symbol); }

  void add_to_block(const plugin::Order& o) {
    const std::string_view id = o.client_order_id;
    block_[count_] = &o;
    if (next_ < expected_.size() && expected_.name(next_) == id) {
      at_[count_] = next_++;
    } else {
      at_[count_] = NameTable::npos;
      lookup_ids_[lookups_] = id;
      lookup_of_[lookups_++] = count_;
    }
    if (++count_ == kBlock) compare_block();
  }

  void compare_block() {
    if (lookups_ > 0) {
      std::size_t found[kBlock];
      expected_.names().find_all(lookup_ids_, lookups_, found);
      for (std::size_t j = 0; j < lookups_; ++j) {
        at_[lookup_of_[j]] = found[j];
        if (found[j] != NameTable::npos) __builtin_prefetch(&expected_.value(found[j]).side);
      }
    }
    for (std::size_t k = 0; k < count_; ++k) compare(*block_[k], at_[k]);
    count_ = lookups_ = 0;
  }

  void compare(const plugin::Order& o, std::size_t at) {
    if (at == NameTable::npos) {
      if (in_scope(o.symbol))
        add(r_, MismatchType::OrderExistsUnexpected, o.symbol, o.client_order_id, o.qty, 0,
            "open on the venue, not expected");
      return;
    }
    const ExpectedOrder& e = expected_.value(at);
    const bool diverges = e.side != o.side || !same_qty(e.qty, o.qty) ||
                          (e.price > 0 && !same_qty(e.price, o.price)) || o.filled_qty > 0;
    if ((diverges || e.symbol != o.symbol) && !in_scope(o.symbol)) return;
    seen_[at] = 1;
    next_ = at + 1;
    if (diverges)
      add(r_, MismatchType::OrderStatusDivergence, o.symbol, o.client_order_id, o.qty, e.qty,
          "venue qty=" + util::format_number(o.qty) + " filled=" + util::format_number(o.filled_qty) +
              " price=" + util::format_number(o.price) + "; expected qty=" + util::format_number(e.qty) +
              " price=" + util::format_number(e.price));
  }

  const NameMap<ExpectedOrder>& expected_;
  const Identity& identity_;
  const NameTable& scope_;
  DiffResult& r_;
  std::vector<char> seen_;  // by expected position
  std::size_t next_ = 0;    // the expected position tried first
  const plugin::Order* block_[kBlock];
  std::size_t at_[kBlock];  // each one's expected position, or npos
  std::size_t count_ = 0;
  std::string_view lookup_ids_[kBlock];  // the ids that were not where expected
  std::size_t lookup_of_[kBlock];        // and their places in the block
  std::size_t lookups_ = 0;
};

void compare_positions(const NameMap<double>& expected, const std::vector<plugin::Position>& positions,
                       const NameTable& scope, DiffResult& r) {
  auto in_scope = [&](std::string_view s) { return scope.empty() || scope.contains(s); };
  std::vector<char> seen(expected.size(), 0);
  std::size_t next = 0;  // as with orders: the entry after the last one matched is tried first
  for (const auto& p : positions) {
    if (!in_scope(p.symbol)) continue;
    const std::size_t at = next < expected.size() && expected.name(next) == p.symbol ? next
                                                                                     : expected.names().find(p.symbol);
    double want = 0;
    if (at != NameTable::npos) {
      seen[at] = 1;
      want = expected.value(at);
      next = at + 1;
    }
    if (same_qty(p.qty, want)) continue;
    if (same_qty(want, 0))
      add(r, MismatchType::PositionNonzeroUnexpected, p.symbol, {}, p.qty, 0,
          "position " + util::format_number(p.qty) + ", expected none");
    else
      add(r, MismatchType::PositionMismatch, p.symbol, {}, p.qty, want,
          "position " + util::format_number(p.qty) + ", expected " + util::format_number(want));
  }
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const std::string& symbol = expected.name(i);
    const double want = expected.value(i);
    if (!seen[i] && in_scope(symbol) && !same_qty(want, 0))
      add(r, MismatchType::PositionMismatch, symbol, {}, 0, want, "no position, expected " + util::format_number(want));
  }
}

}  // namespace

DiffResult diff(const ExpectedState& expected, const plugin::Snapshot& snap, const Identity& identity,
                const std::vector<std::string>& symbols) {
  DiffResult r;
  const NameTable scope(symbols);
  if (snap.orders_status.ok) {
    r.orders_compared = true;
    OrderComparison(expected.orders, identity, scope, r).run(snap.orders);
  }
  if (snap.positions_status.ok) {
    r.positions_compared = true;
    compare_positions(expected.positions, snap.positions, scope, r);
  }
  return r;
}

}  // namespace grinder::reconcile
