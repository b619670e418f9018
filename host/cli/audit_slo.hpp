#pragma once
// The SLOs doctor judges over the last window of the audit (BTCTurk runbook
// section D): reject rate, fill rate, latency p95 and max drawdown. Each is
// measured from the data grinder has. Without data, what the stage does
// decides: a stage that sends orders and has no data to show is WARN "no
// data" (reduced confidence: the runbook says not to promote on it), never a
// PASS by default; a stage that sends none has nothing to measure, which is
// PASS "not applicable", so doctor can pass before the first live order.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check_report.hpp"

namespace grinder::cli {

struct SloThresholds {
  double window_hours = 24;
  double max_reject_rate = 0.2;  // the ladders roll back above 0.2
  double min_fill_rate = 0;      // canary orders rest far from the touch: none filling is normal
  double max_latency_p95_ms = 2000;
  double max_drawdown_pct = 5;  // the ladders roll back at 5
};

// What the audit says about the window.
struct SloData {
  bool readable = false;             // the audit file exists
  std::size_t events = 0;            // events in the window
  std::int64_t sent = 0;             // orders and remediations that reached the venue or were refused by it
  std::int64_t rejected = 0;         // of those, refused (REMEDIATE_FAILED, CANARY_REJECTED)
  std::int64_t placed = 0;           // canary orders placed
  std::int64_t filled = 0;           // canary orders that filled, wholly or partly
  std::vector<double> latencies_ms;  // planned -> executed, and canary place round trips
};

// The stage the SLOs are judged for (a live run's, else the one the lever
// and the approved ceiling select) and what it does.
struct SloScope {
  std::string stage;          // empty: unknown, judged as if it traded
  bool executes = true;       // sends anything
  bool places_orders = true;  // sends orders that rest (place_order)
};

SloData read_slo_data(const std::string& audit_path, std::int64_t since_ms);

// slo_reject_rate, slo_fill_rate, slo_latency_p95, slo_max_drawdown.
// drawdown_pct: from a live run of the deployment, when one answers.
std::vector<Check> slo_checks(const SloData& data, const SloThresholds& t, std::optional<double> drawdown_pct,
                              bool audit_enabled, const SloScope& scope);

// Nearest-rank percentile (p in 0..1) of a non-empty sample.
double percentile(std::vector<double> sample, double p);

}  // namespace grinder::cli
