#pragma once
// Numbers in messages and JSON: shortest text that reads back the same, no
// float noise ("0.1", not "0.10000000000000001").
#include <string>

namespace grinder::util {

std::string format_number(double v);

}  // namespace grinder::util
