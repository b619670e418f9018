#pragma once
// Decimal text at the plugin boundary. Exchanges take decimals ("65000.1"),
// the host computes in doubles; these two functions are the only crossing.
#include <optional>
#include <string>
#include <string_view>

namespace grinder::plugin {

// The shortest plain decimal with at most 15 significant digits: 0.1 -> "0.1",
// 65000.100000000006 -> "65000.1", 1e-5 -> "0.00001". Never an exponent.
// Fifteen digits is what a double holds exactly, so every value on a
// venue's grid prints as the exchange wrote it, and the noise of a single
// operation (0.1 + 0.2) is rounded away. Non-finite values give "".
std::string format_decimal(double value);

// The multiple of `increment` (a tick or step size) nearest to value, or the
// one at or below it: how a computed price or quantity is put on the venue's
// grid before it is sent. Subtraction can leave noise in the 14th digit
// (0.1 * 3 - 0.297 is 0.0030000000000000027), which only snapping removes.
// An increment <= 0 returns value unchanged.
double round_to_increment(double value, double increment);
double floor_to_increment(double value, double increment);

// Parses the ABI's decimal syntax: optional '-', digits, optional '.' and
// digits. No exponent, no '+', no spaces: anything else is nullopt.
std::optional<double> parse_decimal(std::string_view text);

}  // namespace grinder::plugin
