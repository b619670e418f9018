#include "grinder/runtime/runtime_metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace grinder::runtime {

namespace {
prometheus::Counter* counter(prometheus::Registry& r, const std::string& name, const std::string& help,
                             const std::map<std::string, std::string>& labels = {}) {
  return &prometheus::BuildCounter().Name(name).Help(help).Register(r).Add(labels);
}
prometheus::Gauge* gauge(prometheus::Registry& r, const std::string& name, const std::string& help,
                         const std::map<std::string, std::string>& labels = {}) {
  return &prometheus::BuildGauge().Name(name).Help(help).Register(r).Add(labels);
}
}  // namespace

RuntimeMetrics::RuntimeMetrics(prometheus::Registry& r, const std::vector<std::string>& stages) {
  up = gauge(r, "grinder_up", "1 while grinder runs");
  runs = counter(r, "grinder_reconcile_runs_total", "Reconcile cycles run");
  runs_with_mismatch = counter(r, "grinder_reconcile_runs_with_mismatch_total", "Reconcile cycles that found a mismatch");
  auto& mm = prometheus::BuildCounter()
                 .Name("grinder_reconcile_mismatch_total")
                 .Help("Mismatches found, by type")
                 .Register(r);
  for (int i = 0; i < reconcile::kMismatchTypes; ++i)
    mismatches[i] = &mm.Add({{"type", reconcile::to_string(static_cast<reconcile::MismatchType>(i))}});
  snapshot_age_s = gauge(r, "grinder_reconcile_last_snapshot_age_seconds", "Seconds since the last complete snapshot");
  auto& rem = prometheus::BuildCounter()
                  .Name("grinder_reconcile_runs_with_remediation_total")
                  .Help("Reconcile cycles that executed a remediation, by action")
                  .Register(r);
  runs_with_remediation_cancel_all = &rem.Add({{"action", "cancel_all"}});
  runs_with_remediation_flatten = &rem.Add({{"action", "flatten"}});
  last_remediation_ts_ms = gauge(r, "grinder_reconcile_last_remediation_ts_ms", "When a remediation last executed (epoch ms)");
  snapshot_failures = counter(r, "grinder_reconcile_snapshot_failures_total", "Snapshot sources that could not be read");
  auto& circuit = prometheus::BuildGauge().Name("grinder_circuit_state").Help("Venue circuit breaker state").Register(r);
  circuit_closed = &circuit.Add({{"state", "closed"}});
  circuit_open = &circuit.Add({{"state", "open"}});
  circuit_half_open = &circuit.Add({{"state", "half_open"}});
  drawdown_pct = gauge(r, "grinder_drawdown_pct", "Current drawdown, percent");
  auto& st = prometheus::BuildGauge().Name("grinder_stage").Help("1 for the stage decisions run at").Register(r);
  for (const auto& s : stages) stage[s] = &st.Add({{"stage", s}});
  ws_connected = gauge(r, "grinder_ws_connected", "1 when the venue's streaming connection is up");
  ticks = counter(r, "grinder_ticks_received_total", "Market data updates received");
  last_tick_ts = gauge(r, "grinder_last_tick_ts", "Venue timestamp of the last market data update (epoch s)");
  orders_placed = counter(r, "grinder_orders_placed_total", "Orders placed on the venue");
  orders_cancelled = counter(r, "grinder_orders_cancelled_total", "Orders cancelled on the venue");
  connector_errors = counter(r, "grinder_connector_errors_total", "Venue calls that failed");
  market_data_age_ms = gauge(r, "grinder_market_data_age_ms", "Age of the oldest market data the loop holds");
  audit_healthy = gauge(r, "grinder_audit_healthy", "0 when the audit log cannot be written (execution stops)");
  foreign_orders = gauge(r, "grinder_reconcile_foreign_orders", "Open orders that are not grinder's (never touched)");
  venue_stat_family = &prometheus::BuildGauge()
                           .Name("grinder_venue_stat")
                           .Help("Numbers the venue plugin reports: rate limit usage, stream health, clock offset")
                           .Register(r);
  ws_reconnects = gauge(r, "grinder_ws_reconnect_total", "Streaming reconnects the venue plugin reports");
  ha_is_leader = gauge(r, "grinder_ha_is_leader", "1 when this instance may execute: the HA leader, or a single host");
  auto& role = prometheus::BuildGauge().Name("grinder_ha_role").Help("1 for this instance's HA role").Register(r);
  ha_role_leader = &role.Add({{"role", "leader"}});
  ha_role_standby = &role.Add({{"role", "standby"}});
  ha_enabled = gauge(r, "grinder_ha_enabled", "1 when instances elect a leader through etcd");
  ha_role_changes = counter(r, "grinder_ha_role_changes_total", "Times this instance became leader or standby");
  circuit_closed->Set(1);
  audit_healthy->Set(1);
  ha_is_leader->Set(1);
  ha_role_leader->Set(1);
}

void RuntimeMetrics::set_venue_stats(const std::map<std::string, double>& stats) {
  for (const auto& [name, value] : stats) {
    auto it = venue_stat.find(name);
    if (it == venue_stat.end()) it = venue_stat.emplace(name, &venue_stat_family->Add({{"name", name}})).first;
    it->second->Set(value);
  }
  auto connected = stats.find("streams.market.connected");
  if (connected != stats.end()) ws_connected->Set(connected->second);
  double reconnects = 0;
  for (const char* k : {"streams.market.reconnects", "streams.user.reconnects"})
    if (auto r = stats.find(k); r != stats.end()) reconnects += r->second;
  ws_reconnects->Set(reconnects);
}

void RuntimeMetrics::set_stage(const std::string& name) {
  for (auto& [s, g] : stage) g->Set(s == name ? 1 : 0);
}

void RuntimeMetrics::set_circuit(const std::string& state) {
  circuit_closed->Set(state == "closed" ? 1 : 0);
  circuit_open->Set(state == "open" ? 1 : 0);
  circuit_half_open->Set(state == "half_open" ? 1 : 0);
}

}  // namespace grinder::runtime
