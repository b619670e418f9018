#include "grinder/plugin/decimal.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace grinder::plugin {

std::string format_decimal(double value) {
  if (!std::isfinite(value)) return "";
  if (value == 0) return "0";
  // Digits after the point that keep 15 significant digits in all.
  int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  int decimals = 14 - magnitude;
  if (decimals < 0) decimals = 0;
  if (decimals > 30) decimals = 30;
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

double round_to_increment(double value, double increment) {
  if (!(increment > 0)) return value;
  return std::round(value / increment) * increment;
}

double floor_to_increment(double value, double increment) {
  if (!(increment > 0)) return value;
  // The epsilon keeps 0.003 / 0.001 = 2.9999999999999996 at 3 steps.
  return std::floor(value / increment + 1e-9) * increment;
}

std::optional<double> parse_decimal(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  std::size_t int_digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++int_digits;
  if (int_digits == 0) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    ++i;
    std::size_t frac_digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++frac_digits;
    if (frac_digits == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace grinder::plugin
