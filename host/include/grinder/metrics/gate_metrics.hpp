#pragma once
// The gate and remediation metrics of Runbooks 13, 15 and 22, in a
// prometheus-cpp registry the runtime serves. Handles are created once and
// cached; the hot path never builds a label set it has seen before.
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace prometheus {
class Registry;
class Counter;
class Gauge;
template <typename T>
class Family;
}  // namespace prometheus

namespace grinder::gates {
struct Decision;
}

namespace grinder::metrics {

class GateMetrics {
 public:
  explicit GateMetrics(std::shared_ptr<prometheus::Registry> registry);

  // grinder_reconcile_action_planned_total{action}
  void planned(const std::string& action);
  // For each denying gate: grinder_reconcile_action_blocked_total{reason} and
  // grinder_gating_blocked_total{gate,reason}.
  void blocked(const gates::Decision& decision);
  // grinder_reconcile_action_executed_total{action}
  void executed(const std::string& action);
  // grinder_reconcile_budget_{calls,notional}_remaining_day (-1: unlimited)
  void budget_remaining(double calls, double notional);
  // grinder_kill_switch_triggered
  void kill_switch(bool tripped);

  double planned_count(const std::string& action) const;
  double blocked_count(const std::string& reason) const;
  double executed_count(const std::string& action) const;

  const std::shared_ptr<prometheus::Registry>& registry() const { return registry_; }

 private:
  prometheus::Counter& cached(std::map<std::string, prometheus::Counter*>& cache,
                              prometheus::Family<prometheus::Counter>& family, const std::string& key,
                              const std::map<std::string, std::string>& labels);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* planned_;
  prometheus::Family<prometheus::Counter>* blocked_;
  prometheus::Family<prometheus::Counter>* executed_;
  prometheus::Family<prometheus::Counter>* gating_;
  prometheus::Gauge* calls_remaining_;
  prometheus::Gauge* notional_remaining_;
  prometheus::Gauge* kill_switch_;
  mutable std::mutex mu_;
  std::map<std::string, prometheus::Counter*> planned_cache_, blocked_cache_, executed_cache_, gating_cache_;
};

// The label the gating metric uses for a reason. Runbook 22 greps
// grinder_gating_blocked_total for reason="KILL_SWITCH_ACTIVE"; every other
// reason keeps its own spelling.
std::string gating_reason_label(const std::string& reason);

}  // namespace grinder::metrics
