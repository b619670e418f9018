#pragma once
// The reconcile, connector, safety and stage metrics of Runbooks 13, 15, 17
// and 22, with handles cached at construction (the gate metrics live in
// metrics::GateMetrics).
#include <array>
#include <map>
#include <memory>
#include <string>

#include "grinder/reconcile/diff.hpp"

namespace prometheus {
class Registry;
class Counter;
class Gauge;
template <typename T>
class Family;
}  // namespace prometheus

namespace grinder::runtime {

struct RuntimeMetrics {
  explicit RuntimeMetrics(prometheus::Registry& registry, const std::vector<std::string>& stages);

  prometheus::Gauge* up;
  prometheus::Counter* runs;
  prometheus::Counter* runs_with_mismatch;
  std::array<prometheus::Counter*, reconcile::kMismatchTypes> mismatches{};
  prometheus::Gauge* snapshot_age_s;
  prometheus::Counter* runs_with_remediation_cancel_all;
  prometheus::Counter* runs_with_remediation_flatten;
  prometheus::Gauge* last_remediation_ts_ms;
  prometheus::Counter* snapshot_failures;
  prometheus::Gauge* circuit_closed;
  prometheus::Gauge* circuit_open;
  prometheus::Gauge* circuit_half_open;
  prometheus::Gauge* drawdown_pct;
  std::map<std::string, prometheus::Gauge*> stage;  // grinder_stage{stage}
  prometheus::Gauge* ws_connected;
  prometheus::Counter* ticks;
  prometheus::Gauge* last_tick_ts;
  prometheus::Counter* orders_placed;
  prometheus::Counter* orders_cancelled;
  prometheus::Counter* connector_errors;
  prometheus::Gauge* market_data_age_ms;
  prometheus::Gauge* audit_healthy;
  prometheus::Gauge* foreign_orders;
  // HA (Runbook 17 section 4): 1 on the leader and on a single host.
  prometheus::Gauge* ha_is_leader;
  prometheus::Gauge* ha_role_leader;   // grinder_ha_role{role="leader"}
  prometheus::Gauge* ha_role_standby;  // grinder_ha_role{role="standby"}
  prometheus::Gauge* ha_enabled;
  prometheus::Counter* ha_role_changes;

  // grinder_venue_stat{name}: what the plugin reports beyond the snapshot
  // (for Binance: used weight and order count per interval, stream health,
  // clock offset). Handles are made the first time a name appears.
  void set_venue_stats(const std::map<std::string, double>& stats);
  prometheus::Family<prometheus::Gauge>* venue_stat_family = nullptr;
  std::map<std::string, prometheus::Gauge*> venue_stat;
  prometheus::Gauge* ws_reconnects = nullptr;

  void set_stage(const std::string& name);
  void set_circuit(const std::string& state);  // "closed", "open", "half_open"
};

}  // namespace grinder::runtime
