#pragma once
// The client order id sent as newOrderClientId. BTCTurk documents no
// format (it makes up a GUID when none is sent), so the plugin holds ids to
// a conservative one that survives every listing and the ABI's id field:
// 1 to 50 of A-Z a-z 0-9 . _ : / -.
#include <cstddef>
#include <string_view>

namespace grinder::btcturk {

constexpr std::size_t kMaxClientOrderIdLength = 50;

bool valid_client_order_id(std::string_view id);

}  // namespace grinder::btcturk
