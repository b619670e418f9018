#pragma once
// Identity (Runbook 15): every order grinder places carries a client order id
// "<prefix><strategy>_<unique>", so reconcile and the identity gate can tell
// grinder's orders from anybody else's and never touch the latter.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grinder::gates {

// The strategy id inside a client order id with this prefix, or nullopt when
// the id is not grinder's.
std::optional<std::string> strategy_of(std::string_view client_order_id, std::string_view prefix);

// True when the id carries the prefix and (if any are listed) an allowed strategy.
bool is_own_order(std::string_view client_order_id, std::string_view prefix, const std::vector<std::string>& strategies);

}  // namespace grinder::gates
