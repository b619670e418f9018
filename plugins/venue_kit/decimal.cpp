#include "grinder/venue_kit/decimal.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace grinder::venue_kit {

namespace {

constexpr int kMaxScale = 18;
constexpr int kMaxDigits = 36;

__int128 pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

__int128 checked_mul(__int128 a, __int128 b) {
  __int128 r = 0;
  if (__builtin_mul_overflow(a, b, &r)) throw std::overflow_error("decimal overflow");
  return r;
}

// Floor and ceiling of n / d for d > 0 (C++ division truncates toward zero).
__int128 floor_div(__int128 n, __int128 d) {
  __int128 q = n / d;
  if (n % d != 0 && n < 0) --q;
  return q;
}
__int128 ceil_div(__int128 n, __int128 d) {
  __int128 q = n / d;
  if (n % d != 0 && n > 0) ++q;
  return q;
}

std::string digits_of(__int128 v) {
  if (v == 0) return "0";
  std::string s;
  while (v > 0) {
    s.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  std::reverse(s.begin(), s.end());
  return s;
}

}  // namespace

Decimal Decimal::from_int(std::int64_t v) { return Decimal(v, 0); }

std::optional<Decimal> Decimal::parse(std::string_view text) {
  std::size_t i = 0;
  bool neg = false;
  if (i < text.size() && text[i] == '-') neg = true, ++i;
  __int128 units = 0;
  int digits = 0, scale = 0;
  std::size_t int_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++int_digits) {
    units = units * 10 + (text[i] - '0');
    if (units != 0 && ++digits > kMaxDigits) return std::nullopt;
  }
  if (int_digits == 0) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      units = units * 10 + (text[i] - '0');
      if (++scale > kMaxScale) return std::nullopt;
      if (units != 0 && ++digits > kMaxDigits) return std::nullopt;
    }
    if (scale == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  return Decimal(neg ? -units : units, scale).trimmed();
}

Decimal Decimal::trimmed() const {
  Decimal d = *this;
  while (d.scale_ > 0 && d.units_ % 10 == 0) {
    d.units_ /= 10;
    --d.scale_;
  }
  return d;
}

Decimal Decimal::rescaled(int scale) const {
  if (scale <= scale_) return *this;
  return Decimal(checked_mul(units_, pow10(scale - scale_)), scale);
}

int Decimal::scale() const { return trimmed().scale_; }

Decimal Decimal::abs() const { return Decimal(units_ < 0 ? -units_ : units_, scale_); }

std::string Decimal::fixed(int decimals) const {
  Decimal d = trimmed();
  if (decimals > d.scale_) d = d.rescaled(std::min(decimals, kMaxScale * 2));
  __int128 mag = d.units_ < 0 ? -d.units_ : d.units_;
  std::string digits = digits_of(mag);
  auto scale = static_cast<std::size_t>(d.scale_);
  if (digits.size() <= scale) digits = std::string(scale + 1 - digits.size(), '0') + digits;
  std::string out = d.units_ < 0 ? "-" : "";
  out += digits.substr(0, digits.size() - scale);
  if (scale > 0) out += "." + digits.substr(digits.size() - scale);
  return out;
}

std::string Decimal::str() const { return fixed(0); }

Decimal operator+(const Decimal& a, const Decimal& b) {
  int s = std::max(a.scale_, b.scale_);
  return Decimal(a.rescaled(s).units_ + b.rescaled(s).units_, s).trimmed();
}

Decimal operator-(const Decimal& a, const Decimal& b) {
  int s = std::max(a.scale_, b.scale_);
  return Decimal(a.rescaled(s).units_ - b.rescaled(s).units_, s).trimmed();
}

Decimal operator*(const Decimal& a, const Decimal& b) {
  Decimal x = a.trimmed(), y = b.trimmed();
  return Decimal(checked_mul(x.units_, y.units_), x.scale_ + y.scale_).trimmed();
}

int compare(const Decimal& a, const Decimal& b) {
  int s = std::max(a.scale_, b.scale_);
  __int128 x = a.rescaled(s).units_, y = b.rescaled(s).units_;
  return x < y ? -1 : x > y ? 1 : 0;
}

Decimal Decimal::floor_to(const Decimal& inc) const {
  if (!inc.positive()) return *this;
  int s = std::max(scale_, inc.scale_);
  __int128 v = rescaled(s).units_, u = inc.rescaled(s).units_;
  return Decimal(checked_mul(floor_div(v, u), u), s).trimmed();
}

Decimal Decimal::ceil_to(const Decimal& inc) const {
  if (!inc.positive()) return *this;
  int s = std::max(scale_, inc.scale_);
  __int128 v = rescaled(s).units_, u = inc.rescaled(s).units_;
  return Decimal(checked_mul(ceil_div(v, u), u), s).trimmed();
}

Decimal Decimal::round_to(const Decimal& inc) const {
  if (!inc.positive()) return *this;
  Decimal lo = floor_to(inc), hi = ceil_to(inc);
  Decimal below = *this - lo, above = hi - *this;
  if (below < above) return lo;
  if (above < below) return hi;
  return negative() ? lo : hi;  // halves away from zero
}

bool Decimal::is_multiple_of(const Decimal& inc) const {
  if (!inc.positive()) return true;
  int s = std::max(scale_, inc.scale_);
  return rescaled(s).units_ % inc.rescaled(s).units_ == 0;
}

Decimal Decimal::ceil_multiple_for(const Decimal& target, const Decimal& factor, const Decimal& increment) {
  if (!factor.positive() || !increment.positive()) throw std::invalid_argument("factor and increment must be > 0");
  if (!target.positive()) return Decimal();
  Decimal unit = factor * increment;  // what one increment adds to the product
  int s = std::max(target.scale_, unit.scale_);
  __int128 k = ceil_div(target.rescaled(s).units_, unit.rescaled(s).units_);
  return (increment * Decimal(k, 0)).trimmed();
}

double Decimal::to_double() const {
  // Through the text, so the nearest double is chosen by the library; never
  // through the locale (a host's LC_NUMERIC could read "0.5" as 0).
  std::string text = str();
  double v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

}  // namespace grinder::venue_kit
