#include "decimal.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace grinder::paper {

std::optional<double> parse_decimal(std::string_view text) {
  std::size_t i = 0, digits = 0;
  if (i < text.size() && text[i] == '-') ++i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  if (digits == 0) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    std::size_t frac = 0;
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++frac;
    if (frac == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

int decimals_of(double increment) {
  double scaled = std::fabs(increment);
  for (int d = 0; d < 15; ++d, scaled *= 10) {
    if (std::fabs(scaled - std::round(scaled)) < 1e-9 * (scaled > 1 ? scaled : 1)) return d;
  }
  return 15;
}

std::string format_fixed(double value, int decimals) {
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string out(buf);
  if (out.find('.') != std::string::npos) {
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

std::optional<std::int64_t> whole_units(double value, double unit) {
  if (!(unit > 0)) return std::nullopt;
  double ratio = value / unit;
  double nearest = std::round(ratio);
  // Binary noise in value / unit is a few ulps of the ratio; anything more
  // is a real remainder (60000.05 on a 0.1 grid is 600000.5 ticks).
  if (std::fabs(ratio - nearest) > 1e-9 + 1e-12 * std::fabs(nearest)) return std::nullopt;
  if (std::fabs(nearest) > 9e15) return std::nullopt;
  return static_cast<std::int64_t>(nearest);
}

}  // namespace grinder::paper
