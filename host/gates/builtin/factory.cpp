// make_builtin_gate: from a chain entry to a gate, by name. The names and their
// parameter schemas are in catalog.cpp; this is where each is built.
#include "builtin_gates.hpp"
#include "grinder/gates/catalog.hpp"
#include "grinder/gates/chain.hpp"

namespace grinder::gates {

GatePtr make_builtin_gate(const config::ChainGateConfig& entry, config::Diagnostics& diags) {
  using namespace builtin;
  const Params p{entry.with};
  const std::string& n = entry.name;
  std::string id = entry.id.empty() ? n : entry.id;
  if (n == "action_in_stage") return action_in_stage(id);
  if (n == "dry_run") return dry_run(id);
  if (n == "allow_active_remediation") return allow_active_remediation(id);
  if (n == "armed") return armed(id);
  if (n == "connector_mode") return connector_mode(id, p);
  if (n == "env_flag") return env_flag(id, p);
  if (n == "safe_mode") return safe_mode(id, p);
  if (n == "kill_switch") return kill_switch(id);
  if (n == "symbol_allowlist") return symbol_allowlist(id, p);
  if (n == "identity") return identity(id, p);
  if (n == "cooldown") return cooldown(id, p);
  if (n == "max_orders_per_action") return max_orders_per_action(id, p);
  if (n == "max_symbols_per_action") return max_symbols_per_action(id, p);
  if (n == "max_notional_per_order") return max_notional_per_order(id, p);
  if (n == "min_notional") return min_notional(id, p);
  if (n == "flatten_notional") return flatten_notional(id, p);
  if (n == "price_known") return price_known(id);
  if (n == "budget") return budget(id);
  if (n == "market_data_fresh") return market_data_fresh(id, p);
  if (n == "circuit_breaker") return circuit_breaker(id);
  if (n == "leader") return leader(id);
  if (n == "venue_configured") return venue_configured(id);
  diags.add(entry.loc, "chain.unknown_gate", "no built-in gate named '" + n + "'");
  return nullptr;
}

}  // namespace grinder::gates
