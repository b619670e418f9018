#pragma once
// Decimal text at the boundary, whole units inside: the simulation keeps
// prices as a count of ticks and quantities as a count of steps, so a price it
// quotes is always on the tick grid and prints exactly.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace grinder::paper {

// The ABI's decimal syntax: optional '-', digits, optional '.' and digits.
std::optional<double> parse_decimal(std::string_view text);

// How many decimals a configured increment has: 0.001 -> 3, 0.5 -> 1, 5 -> 0.
int decimals_of(double increment);

// value rounded to `decimals` places, trailing zeros trimmed: "65000.1", "0".
std::string format_fixed(double value, int decimals);

// value / unit when that is a whole number (tolerating binary noise), else nullopt.
std::optional<std::int64_t> whole_units(double value, double unit);

}  // namespace grinder::paper
