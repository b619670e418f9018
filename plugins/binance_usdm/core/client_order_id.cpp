#include "client_order_id.hpp"

namespace grinder::binance {

bool valid_client_order_id(std::string_view id) {
  if (id.empty() || id.size() > 36) return false;
  for (char c : id) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == ':' ||
              c == '/' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace grinder::binance
