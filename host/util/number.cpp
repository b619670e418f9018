#include "grinder/util/number.hpp"

#include <charconv>
#include <cmath>

namespace grinder::util {

std::string format_number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

}  // namespace grinder::util
