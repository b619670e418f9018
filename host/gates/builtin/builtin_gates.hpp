#pragma once
// Internal to the gates folder: the constructors of the built-in gates, by
// theme. make_builtin_gate() (factory.cpp) picks one by name.
#include <optional>
#include <string>
#include <vector>

#include "grinder/config/value.hpp"
#include "grinder/gates/gate.hpp"

namespace grinder::gates::builtin {

// Typed access to a gate's `with:` parameters (already schema-checked).
struct Params {
  const config::Value& with;
  std::optional<double> number(const char* key) const;
  std::optional<std::string> text(const char* key) const;  // strings, numbers and booleans as text
  std::optional<std::vector<std::string>> list(const char* key) const;
};

// Stage gates: the stage and the flags derived from it.
GatePtr action_in_stage(std::string id);
GatePtr dry_run(std::string id);
GatePtr allow_active_remediation(std::string id);
GatePtr armed(std::string id);

// Environment gates: connector mode, env flags, safe mode.
GatePtr connector_mode(std::string id, const Params& p);
GatePtr env_flag(std::string id, const Params& p);
GatePtr safe_mode(std::string id, const Params& p);

// Scope gates: what and how much an action may touch.
GatePtr symbol_allowlist(std::string id, const Params& p);
GatePtr identity(std::string id, const Params& p);
GatePtr max_orders_per_action(std::string id, const Params& p);
GatePtr max_symbols_per_action(std::string id, const Params& p);
GatePtr cooldown(std::string id, const Params& p);

// Notional gates.
GatePtr max_notional_per_order(std::string id, const Params& p);
GatePtr min_notional(std::string id, const Params& p);
GatePtr flatten_notional(std::string id, const Params& p);
GatePtr price_known(std::string id);

// Budget gate (per-run / per-day calls and notional).
GatePtr budget(std::string id);

// Safety gates: kill switch, stale market data, circuit, leader, venue.
GatePtr kill_switch(std::string id);
GatePtr market_data_fresh(std::string id, const Params& p);
GatePtr circuit_breaker(std::string id);
GatePtr leader(std::string id);
GatePtr venue_configured(std::string id);

// The price an action's notional is measured with: its own limit price, else
// the side of the book it would trade against, else the mid.
std::optional<double> reference_price(const Action& a, const GateContext& ctx);

}  // namespace grinder::gates::builtin
