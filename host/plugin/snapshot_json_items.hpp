#pragma once
// Internal to the snapshot reader: the members of one item (an order, a
// position, a balance) as they were met in the document, and the item made
// from them. The members may come in any order, so nothing is judged until
// the item's object closes; then the fields are checked in a fixed order, and
// the first problem is the one reported, whatever the order in the document.
#include <array>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <string>
#include <string_view>

#include "grinder/plugin/venue_types.hpp"

namespace grinder::plugin::snapshot_json {

// Where an item sits ("orders[3]"), spelled out only when there is an error.
struct ItemPath {
  const char* source;
  std::size_t index;
  std::string str() const;
};

// Thrown while an item is made, caught by the reader: its source fails alone.
struct BadItem {
  std::string what;
};

// The value of a member, of the kinds an item field can tell apart.
struct FieldValue {
  enum class Kind : std::uint8_t { String, Bool, Other };
  Kind kind = Kind::Other;
  bool flag = false;
  std::string_view text;  // String: decoded in place in the parser's copy of the document
};

enum class ItemKind : std::uint8_t { Order, Position, Balance };

// The members each item kind reads, in the order they are checked.
enum OrderField : std::size_t {
  kClientOrderId, kVenueOrderId, kOrderSymbol, kSide, kType, kPrice, kOrderQty, kFilledQty, kStatus, kReduceOnly,
  kTimeInForce
};
inline constexpr std::string_view kOrderFields[] = {"client_order_id", "venue_order_id", "symbol", "side",
                                                    "type",            "price",          "qty",    "filled_qty",
                                                    "status",          "reduce_only",    "time_in_force"};
enum PositionField : std::size_t { kPositionSymbol, kPositionQty, kEntryPrice, kMarkPrice };
inline constexpr std::string_view kPositionFields[] = {"symbol", "qty", "entry_price", "mark_price"};
enum BalanceField : std::size_t { kAsset, kFree, kLocked };
inline constexpr std::string_view kBalanceFields[] = {"asset", "free", "locked"};

// The members of one item. Only the first member of a name counts (a later
// one with the same name is ignored, as a lookup by name would find the
// first); members of other names are ignored.
class ItemFields {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  static constexpr std::size_t kMaxFields = std::size(kOrderFields);

  void reset(ItemKind kind) {
    kind_ = kind;
    present_ = 0;
    guess_ = 0;
  }
  // The field `name` is, if it is one of the item's and was not met before.
  // Called for every member of every item, so it is inline, and unrolled
  // over tables known at compile time: each comparison is of a length and a
  // few bytes, without a call.
  std::size_t wanted(std::string_view name) {
    std::size_t field = npos;
    switch (kind_) {
      case ItemKind::Order: field = index_of(kOrderFields, name); break;
      case ItemKind::Position: field = index_of(kPositionFields, name); break;
      case ItemKind::Balance: field = index_of(kBalanceFields, name); break;
    }
    return field == npos || has(field) ? npos : field;
  }
  void set(std::size_t field, const FieldValue& v) {
    values_[field] = v;
    present_ |= 1u << field;
  }
  bool has(std::size_t field) const { return present_ & (1u << field); }
  const FieldValue& at(std::size_t field) const { return values_[field]; }
  ItemKind kind() const { return kind_; }

 private:
  // A plugin writes an item's members in the same order every time, so the
  // field after the last one found is tried first: one comparison per
  // member, not one per field before it.
  template <std::size_t N>
  std::size_t index_of(const std::string_view (&names)[N], std::string_view name) {
    if (guess_ < N && same(names[guess_], name)) return guess_++;
    for (std::size_t i = 0; i < N; ++i)
      if (same(names[i], name)) return (guess_ = i + 1) - 1;
    return npos;
  }

  // Equal names, compared a word at a time without a call to memcmp (which
  // costs more than the comparison itself on names this short). The words
  // overlap at the end rather than read past either name.
  static bool same(std::string_view a, std::string_view b) {
    const std::size_t n = a.size();
    if (n != b.size()) return false;
    const char *x = a.data(), *y = b.data();
    if (n >= 8) {
      for (std::size_t i = 0; i + 8 < n; i += 8)
        if (word<std::uint64_t>(x + i) != word<std::uint64_t>(y + i)) return false;
      return word<std::uint64_t>(x + n - 8) == word<std::uint64_t>(y + n - 8);
    }
    if (n >= 4) return word<std::uint32_t>(x) == word<std::uint32_t>(y) && word<std::uint32_t>(x + n - 4) == word<std::uint32_t>(y + n - 4);
    for (std::size_t i = 0; i < n; ++i)
      if (x[i] != y[i]) return false;
    return true;
  }
  template <class W>
  static W word(const char* p) {
    W w;
    std::memcpy(&w, p, sizeof w);
    return w;
  }

  ItemKind kind_ = ItemKind::Order;
  std::uint32_t present_ = 0;
  std::size_t guess_ = 0;  // the field index_of tries first
  std::array<FieldValue, kMaxFields> values_;
};

// Each fills `out` from the fields, or throws BadItem. A half-filled item is
// left for the reader to drop, with the rest of its list.
void read_order(const ItemFields& f, const ItemPath& where, Order& out);
void read_position(const ItemFields& f, const ItemPath& where, Position& out);
void read_balance(const ItemFields& f, const ItemPath& where, Balance& out);

}  // namespace grinder::plugin::snapshot_json
