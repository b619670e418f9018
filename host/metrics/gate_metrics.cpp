#include "grinder/metrics/gate_metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "grinder/gates/decision.hpp"

namespace grinder::metrics {

std::string gating_reason_label(const std::string& reason) {
  if (reason == "kill_switch_active") return "KILL_SWITCH_ACTIVE";
  return reason;
}

GateMetrics::GateMetrics(std::shared_ptr<prometheus::Registry> registry) : registry_(std::move(registry)) {
  planned_ = &prometheus::BuildCounter()
                  .Name("grinder_reconcile_action_planned_total")
                  .Help("Remediation actions planned, by action")
                  .Register(*registry_);
  blocked_ = &prometheus::BuildCounter()
                  .Name("grinder_reconcile_action_blocked_total")
                  .Help("Actions blocked, by reason (every denying gate counts)")
                  .Register(*registry_);
  executed_ = &prometheus::BuildCounter()
                   .Name("grinder_reconcile_action_executed_total")
                   .Help("Actions sent to the venue, by action")
                   .Register(*registry_);
  gating_ = &prometheus::BuildCounter()
                 .Name("grinder_gating_blocked_total")
                 .Help("Gate denials, by gate and reason")
                 .Register(*registry_);
  calls_remaining_ = &prometheus::BuildGauge()
                          .Name("grinder_reconcile_budget_calls_remaining_day")
                          .Help("Calls left in today's budget (-1: unlimited)")
                          .Register(*registry_)
                          .Add({});
  notional_remaining_ = &prometheus::BuildGauge()
                             .Name("grinder_reconcile_budget_notional_remaining_day")
                             .Help("Notional left in today's budget (-1: unlimited)")
                             .Register(*registry_)
                             .Add({});
  kill_switch_ = &prometheus::BuildGauge()
                      .Name("grinder_kill_switch_triggered")
                      .Help("1 when the kill switch latch is tripped")
                      .Register(*registry_)
                      .Add({});
  // Zero series so dashboards and the runbooks' greps find them from the start.
  for (const char* a : {"cancel_all", "flatten"}) {
    cached(planned_cache_, *planned_, a, {{"action", a}});
    cached(executed_cache_, *executed_, a, {{"action", a}});
  }
}

prometheus::Counter& GateMetrics::cached(std::map<std::string, prometheus::Counter*>& cache,
                                         prometheus::Family<prometheus::Counter>& family, const std::string& key,
                                         const std::map<std::string, std::string>& labels) {
  auto it = cache.find(key);
  if (it != cache.end()) return *it->second;
  prometheus::Counter& c = family.Add(labels);
  cache.emplace(key, &c);
  return c;
}

void GateMetrics::planned(const std::string& action) {
  std::lock_guard<std::mutex> lock(mu_);
  cached(planned_cache_, *planned_, action, {{"action", action}}).Increment();
}

void GateMetrics::blocked(const gates::Decision& d) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& v : d.verdicts) {
    if (v.allow) continue;
    cached(blocked_cache_, *blocked_, v.reason, {{"reason", v.reason}}).Increment();
    std::string label = gating_reason_label(v.reason);
    cached(gating_cache_, *gating_, v.gate + "\n" + label, {{"gate", v.gate}, {"reason", label}}).Increment();
  }
}

void GateMetrics::executed(const std::string& action) {
  std::lock_guard<std::mutex> lock(mu_);
  cached(executed_cache_, *executed_, action, {{"action", action}}).Increment();
}

void GateMetrics::budget_remaining(double calls, double notional) {
  calls_remaining_->Set(calls);
  notional_remaining_->Set(notional);
}

void GateMetrics::kill_switch(bool tripped) { kill_switch_->Set(tripped ? 1 : 0); }

namespace {
double value_of(const std::map<std::string, prometheus::Counter*>& cache, const std::string& key) {
  auto it = cache.find(key);
  return it == cache.end() ? 0 : it->second->Value();
}
}  // namespace

double GateMetrics::planned_count(const std::string& a) const {
  std::lock_guard<std::mutex> lock(mu_);
  return value_of(planned_cache_, a);
}
double GateMetrics::blocked_count(const std::string& r) const {
  std::lock_guard<std::mutex> lock(mu_);
  return value_of(blocked_cache_, r);
}
double GateMetrics::executed_count(const std::string& a) const {
  std::lock_guard<std::mutex> lock(mu_);
  return value_of(executed_cache_, a);
}

}  // namespace grinder::metrics
