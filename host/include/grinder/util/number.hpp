#pragma once
// Numbers in messages and JSON: shortest text that reads back the same, no
// float noise ("0.1", not "0.10000000000000001").
#include <charconv>
#include <concepts>
#include <string>

namespace grinder::util {

std::string format_number(double v);

// The same text appended to `out`, without a string of its own: denial
// details are written into buffers that are reused from call to call.
void append_number(std::string& out, double v);

// An integer in decimal, as std::to_string writes it.
template <std::integral I>
  requires(!std::same_as<I, bool>)
void append_number(std::string& out, I v) {
  char buf[24];  // 20 digits of a 64-bit value, a sign, room to spare
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

}  // namespace grinder::util
