#include "snapshot_json_items.hpp"

#include <cstdint>
#include <optional>
#include <span>

#include "grinder/plugin/decimal.hpp"

namespace grinder::plugin::snapshot_json {

namespace {

std::span<const std::string_view> names_of(ItemKind kind) {
  switch (kind) {
    case ItemKind::Order: return kOrderFields;
    case ItemKind::Position: return kPositionFields;
    case ItemKind::Balance: return kBalanceFields;
  }
  return {};
}

// parse_decimal's value, computed directly for the decimals venues write: up
// to 19 digits whose value fits a double's mantissa exactly, and at most 22
// after the point. Both the digits and the power of ten are then exact
// doubles, and one correctly rounded division gives the correctly rounded
// value from_chars would. Anything else, malformed text included, is left to
// parse_decimal, which alone decides what is well formed.
std::optional<double> read_decimal(std::string_view s) {
  static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const bool negative = !s.empty() && s[0] == '-';
  std::size_t i = negative ? 1 : 0;
  std::uint64_t mantissa = 0;
  std::size_t digits = 0, fraction = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits)
    mantissa = mantissa * 10 + static_cast<std::uint64_t>(s[i] - '0');
  const std::size_t int_digits = digits;
  if (i < s.size() && s[i] == '.')
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits, ++fraction)
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(s[i] - '0');
  const bool plain = i == s.size() && int_digits > 0 && (fraction > 0 || s.back() != '.');
  if (!plain || digits > 19 || mantissa > (std::uint64_t{1} << 53) || fraction >= std::size(kPowers))
    return parse_decimal(s);
  const double v = static_cast<double>(mantissa) / kPowers[fraction];
  return negative ? -v : v;
}

// Reads the fields of one item the way the snapshot format defines them;
// every refusal names the item and the member.
class Item {
 public:
  Item(const ItemFields& fields, const ItemPath& where) : f_(fields), where_(where) {}

  std::string_view text(std::size_t field, bool required = true) const {
    if (!f_.has(field)) {
      if (required) fail(field, " is missing");
      return {};
    }
    if (f_.at(field).kind != FieldValue::Kind::String) fail(field, " is not a string");
    return f_.at(field).text;
  }

  double decimal(std::size_t field, bool required = true) const {
    std::string_view s = text(field, required);
    if (s.empty() && !required) return 0;
    auto v = read_decimal(s);
    if (!v) fail(field, " '" + std::string(s) + "' is not a decimal string");
    return *v;
  }

  bool flag(std::size_t field) const {
    if (!f_.has(field)) return false;
    if (f_.at(field).kind != FieldValue::Kind::Bool) fail(field, " is not a boolean");
    return f_.at(field).flag;
  }

  template <class E>
  E enumerated(std::size_t field, std::optional<E> (*parse)(std::string_view),
               std::optional<E> fallback = std::nullopt) const {
    if (!f_.has(field) && fallback) return *fallback;
    std::string_view s = text(field);
    auto v = parse(s);
    if (!v) fail(field, " '" + std::string(s) + "' is not known");
    return *v;
  }

 private:
  [[noreturn]] void fail(std::size_t field, const std::string& what) const {
    throw BadItem{where_.str() + "." + std::string(names_of(f_.kind())[field]) + what};
  }

  const ItemFields& f_;
  const ItemPath& where_;
};

}  // namespace

std::string ItemPath::str() const { return std::string(source) + "[" + std::to_string(index) + "]"; }

void read_order(const ItemFields& f, const ItemPath& where, Order& out) {
  const Item item(f, where);
  out.client_order_id = item.text(kClientOrderId);
  out.venue_order_id = item.text(kVenueOrderId, false);
  out.symbol = item.text(kOrderSymbol);
  out.side = item.enumerated(kSide, parse_side);
  out.type = item.enumerated(kType, parse_order_type);
  out.price = item.decimal(kPrice, out.type == OrderType::Limit);
  out.qty = item.decimal(kOrderQty);
  out.filled_qty = item.decimal(kFilledQty, false);
  out.status = item.enumerated(kStatus, parse_order_status);
  out.reduce_only = item.flag(kReduceOnly);
  out.time_in_force = item.enumerated(kTimeInForce, parse_time_in_force, std::optional(TimeInForce::GTC));
}

void read_position(const ItemFields& f, const ItemPath& where, Position& out) {
  const Item item(f, where);
  out.symbol = item.text(kPositionSymbol);
  out.qty = item.decimal(kPositionQty);
  out.entry_price = item.decimal(kEntryPrice, false);
  out.mark_price = item.decimal(kMarkPrice, false);
}

void read_balance(const ItemFields& f, const ItemPath& where, Balance& out) {
  const Item item(f, where);
  out.asset = item.text(kAsset);
  out.free = item.decimal(kFree);
  out.locked = item.decimal(kLocked, false);
}

}  // namespace grinder::plugin::snapshot_json
