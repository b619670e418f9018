#pragma once
// The gate and remediation metrics of Runbooks 13, 15 and 22, in a
// prometheus-cpp registry the runtime serves. A series is created the first
// time it counts (so a scrape shows what happened, nothing more); from then on
// its handle is cached and counting builds no label set and allocates
// nothing, because these calls sit on the decision path. Counting an action
// type takes no lock; blocked() takes one, once per decision.
#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

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
  // Handles by action type ("cancel_all", ...), filled on first use; any
  // other action name goes through the locked maps.
  static constexpr std::size_t kActionTypes = 5;
  using ActionHandles = std::array<std::atomic<prometheus::Counter*>, kActionTypes>;
  void count_action(ActionHandles& fast, std::map<std::string, prometheus::Counter*, std::less<>>& cache,
                    prometheus::Family<prometheus::Counter>& family, const std::string& action);
  prometheus::Counter& action_counter(std::map<std::string, prometheus::Counter*, std::less<>>& cache,
                                      prometheus::Family<prometheus::Counter>& family, const std::string& action);

  // A denying gate's two counters, found by (gate, reason) without building
  // a key: the hash and equality take the pair of views.
  struct Denial {
    prometheus::Counter* blocked;  // grinder_reconcile_action_blocked_total{reason}
    prometheus::Counter* gating;   // grinder_gating_blocked_total{gate,reason}
  };
  using GateReason = std::pair<std::string, std::string>;
  using GateReasonView = std::pair<std::string_view, std::string_view>;
  struct DenialHash {
    using is_transparent = void;
    std::size_t operator()(const GateReasonView& k) const noexcept;
    std::size_t operator()(const GateReason& k) const noexcept { return (*this)(GateReasonView(k.first, k.second)); }
  };
  struct DenialEq {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const noexcept {
      return std::string_view(a.first) == std::string_view(b.first) &&
             std::string_view(a.second) == std::string_view(b.second);
    }
  };
  const Denial& denial(std::string_view gate, std::string_view reason);
  // The denial each verdict slot of the last decisions found, by slot: a
  // chain's gates deny with the same few reasons decision after decision, so
  // checking the slot's last (gate, reason) skips hashing both names and the
  // bucket's division. Its strings keep their capacity: no allocation once
  // warm. A slot that changes falls back to the map.
  struct SlotDenial {
    std::string gate, reason;
    const Denial* denial = nullptr;
  };
  std::vector<SlotDenial> last_by_slot_;

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* planned_;
  prometheus::Family<prometheus::Counter>* blocked_;
  prometheus::Family<prometheus::Counter>* executed_;
  prometheus::Family<prometheus::Counter>* gating_;
  prometheus::Gauge* calls_remaining_;
  prometheus::Gauge* notional_remaining_;
  prometheus::Gauge* kill_switch_;
  // Guards the maps and the creation of a series.
  mutable std::mutex mu_;
  ActionHandles planned_fast_{}, executed_fast_{};
  std::map<std::string, prometheus::Counter*, std::less<>> planned_cache_, executed_cache_, blocked_cache_;
  std::unordered_map<GateReason, Denial, DenialHash, DenialEq> denials_;
};

// The label the gating metric uses for a reason. Runbook 22 greps
// grinder_gating_blocked_total for reason="KILL_SWITCH_ACTIVE"; every other
// reason keeps its own spelling.
std::string gating_reason_label(const std::string& reason);

}  // namespace grinder::metrics
