// One reconcile cycle (Runbooks 13, 15, 22): snapshot the venue on the worker,
// then on the loop: compare with expected state, classify, plan what the stage
// allows, pass every plan through the gate chain, execute what is allowed, and
// record every step in metrics and the audit.
#include <algorithm>
#include <cmath>

#include "grinder/gates/identity.hpp"
#include "grinder/reconcile/planner.hpp"
#include "grinder/util/json_escape.hpp"
#include "grinder/util/number.hpp"
#include "runtime_impl.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

namespace grinder::runtime {

namespace {
std::string counts_json(const reconcile::DiffResult& r) {
  std::string out = "{";
  for (int i = 0; i < reconcile::kMismatchTypes; ++i)
    out += std::string(i ? "," : "") + "\"" + reconcile::to_string(static_cast<reconcile::MismatchType>(i)) +
           "\":" + std::to_string(r.counts[i]);
  return out + "}";
}
}  // namespace

void Runtime::Impl::schedule_cycle(std::int64_t delay_ms) {
  if (stopping) return;
  cycle_timer.expires_after(std::chrono::milliseconds(delay_ms));
  cycle_timer.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) on_cycle_timer();
  });
}

void Runtime::Impl::note_stage(const reload::Generation& gen) {
  const std::string& name = gen.stage().name;
  metrics->set_stage(name);
  if (!last_stage.empty() && last_stage != name) {
    stage_entered_ms = wall_ms();
    log("stage changed: " + last_stage + " -> " + name);
    audit_event(audit::Event("STAGE_CHANGED", wall_ms())
                    .field("from", last_stage)
                    .field("to", name)
                    .field("generation", gen.id));
  }
  last_stage = name;
  last_generation = gen.id;
}

void Runtime::Impl::note_venue_error(const plugin::VenueError& e, std::int64_t now) {
  metrics->connector_errors->Increment();
  if (e.error_class == plugin::ErrorClass::RateLimited)
    circuit.on_rate_limited(now, 0);
  else if (e.error_class == plugin::ErrorClass::Retryable || e.error_class == plugin::ErrorClass::UnknownState)
    circuit.on_failure(now);
  metrics->set_circuit(safety::CircuitBreaker::to_string(circuit.state(now)));
  log("venue error: " + e.to_string());
}

void Runtime::Impl::on_cycle_timer() {
  if (stopping) return;
  auto gen = holder->current();
  const config::Deployment& d = *gen->deployment;
  std::int64_t interval = d.reconcile.interval_ms;
  if (cycle_in_flight) {
    // The venue has not answered the last cycle: never pile calls up behind it.
    if (steady_ms() - cycle_started_steady > venue_timeout_ms) {
      log("REST: Skipping cycle: venue call running for " + std::to_string(steady_ms() - cycle_started_steady) + " ms");
      metrics->snapshot_failures->Increment();
    }
    schedule_cycle(interval);
    return;
  }
  cycle_in_flight = true;
  cycle_started_steady = steady_ms();
  ledger->refresh();  // HA: the shared budget as the leader left it; a file ledger is always current
  std::vector<std::string> symbols = d.reconcile.symbols;
  bool need_filters = filters.size() < symbols.size();
  worker->post([this, v = venue, symbols, need_filters] {
    CycleData data;
    data.snapshot = v->snapshot(symbols);
    for (const auto& s : symbols) {
      data.books.emplace(s, v->book_top(s));
      if (need_filters) data.filters.emplace(s, v->filters(s));
    }
    data.read_ms = wall_ms();
    boost::asio::post(io, [this, data = std::move(data)]() mutable { on_cycle_data(std::move(data)); });
  });
  schedule_cycle(interval);
}

gates::GateContext Runtime::Impl::context_for(const reload::Generation& gen, const std::string& symbol,
                                              const plugin::Snapshot& snap, std::int64_t now) {
  gates::GateContext ctx = gen.context();
  ctx.now_ms = now;
  if (auto it = book.find(symbol); it != book.end()) {
    ctx.market.bid = it->second.bid;
    ctx.market.ask = it->second.ask;
    ctx.market.venue_ts_ms = it->second.venue_ts_ms;
    ctx.market.age_ms = std::max<std::int64_t>(0, now - it->second.venue_ts_ms);
  }
  if (auto it = filters.find(symbol); it != filters.end() && it->second.min_notional > 0)
    ctx.min_notional = it->second.min_notional;
  for (const auto& p : snap.positions)
    if (p.symbol == symbol) ctx.position_qty = p.qty;
  for (const auto& o : snap.orders)
    if (o.symbol == symbol && o.is_open()) ctx.open_orders.push_back({o.client_order_id, o.symbol, o.qty, o.price});
  ctx.budget = ledger->view(now);
  ctx.last_action_ms = cooldown.last(symbol);
  ctx.kill_switch = kill_switch.tripped();
  ctx.circuit_open = circuit.blocks(now);
  ctx.leader = is_leader();
  ctx.venue_configured = venue != nullptr;
  return ctx;
}

void Runtime::Impl::record_decision(const gates::Decision& d) {
  recent.push_back(d);
  while (recent.size() > 50) recent.pop_front();
}

void Runtime::Impl::on_cycle_data(CycleData data) {
  cycle_in_flight = false;
  if (stopping) return;
  auto gen = holder->current();
  const config::Deployment& d = *gen->deployment;
  std::int64_t now = wall_ms();
  ++cycles;
  metrics->runs->Increment();
  note_stage(*gen);
  gate_metrics->kill_switch(kill_switch.tripped());

  // Market data: keep the last good quote per symbol; its age is what the
  // stale-data gate judges, so a quote that stops moving goes stale.
  for (auto& [symbol, r] : data.books) {
    if (r) {
      bool fresh = book[symbol].venue_ts_ms != r->venue_ts_ms;
      book[symbol] = *r;
      if (fresh) metrics->ticks->Increment();
      metrics->last_tick_ts->Set(static_cast<double>(r->venue_ts_ms) / 1000.0);
    } else {
      log("PRICE: Fetch failed for " + symbol + ": " + r.error().to_string());
      metrics->connector_errors->Increment();
    }
  }
  for (auto& [symbol, r] : data.filters)
    if (r) filters[symbol] = *r;
  std::int64_t oldest = 0;
  for (const auto& s : d.reconcile.symbols) {
    auto it = book.find(s);
    oldest = std::max(oldest, it == book.end() ? now : now - it->second.venue_ts_ms);
  }
  metrics->market_data_age_ms->Set(static_cast<double>(oldest));
  metrics->ws_connected->Set(venue->has(plugin::Capability::WebSocket) && data.snapshot.ok() ? 1 : 0);

  if (!data.snapshot) {
    // Nothing to compare: note it, plan nothing, go on (graceful degradation).
    metrics->snapshot_failures->Increment();
    note_venue_error(data.snapshot.error(), now);
    log("REST: Skipping reconcile: snapshot unavailable: " + data.snapshot.error().to_string());
    metrics->snapshot_age_s->Set(last_snapshot_ms ? static_cast<double>(now - last_snapshot_ms) / 1000.0 : -1);
    audit_event(audit::Event("RECONCILE_RUN", now)
                    .field("cycle", cycles)
                    .field("stage", gen->stage().name)
                    .field("generation", gen->id)
                    .field("snapshot", "unavailable")
                    .field("error", data.snapshot.error().to_string()));
    check_rollback_triggers(now);
    if (opts.max_cycles && cycles >= *opts.max_cycles) shutdown();
    return;
  }
  // Kept for /admin/evaluate (which runs on this thread, between cycles);
  // moved, not copied: at 10k orders a copy is thousands of allocations.
  const plugin::Snapshot& snap = last_snapshot.emplace(std::move(*data.snapshot));
  metrics->set_venue_stats(snap.stats);
  for (const auto* s : {&snap.orders_status, &snap.positions_status, &snap.balances_status})
    if (!s->ok) {
      metrics->snapshot_failures->Increment();
      log("REST: Skipping source: " + (s->error ? s->error->to_string() : std::string("unavailable")));
    }
  if (snap.complete()) {
    last_snapshot_ms = now;
    circuit.on_success(now);
    metrics->set_circuit(safety::CircuitBreaker::to_string(circuit.state(now)));
  }
  metrics->snapshot_age_s->Set(last_snapshot_ms ? static_cast<double>(now - last_snapshot_ms) / 1000.0 : -1);

  note_balances(snap);
  reconcile::Identity identity{d.identity.prefix, d.identity.strategies};
  if (scope_of != gen->deployment) {
    scope = reconcile::Scope(d.reconcile.symbols);
    scope_of = gen->deployment;
  }
  reconcile::DiffResult diff = reconcile::diff(expected, snap, identity, scope);
  for (int i = 0; i < reconcile::kMismatchTypes; ++i)
    if (diff.counts[i]) metrics->mismatches[i]->Increment(diff.counts[i]);
  if (!diff.mismatches.empty()) {
    metrics->runs_with_mismatch->Increment();
    mismatch_times.emplace_back(now, static_cast<int>(diff.mismatches.size()));
  }
  metrics->foreign_orders->Set(static_cast<double>(diff.foreign_orders));
  audit_event(audit::Event("RECONCILE_RUN", now)
                  .field("cycle", cycles)
                  .field("stage", gen->stage().name)
                  .field("generation", gen->id)
                  .field("snapshot", snap.complete() ? "complete" : "partial")
                  .field("orders_compared", diff.orders_compared)
                  .field("positions_compared", diff.positions_compared)
                  .field("foreign_orders", static_cast<std::int64_t>(diff.foreign_orders))
                  .raw("mismatches", counts_json(diff)));
  for (const auto& m : diff.mismatches)
    log(std::string("RECONCILE_MISMATCH ") + reconcile::to_string(m.type) + " symbol=" + m.symbol +
        (m.client_order_id.empty() ? "" : " order=" + m.client_order_id) + " " + m.detail);

  if (gen->stage().plan.empty()) {
    for (const auto& action : reconcile::remediation_candidates(diff)) shadow_evaluate(gen, action, snap, now);
  } else {
    for (const auto& action : reconcile::plan_remediation(diff, gen->stage())) remediate(gen, action, snap, now);
  }
  last_diff = std::move(diff);

  // Remaining day budget, as the watchlist shows it (-1: unlimited).
  auto ctx = gen->context();
  auto view = ledger->view(now);
  auto calls = budget::calls_remaining_day(view, ctx.limits);
  auto notional = budget::notional_remaining_day(view, ctx.limits);
  gate_metrics->budget_remaining(calls ? static_cast<double>(*calls) : -1, notional ? *notional : -1);

  check_rollback_triggers(now);

  if (opts.max_cycles && cycles >= *opts.max_cycles) {
    log("max cycles reached (" + std::to_string(cycles) + "): stopping");
    shutdown();
  }
}

void Runtime::Impl::shadow_evaluate(const std::shared_ptr<const reload::Generation>& gen, const gates::Action& action,
                                    const plugin::Snapshot& snap, std::int64_t now) {
  // Observe-only: judged and counted, never planned, never sent.
  const std::string type(gates::action_type_name(action.type));
  gates::Decision decision = gen->decide(action, context_for(*gen, action.symbol, snap, now));
  record_decision(decision);
  if (decision.allow) {
    log("SHADOW " + type + " symbol=" + action.symbol + " would pass every gate (not sent: the stage observes only)");
    return;
  }
  gate_metrics->blocked(decision);
  std::string reasons;
  for (const auto& r : decision.reasons()) reasons += (reasons.empty() ? "" : ",") + r;
  audit_event(audit::Event("REMEDIATE_BLOCKED", now)
                  .field("action", type)
                  .field("shadow", true)
                  .field("reasons", reasons)
                  .raw("decision", decision.to_json()));
}

void Runtime::Impl::block_remediation(gates::Decision& decision, std::int64_t now, const std::string& extra_reason,
                                      const std::string& detail) {
  const std::string type(gates::action_type_name(decision.action.type));
  if (!extra_reason.empty()) {
    decision.allow = false;
    decision.verdicts.push_back({"runtime", "builtin", false, extra_reason, detail});
  }
  gate_metrics->blocked(decision);
  blocked_times.push_back(now);
  std::string reasons;
  for (const auto& r : decision.reasons()) reasons += (reasons.empty() ? "" : ",") + r;
  audit_event(audit::Event("REMEDIATE_BLOCKED", now)
                  .field("action", type)
                  .field("reasons", reasons)
                  .raw("decision", decision.to_json()));
  log("REMEDIATE_BLOCKED " + type + " symbol=" + decision.action.symbol + " reasons=" + reasons);
}

void Runtime::Impl::remediate(const std::shared_ptr<const reload::Generation>& gen, const gates::Action& action,
                              const plugin::Snapshot& snap, std::int64_t now) {
  // The symbol's last allowed action is still being counted (HA: in etcd):
  // judge it again next cycle, when its cooldown has started.
  if (reserving.count(action.symbol)) return;
  const std::string type(gates::action_type_name(action.type));
  gate_metrics->planned(type);
  planned_times.push_back(now);
  gates::Decision decision = gen->decide(action, context_for(*gen, action.symbol, snap, now));
  record_decision(decision);
  audit_event(audit::Event("REMEDIATE_PLANNED", now).field("action", type).raw("decision", decision.to_json()));
  log("REMEDIATE_PLANNED " + type + " symbol=" + action.symbol);
  if (!decision.allow) return block_remediation(decision, now, "", "");
  // Fail closed: nothing is sent that the audit cannot record.
  if (!audit->error().empty()) return block_remediation(decision, now, "audit_unavailable", audit->error());
  // A standby never executes, even under a chain that forgot the leader gate.
  if (!is_leader())
    return block_remediation(decision, now, "not_leader", "this instance is a standby; only the leader executes");
  // Reserve before send: a crash after this can only over-count.
  auto ctx = gen->context();
  auto ref = action.price ? action.price : std::optional<double>();
  if (!ref) {
    auto it = book.find(action.symbol);
    if (it != book.end()) ref = action.side == gates::Side::Buy ? it->second.ask : it->second.bid;
  }
  double notional = action.notional(ref).value_or(0);
  std::vector<std::string> foreign;
  for (const auto& o : snap.orders)
    if (o.symbol == action.symbol && o.is_open() &&
        !gates::is_own_order(o.client_order_id, gen->deployment->identity.prefix, gen->deployment->identity.strategies))
      foreign.push_back(o.client_order_id);
  reserving.insert(action.symbol);
  ledger->reserve(notional, ctx.limits, now,
                  [this, gen, decision = std::move(decision), foreign = std::move(foreign), now](budget::Reservation r) {
                    on_reserved(gen, decision, foreign, now, r);
                  });
}

void Runtime::Impl::on_reserved(const std::shared_ptr<const reload::Generation>& gen, gates::Decision decision,
                                std::vector<std::string> foreign, std::int64_t now, const budget::Reservation& r) {
  reserving.erase(decision.action.symbol);
  if (stopping) return;
  if (!r.ok) return block_remediation(decision, now, r.reason, r.detail);
  // Under HA the answer comes back later: what held when the gates judged
  // must still hold now. (A file ledger answers at once; nothing moved.)
  if (!is_leader())
    return block_remediation(decision, now, "not_leader", "leadership was lost while the budget was reserved");
  if (holder->current()->id != gen->id)
    return block_remediation(decision, now, "config_changed",
                             "the configuration changed while the budget was reserved; judged again next cycle");
  cooldown.start(decision.action.symbol, now);
  execute(std::move(decision), std::move(foreign));
}

}  // namespace grinder::runtime
