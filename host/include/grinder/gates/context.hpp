#pragma once
// What a gate may read while it checks an action: a read-only view assembled
// by the caller (the runtime, `explain`, a test) for one decision. Gates are
// pure: they never change anything through it.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "grinder/ladder/ladder.hpp"

namespace grinder::gates {

struct MarketView {
  std::optional<double> bid;
  std::optional<double> ask;
  std::int64_t venue_ts_ms = 0;
  std::optional<std::int64_t> age_ms;  // unset: never received

  std::optional<double> mid() const;
};

// Counters already used in this run and this UTC day, as the budget ledger
// last persisted them. `error` set: the ledger is unusable (corrupt file) and
// execution must stop.
struct BudgetView {
  std::int64_t calls_run = 0;
  std::int64_t calls_day = 0;
  double notional_run = 0;
  double notional_day = 0;
  std::string error;
};

struct OpenOrderView {
  std::string client_order_id;
  std::string symbol;
  double qty = 0;
  double price = 0;
};

struct GateContext {
  // Stage and the flags derived from it.
  const ladder::Stage* stage = nullptr;
  ladder::DerivedFlags flags;
  ladder::Limits limits;  // effective: stage + graduation step
  std::string graduation_step;
  std::uint64_t generation = 0;

  // Environment the chain exposes (captured when the generation was built).
  std::map<std::string, std::string> env;

  // Market data and venue facts for the action's symbol.
  MarketView market;
  std::optional<double> min_notional;  // venue filter
  double position_qty = 0;             // signed
  std::vector<OpenOrderView> open_orders;

  BudgetView budget;
  std::optional<std::int64_t> last_action_ms;  // cooldown: last executed action on the symbol

  // Safety state.
  bool kill_switch = false;
  bool circuit_open = false;
  bool leader = true;
  bool venue_configured = true;

  // Identity (Runbook 15): what makes an order grinder's own.
  std::string identity_prefix = "grinder_";
  std::vector<std::string> strategies;

  // Selected metrics.
  double drawdown_pct = 0;
  double reject_rate = 0;
  double actions_last_hour = 0;

  std::int64_t now_ms = 0;  // wall clock, UTC epoch ms

  std::optional<std::string> env_value(const std::string& name) const;
  // The same without a copy: null when unset. Gates read the env on every
  // decision.
  const std::string* find_env(const std::string& name) const;
};

}  // namespace grinder::gates
