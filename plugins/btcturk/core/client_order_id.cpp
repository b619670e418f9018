#include "client_order_id.hpp"

namespace grinder::btcturk {

bool valid_client_order_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxClientOrderIdLength) return false;
  for (char c : id) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == ':' ||
              c == '/' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace grinder::btcturk
