#include "grinder/metrics/gate_metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "grinder/gates/action.hpp"
#include "grinder/gates/decision.hpp"
#include "grinder/util/short_hash.hpp"

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
    std::lock_guard<std::mutex> lock(mu_);
    action_counter(planned_cache_, *planned_, a);
    action_counter(executed_cache_, *executed_, a);
  }
}

prometheus::Counter& GateMetrics::action_counter(std::map<std::string, prometheus::Counter*, std::less<>>& cache,
                                                 prometheus::Family<prometheus::Counter>& family,
                                                 const std::string& action) {
  auto it = cache.find(action);
  if (it != cache.end()) return *it->second;
  prometheus::Counter& c = family.Add({{"action", action}});
  cache.emplace(action, &c);
  return c;
}

void GateMetrics::count_action(ActionHandles& fast, std::map<std::string, prometheus::Counter*, std::less<>>& cache,
                               prometheus::Family<prometheus::Counter>& family, const std::string& action) {
  static_assert(static_cast<std::size_t>(gates::ActionType::ReplaceOrder) + 1 == kActionTypes);
  auto type = gates::parse_action_type(action);
  if (type) {
    auto& slot = fast[static_cast<std::size_t>(*type)];
    if (prometheus::Counter* c = slot.load(std::memory_order_acquire)) {
      c->Increment();
      return;
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  prometheus::Counter& c = action_counter(cache, family, action);
  if (type) fast[static_cast<std::size_t>(*type)].store(&c, std::memory_order_release);
  c.Increment();
}

void GateMetrics::planned(const std::string& action) { count_action(planned_fast_, planned_cache_, *planned_, action); }

void GateMetrics::executed(const std::string& action) {
  count_action(executed_fast_, executed_cache_, *executed_, action);
}

// Every denial of every decision looks its series up here; gate ids and
// reasons are short, so the inline short-string hash (the reason's seeded by
// the gate's) costs a fraction of std::hash's byte loop.
std::size_t GateMetrics::DenialHash::operator()(const GateReasonView& k) const noexcept {
  return util::short_hash(k.second, util::short_hash(k.first));
}

const GateMetrics::Denial& GateMetrics::denial(std::string_view gate, std::string_view reason) {
  auto it = denials_.find(GateReasonView(gate, reason));
  if (it != denials_.end()) return it->second;
  // First time this gate denies with this reason: create its series.
  const std::string r(reason);
  auto b = blocked_cache_.find(r);
  if (b == blocked_cache_.end()) b = blocked_cache_.emplace(r, &blocked_->Add({{"reason", r}})).first;
  prometheus::Counter& g = gating_->Add({{"gate", std::string(gate)}, {"reason", gating_reason_label(r)}});
  return denials_.emplace(GateReason(gate, reason), Denial{b->second, &g}).first->second;
}

void GateMetrics::blocked(const gates::Decision& d) {
  std::lock_guard<std::mutex> lock(mu_);
  if (last_by_slot_.size() < d.verdicts.size()) last_by_slot_.resize(d.verdicts.size());
  for (std::size_t i = 0; i < d.verdicts.size(); ++i) {
    const auto& v = d.verdicts[i];
    if (v.allow) continue;
    SlotDenial& slot = last_by_slot_[i];
    if (slot.denial == nullptr || slot.reason != v.reason || slot.gate != v.gate) {
      slot.denial = &denial(v.gate, v.reason);  // a reference into the map: stable
      slot.gate = v.gate;
      slot.reason = v.reason;
    }
    slot.denial->blocked->Increment();
    slot.denial->gating->Increment();
  }
}

void GateMetrics::budget_remaining(double calls, double notional) {
  calls_remaining_->Set(calls);
  notional_remaining_->Set(notional);
}

void GateMetrics::kill_switch(bool tripped) { kill_switch_->Set(tripped ? 1 : 0); }

namespace {
double value_of(const std::map<std::string, prometheus::Counter*, std::less<>>& cache, const std::string& key) {
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
