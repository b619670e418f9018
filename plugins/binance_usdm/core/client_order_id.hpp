#pragma once
// newClientOrderId as Binance USDT-M accepts it (New Order: "Can only be
// string following the rule: ^[\.A-Z\:/a-z0-9_-]{1,36}$"); a longer one is
// -4015. Checked before sending so a bad id never reaches the venue.
#include <string_view>

namespace grinder::binance {

bool valid_client_order_id(std::string_view id);

}  // namespace grinder::binance
