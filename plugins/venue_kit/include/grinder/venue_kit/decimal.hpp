#pragma once
// Exact decimals for prices, quantities and notionals. Venues speak decimal
// text ("0.10", "65000.1") and check it against their tick and step sizes; a
// double cannot hold 0.1, so a price rounded to its tick in binary carries
// noise (48500.100000000006) that a venue refuses as a bad precision or scale.
// Here a value is an integer count of 10^-scale units, and every operation is
// exact.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grinder::venue_kit {

class Decimal {
 public:
  Decimal() = default;
  static Decimal from_int(std::int64_t v);
  // "-?[0-9]+(\.[0-9]+)?" with at most 18 decimals and 36 digits in all;
  // anything else (exponents, '+', spaces, "1.") is nullopt.
  static std::optional<Decimal> parse(std::string_view text);

  // Trailing zeros trimmed, never "-0": "48500.1", "0", "-0.003".
  std::string str() const;
  // At least `decimals` places, padding with zeros ("48500.10" for 2); more
  // when the value needs them, so nothing is ever rounded away here.
  std::string fixed(int decimals) const;
  // Places after the point once trailing zeros are trimmed: "0.10" -> 1.
  int scale() const;

  bool is_zero() const { return units_ == 0; }
  bool negative() const { return units_ < 0; }
  bool positive() const { return units_ > 0; }
  Decimal abs() const;

  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  // Throws std::overflow_error past 10^38 units (far beyond any order).
  friend Decimal operator*(const Decimal& a, const Decimal& b);
  friend int compare(const Decimal& a, const Decimal& b);
  friend bool operator==(const Decimal& a, const Decimal& b) { return compare(a, b) == 0; }
  friend bool operator!=(const Decimal& a, const Decimal& b) { return compare(a, b) != 0; }
  friend bool operator<(const Decimal& a, const Decimal& b) { return compare(a, b) < 0; }
  friend bool operator<=(const Decimal& a, const Decimal& b) { return compare(a, b) <= 0; }
  friend bool operator>(const Decimal& a, const Decimal& b) { return compare(a, b) > 0; }
  friend bool operator>=(const Decimal& a, const Decimal& b) { return compare(a, b) >= 0; }

  // The multiple of a positive increment (tick or step size) at or below,
  // at or above, or nearest to (halves away from zero) this value. A zero or
  // negative increment returns the value unchanged.
  Decimal floor_to(const Decimal& increment) const;
  Decimal ceil_to(const Decimal& increment) const;
  Decimal round_to(const Decimal& increment) const;
  bool is_multiple_of(const Decimal& increment) const;

  // The smallest non-negative multiple of `increment` whose product with
  // `factor` is at least `target`: the quantity (on the step grid) that makes
  // price * quantity reach a minimum notional. factor and increment > 0.
  static Decimal ceil_multiple_for(const Decimal& target, const Decimal& factor, const Decimal& increment);

  // A double for display and for the host's arithmetic; never for the wire.
  double to_double() const;

 private:
  Decimal(__int128 units, int scale) : units_(units), scale_(scale) {}
  Decimal trimmed() const;
  Decimal rescaled(int scale) const;  // scale >= scale_

  __int128 units_ = 0;
  int scale_ = 0;
};

}  // namespace grinder::venue_kit
