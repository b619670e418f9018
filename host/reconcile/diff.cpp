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

constexpr std::size_t kBlock = 64;  // items compared together
constexpr std::size_t kAhead = 8;

// The orders side of a comparison.
//
// Venues list open orders in the order they were placed, which is the order
// the expected state holds them in (as long as none was erased since): so
// the entry after the last one matched is tried first, and both lists are
// read front to back, as the cache likes best. What is not found that way
// is looked up a block at a time, and so is the scope, so that their cache
// misses overlap: past a few thousand symbols or orders each lookup is a
// miss. A block is compared in the snapshot's order either way.
class OrderComparison {
 public:
  OrderComparison(const NameMap<ExpectedOrder>& expected, const Identity& identity, const Scope& scope,
                  DiffResult& r)
      : expected_(expected), identity_(identity), scope_(scope), r_(r), seen_(expected.size(), 0) {}

  void run(const std::vector<plugin::Order>& orders) {
    const plugin::Order* const end = orders.data() + orders.size();
    for (const plugin::Order* p = orders.data(); p != end; ++p) {
      const plugin::Order& o = *p;
      if (p + kAhead < end) {
        __builtin_prefetch(reinterpret_cast<const char*>(p + kAhead));
        __builtin_prefetch(reinterpret_cast<const char*>(p + kAhead) + 64);
      }
      if (!o.is_open()) continue;
      if (!gates::is_own_order(o.client_order_id, identity_.prefix, identity_.strategies)) {
        add_foreign(o.symbol);
        continue;
      }
      add_to_block(o);
    }
    compare_block();
    settle_pending();
    count_foreign();
    report_missing();
  }

 private:
  // Not grinder's: counted when in scope, never compared.
  void add_foreign(std::string_view symbol) {
    foreign_[foreigns_++] = symbol;
    if (foreigns_ == kBlock) count_foreign();
  }
  void count_foreign() {
    bool in[kBlock];
    scope_.contains_all(foreign_, foreigns_, in);
    r_.foreign_orders += static_cast<std::size_t>(std::count(in, in + foreigns_, true));
    foreigns_ = 0;
  }

  void add_to_block(const plugin::Order& o) {
    const std::string_view id = o.client_order_id;
    block_[count_] = &o;
    if (next_ + kAhead < expected_.size()) {
      __builtin_prefetch(&expected_.name(next_ + kAhead));
      __builtin_prefetch(&expected_.value(next_ + kAhead));
    }
    if (next_ < expected_.size() && expected_.name(next_) == id) {
      at_[count_] = next_++;
    } else {
      at_[count_] = NameTable::npos;
      lookup_ids_[lookups_] = id;
      lookup_of_[lookups_++] = count_;
    }
    if (++count_ == kBlock) compare_block();
  }

  // The scope is asked only about orders whose outcome it can change. An
  // order of ours that matches its expected entry on the same symbol, with
  // nothing diverging, yields no mismatch in scope or out of it, and marking
  // its entry seen only matters for an entry in scope (one out of scope is
  // never missing); that is most orders of a healthy account.
  void compare_block() {
    if (lookups_ > 0) {
      std::size_t found[kBlock];
      expected_.names().find_all(lookup_ids_, lookups_, found);
      for (std::size_t j = 0; j < lookups_; ++j) {
        at_[lookup_of_[j]] = found[j];
        if (found[j] != NameTable::npos) __builtin_prefetch(&expected_.value(found[j]).side);
      }
    }
    for (std::size_t k = 0; k < count_; ++k) {
      const plugin::Order& o = *block_[k];
      const std::size_t at = at_[k];
      bool diverges = false;
      if (at != NameTable::npos) {
        const ExpectedOrder& e = expected_.value(at);
        diverges = e.side != o.side || !same_qty(e.qty, o.qty) || (e.price > 0 && !same_qty(e.price, o.price)) ||
                   o.filled_qty > 0;
        if (!diverges && e.symbol == o.symbol) {
          seen_[at] = 1;
          next_ = at + 1;
          continue;
        }
      }
      pending_[pendings_++] = {&o, at, diverges};
      if (pendings_ == kBlock) settle_pending();
    }
    count_ = lookups_ = 0;
  }

  // The orders whose outcome depends on the scope wait until there are a
  // block of them, so that their scope lookups overlap: a block of orders
  // holds one or two. Only they can yield a mismatch, and they are settled
  // in the snapshot's order, so mismatches keep that order.
  void settle_pending() {
    std::string_view asked[kBlock];
    for (std::size_t j = 0; j < pendings_; ++j) asked[j] = pending_[j].order->symbol;
    bool in[kBlock];
    scope_.contains_all(asked, pendings_, in);
    for (std::size_t j = 0; j < pendings_; ++j)
      if (in[j]) compare(*pending_[j].order, pending_[j].at, pending_[j].diverges);
    pendings_ = 0;
  }

  void compare(const plugin::Order& o, std::size_t at, bool diverges) {
    if (at == NameTable::npos) {
      add(r_, MismatchType::OrderExistsUnexpected, o.symbol, o.client_order_id, o.qty, 0,
          "open on the venue, not expected");
      return;
    }
    const ExpectedOrder& e = expected_.value(at);
    seen_[at] = 1;
    next_ = at + 1;
    if (diverges)
      add(r_, MismatchType::OrderStatusDivergence, o.symbol, o.client_order_id, o.qty, e.qty,
          "venue qty=" + util::format_number(o.qty) + " filled=" + util::format_number(o.filled_qty) +
              " price=" + util::format_number(o.price) + "; expected qty=" + util::format_number(e.qty) +
              " price=" + util::format_number(e.price));
  }

  // What is left unseen is missing, where it is in scope; in the expected
  // state's order.
  void report_missing() {
    std::size_t unseen[kBlock];
    std::string_view symbols[kBlock];
    std::size_t n = 0;
    auto flush = [&] {
      bool in[kBlock];
      scope_.contains_all(symbols, n, in);
      for (std::size_t k = 0; k < n; ++k)
        if (in[k])
          add(r_, MismatchType::OrderMissingOnVenue, std::string(symbols[k]), expected_.name(unseen[k]), 0,
              expected_.value(unseen[k]).qty, "expected open, not on the venue");
      n = 0;
    };
    for (std::size_t i = 0; i < expected_.size(); ++i) {
      if (seen_[i]) continue;
      unseen[n] = i;
      symbols[n++] = expected_.value(i).symbol;
      if (n == kBlock) flush();
    }
    flush();
  }

  const NameMap<ExpectedOrder>& expected_;
  const Identity& identity_;
  const Scope& scope_;
  DiffResult& r_;
  std::vector<char> seen_;  // by expected position
  std::size_t next_ = 0;    // the expected position tried first
  const plugin::Order* block_[kBlock];
  std::size_t at_[kBlock];  // each one's expected position, or npos
  std::size_t count_ = 0;
  std::string_view lookup_ids_[kBlock];  // the ids that were not where expected
  std::size_t lookup_of_[kBlock];        // and their places in the block
  std::size_t lookups_ = 0;
  struct Pending {
    const plugin::Order* order;
    std::size_t at;  // its expected position, or npos
    bool diverges;   // from its expected entry
  };
  Pending pending_[kBlock];  // waiting for the scope
  std::size_t pendings_ = 0;
  std::string_view foreign_[kBlock];     // symbols of orders that are not grinder's
  std::size_t foreigns_ = 0;
};

// The positions side, a block at a time as with orders: the expected entries
// first, the one after the last match tried first and the rest looked up
// together; then the scope, asked only about positions whose size differs
// from the expected one (a position that matches yields no mismatch in
// scope or out of it, and an entry out of scope is never reported missing,
// so marking it seen changes nothing).
class PositionComparison {
 public:
  PositionComparison(const NameMap<double>& expected, const Scope& scope, DiffResult& r)
      : expected_(expected), scope_(scope), r_(r), seen_(expected.size(), 0) {}

  void run(const std::vector<plugin::Position>& positions) {
    for (std::size_t first = 0; first < positions.size(); first += kBlock)
      compare_block(&positions[first], std::min(kBlock, positions.size() - first));
    settle_pending();
    for (std::size_t i = 0; i < expected_.size(); ++i) {
      const std::string& symbol = expected_.name(i);
      const double want = expected_.value(i);
      if (!seen_[i] && !same_qty(want, 0) && scope_.contains(symbol))
        add(r_, MismatchType::PositionMismatch, symbol, {}, 0, want, "no position, expected " + util::format_number(want));
    }
  }

 private:
  void compare_block(const plugin::Position* block, std::size_t n) {
    std::size_t at[kBlock];
    std::string_view lookups[kBlock];
    std::size_t lookup_of[kBlock];
    std::size_t count = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (next_ < expected_.size() && expected_.name(next_) == block[k].symbol) {
        at[k] = next_++;
      } else {
        lookups[count] = block[k].symbol;
        lookup_of[count++] = k;
      }
    }
    std::size_t found[kBlock];
    expected_.names().find_all(lookups, count, found);
    for (std::size_t j = 0; j < count; ++j) at[lookup_of[j]] = found[j];

    for (std::size_t k = 0; k < n; ++k) {
      const double want = at[k] == NameTable::npos ? 0 : expected_.value(at[k]);
      if (!same_qty(block[k].qty, want)) {
        pending_[pendings_++] = {&block[k], at[k], want};
        if (pendings_ == kBlock) settle_pending();
      } else if (at[k] != NameTable::npos) {
        seen_[at[k]] = 1;
        next_ = at[k] + 1;
      }
    }
  }

  // As with orders: the positions that differ wait for the scope in blocks,
  // and are settled in the snapshot's order.
  void settle_pending() {
    std::string_view asked[kBlock];
    for (std::size_t j = 0; j < pendings_; ++j) asked[j] = pending_[j].position->symbol;
    bool in[kBlock];
    scope_.contains_all(asked, pendings_, in);
    for (std::size_t j = 0; j < pendings_; ++j) {
      if (!in[j]) continue;
      if (pending_[j].at != NameTable::npos) {
        seen_[pending_[j].at] = 1;
        next_ = pending_[j].at + 1;
      }
      report(*pending_[j].position, pending_[j].want);
    }
    pendings_ = 0;
  }

  void report(const plugin::Position& p, double want) {
    if (same_qty(want, 0))
      add(r_, MismatchType::PositionNonzeroUnexpected, p.symbol, {}, p.qty, 0,
          "position " + util::format_number(p.qty) + ", expected none");
    else
      add(r_, MismatchType::PositionMismatch, p.symbol, {}, p.qty, want,
          "position " + util::format_number(p.qty) + ", expected " + util::format_number(want));
  }

  const NameMap<double>& expected_;
  const Scope& scope_;
  DiffResult& r_;
  std::vector<char> seen_;  // by expected position
  std::size_t next_ = 0;    // the expected position tried first
  struct Pending {
    const plugin::Position* position;
    std::size_t at;  // its expected position, or npos
    double want;
  };
  Pending pending_[kBlock];  // differing, waiting for the scope
  std::size_t pendings_ = 0;
};

}  // namespace

DiffResult diff(const ExpectedState& expected, const plugin::Snapshot& snap, const Identity& identity,
                const Scope& scope) {
  DiffResult r;
  if (snap.orders_status.ok) {
    r.orders_compared = true;
    OrderComparison(expected.orders, identity, scope, r).run(snap.orders);
  }
  if (snap.positions_status.ok) {
    r.positions_compared = true;
    PositionComparison(expected.positions, scope, r).run(snap.positions);
  }
  return r;
}

}  // namespace grinder::reconcile
