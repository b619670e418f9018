#pragma once
// One cycle of the bounded canary (BTCTurk runbook, stages 2 and 3): read the
// touch, refuse stale data, judge a far-from-touch LIMIT BUY through the
// stage's gate chain, reserve the budget, place it, watch it for its TTL,
// cancel it, and write each step to the audit. Whatever makes the canary
// stop comes back as a CanaryStop; an order that was placed is cancelled
// before the cycle returns, whatever else happened.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grinder/audit/audit_log.hpp"
#include "grinder/plugin/venue.hpp"
#include "grinder/reload/generation.hpp"
#include "stop_signals.hpp"

namespace grinder::cli {

struct CanarySpec {
  std::string symbol;
  double notional = 0;
  double ttl_s = 30;
  double cycle_s = 10;
  std::int64_t max_cycles = 1;
};

struct CanaryStop {
  // max_cycles, market_data:stale, market_data:invalid, kill_switch,
  // gate_denied, budget_*, venue_error:<CLASS>, audit_unavailable, signal.
  std::string reason;
  std::vector<std::string> reasons;  // every denying gate's, when a gate stopped it
  std::string detail;
  int exit_code = 0;  // 0 ran to the end, 1 stopped early (gate, data), 2 venue failure or bad input
  std::string decision_json;
};

struct CycleRecord {
  std::int64_t cycle = 0;
  // not_sent, rejected, cancelled, filled, closed (the venue ended it)
  std::string outcome = "not_sent";
  std::string client_order_id;
  double price = 0;
  double qty = 0;
  double filled_qty = 0;
  std::int64_t latency_ms = -1;  // place round trip
  std::int64_t rested_ms = 0;    // from placed to cancelled or ended
  std::optional<CanaryStop> stop;
};

// What every cycle of one canary works with.
struct CanaryRun {
  const reload::Generation& gen;
  plugin::Venue& venue;
  audit::AuditLog& audit;
  plugin::Filters filters;
  CanarySpec spec;
  std::int64_t max_age_ms = 10000;
  std::string stem;  // unique per canary: client order ids and ledger runs
  StopSignals& signals;
};

CycleRecord run_canary_cycle(CanaryRun& run, std::int64_t cycle);

// Venue errors that end the canary at once: the credentials, a refusal that
// would repeat, or an order whose fate is unknown.
bool is_hard_error(plugin::ErrorClass c);

}  // namespace grinder::cli
