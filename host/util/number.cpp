#include "grinder/util/number.hpp"

#include <cmath>

namespace grinder::util {

std::string format_number(double v) {
  std::string out;
  append_number(out, v);
  return out;
}

void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

}  // namespace grinder::util
