// The live values promotion criteria and rollback triggers compare
// (kill_switch_triggered, circuit_open, drawdown_pct, executed_per_hour, ...)
// and the automatic roll-down: when any of the running stage's
// `rollback_when` triggers holds, the instance moves one rung down at once,
// records the new ceiling so a restart stays down, and says which fired.
#include "grinder/ceremony/state.hpp"
#include "grinder/util/number.hpp"
#include "runtime_impl.hpp"

#include <prometheus/gauge.h>

namespace grinder::runtime {

namespace {
constexpr std::int64_t kHour = 3600 * 1000;
constexpr std::int64_t kDay = 24 * kHour;

template <class Q>
void expire(Q& q, std::int64_t now, std::int64_t window) {
  while (!q.empty() && now - q.front() > window) q.pop_front();
}
}  // namespace

void Runtime::Impl::note_balances(const plugin::Snapshot& snap) {
  if (!snap.balances_status.ok) return;
  double equity = 0;
  for (const auto& b : snap.balances) equity += b.free + b.locked;
  if (equity <= 0) return;
  equity_peak = std::max(equity_peak, equity);
  drawdown_pct = equity_peak > 0 ? (equity_peak - equity) / equity_peak * 100.0 : 0;
  metrics->drawdown_pct->Set(drawdown_pct);
}

std::map<std::string, double> Runtime::Impl::criteria_values(std::int64_t now) {
  expire(executed_times, now, kHour);
  expire(planned_times, now, kHour);
  expire(blocked_times, now, kHour);
  expire(failed_times, now, kHour);
  while (!mismatch_times.empty() && now - mismatch_times.front().first > kDay) mismatch_times.pop_front();
  double mismatches_1h = 0, mismatches_24h = 0;
  for (const auto& [t, n] : mismatch_times) {
    mismatches_24h += n;
    if (now - t <= kHour) mismatches_1h += n;
  }
  auto gen = holder->current();
  auto ctx = gen->context();
  auto view = ledger->view(now);
  auto calls = budget::calls_remaining_day(view, ctx.limits);
  auto notional = budget::notional_remaining_day(view, ctx.limits);
  double sent = static_cast<double>(executed_times.size() + failed_times.size());
  return {
      {"kill_switch_triggered", kill_switch.tripped() ? 1.0 : 0.0},
      {"circuit_open", circuit.blocks(now) ? 1.0 : 0.0},
      {"drawdown_pct", drawdown_pct},
      {"mismatches_1h", mismatches_1h},
      {"mismatches_24h", mismatches_24h},
      {"executed_per_hour", static_cast<double>(executed_times.size())},
      {"planned_per_hour", static_cast<double>(planned_times.size())},
      {"blocked_per_hour", static_cast<double>(blocked_times.size())},
      {"reject_rate", sent > 0 ? static_cast<double>(failed_times.size()) / sent : 0.0},
      {"snapshot_age_seconds", last_snapshot_ms ? static_cast<double>(now - last_snapshot_ms) / 1000.0 : -1.0},
      {"budget_calls_remaining_day", calls ? static_cast<double>(*calls) : -1.0},
      {"budget_notional_remaining_day", notional ? *notional : -1.0},
      {"hours_in_stage", static_cast<double>(now - stage_entered_ms) / static_cast<double>(kHour)},
  };
}

void Runtime::Impl::check_rollback_triggers(std::int64_t now) {
  auto gen = holder->current();
  if (gen->stage_index == 0 || gen->stage().rollback_when.empty()) return;
  auto values = criteria_values(now);
  for (const auto& c : gen->stage().rollback_when) {
    if (c.kind != ladder::Criterion::Kind::Compare) continue;
    auto it = values.find(c.name);
    if (it == values.end() || !c.compare(it->second)) continue;
    std::size_t target = gen->stage_index - 1;
    const std::string from = gen->stage().name;
    const std::string to = gen->deployment->ladder.stages[target].name;
    std::int64_t t0 = steady_ms();
    reload::ReloadOutcome r = holder->rollback_to(target);
    if (!r.ok) {
      log("ERROR automatic rollback " + from + " -> " + to + " failed: " + r.errors.render_text());
      return;
    }
    std::int64_t applied = steady_ms() - t0;
    // The ceiling goes down too: a restart must not climb back by itself.
    std::string why;
    ceremony::StateDir state(gen->deployment->state_dir);
    ceremony::StageState st{to, now, "grinder", "automatic rollback: " + c.text};
    if (!state.save_stage(st, why)) log("ERROR cannot record the rollback ceiling: " + why);
    log("AUTOMATIC ROLLBACK " + from + " -> " + to + ": trigger '" + c.text + "' fired (" + c.name + "=" +
        util::format_number(it->second) + "), applied in " + std::to_string(applied) + " ms");
    audit_event(audit::Event("STAGE_ROLLBACK", now)
                    .field("from", from)
                    .field("to", to)
                    .field("trigger", c.text)
                    .field("value", it->second)
                    .field("applied_ms", applied)
                    .field("generation", r.generation));
    if (auto g = holder->current()) note_stage(*g);
    return;  // one rung per cycle; the next cycle re-checks the new stage
  }
}

}  // namespace grinder::runtime
