// bench_metrics [--json] [--scale X]
//
// What the gate metrics add to a decision, and what a /metrics scrape costs.
// Per decision the runtime counts the plan (GateMetrics::planned) and then
// either the execution (executed) or every denying gate (blocked): both
// paths are timed, next to the reference decision they follow. The scrape
// serialises a registry filled as the runtime fills it: the runtime and
// reload metrics, and a blocked series for every gate and reason of the
// reference chain.
#include <cstdio>
#include <map>
#include <stdexcept>

#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "grinder/gates/catalog.hpp"
#include "grinder/metrics/gate_metrics.hpp"
#include "grinder/reload/holder.hpp"
#include "grinder/runtime/runtime_metrics.hpp"
#include "support/alloc_count.hpp"
#include "support/bench.hpp"
#include "support/reference.hpp"
#include "support/rounds.hpp"

using namespace grinder;
using namespace grinder::bench;

namespace {

// Every reason a gate of the chain can deny with, counted once: the series a
// long-running instance ends up with.
void block_everything(metrics::GateMetrics& m, const gates::Chain& chain) {
  const std::map<std::string, std::string> policy_reasons = {{"policy:stale_market_data", "market_data:stale"},
                                                             {"policy:max_drawdown", "max_drawdown"},
                                                             {"policy:max_actions_per_hour", "actions_per_hour"}};
  for (const auto& g : chain.gates()) {
    std::vector<std::string> reasons;
    if (const gates::GateSpec* spec = gates::find_builtin_gate(g->id())) reasons = spec->reasons;
    if (auto it = policy_reasons.find(g->id()); it != policy_reasons.end())
      reasons = {it->second, "policy_error:" + g->id().substr(7)};
    for (const auto& r : reasons) {
      gates::Decision d;
      d.verdicts.push_back({g->id(), std::string(g->kind()), false, r, "detail"});
      m.blocked(d);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_options(argc, argv, "bench_metrics [--json] [--scale X]");
  try {
    Reference ref = load_reference();
    const double overhead = timer_overhead_ns();
    const long warmup = scaled(opt, 20000), n = scaled(opt, 300000);

    auto registry = std::make_shared<prometheus::Registry>();
    std::vector<std::string> stages;
    for (const auto& s : ref.deployment->ladder.stages) stages.push_back(s.name);
    runtime::RuntimeMetrics runtime_metrics(*registry, stages);
    reload::BuildInput in;
    in.config_path = ref.deployment->root_file;
    reload::GenerationHolder holder(in, *registry);
    metrics::GateMetrics m(registry);
    block_everything(m, *ref.with_lua);

    const gates::Decision allowed = ref.with_lua->decide(ref.action, ref.allow_ctx);
    const gates::Decision denied = ref.with_lua->decide(ref.action, ref.deny_ctx);
    const std::size_t denials = denied.reasons().size();
    const std::string action(gates::action_type_name(ref.action.type));

    auto allow_path = [&](long) {
      m.planned(action);
      m.executed(action);
    };
    auto deny_path = [&](long) {
      m.planned(action);
      m.blocked(denied);
    };
    // Tails one by one; medians from batches, in the rounds below (the clock
    // ticks in 10 ns).
    Samples allow_s = time_each(warmup, n, overhead, allow_path);
    Samples deny_s = time_each(warmup, n, overhead, deny_path);
    double allocs = 0;
    {
      AllocationProbe probe;
      for (long i = 0; i < 10000; ++i) {
        allow_path(i);
        deny_path(i);
      }
      allocs = static_cast<double>(probe.count()) / 10000;
    }

    // The updates and the decisions they follow, side by side in rounds
    // (support/rounds.hpp): a share is the median over rounds of the updates'
    // time over the decision's, so a slow spell of the machine falls on both.
    gates::GateContext actx = ref.allow_ctx, dctx = ref.deny_ctx;
    gates::Decision d;
    Rounds rounds;
    const std::size_t r_allow = rounds.add("allow path", allow_path, 32);
    const std::size_t r_deny = rounds.add("deny path", deny_path, 32);
    const std::size_t r_dec_allow = rounds.add("allowing decision", [&](long i) {
      advance(actx, i);
      ref.with_lua->decide(ref.action, actx, d);
      keep(d.allow);
    }, 32);
    const std::size_t r_dec_deny = rounds.add("denying decision", [&](long i) {
      advance(dctx, i, true);
      ref.with_lua->decide(ref.action, dctx, d);
      keep(d.allow);
    }, 32);
    rounds.run(n / 32 / 4);
    prometheus::TextSerializer ser;
    std::size_t bytes = 0;
    Samples scrape = time_each(50, scaled(opt, 2000), 0, [&](long) {
      std::string text = ser.Serialize(registry->Collect());
      bytes = text.size();
      keep(text.data());
    });
    std::size_t series = 0;
    for (const auto& fam : registry->Collect()) series += fam.metric.size();

    const double ratio_allow = rounds.ratio(r_allow, r_dec_allow);
    const double ratio_deny = rounds.ratio(r_deny, r_dec_deny);
    if (allowed.verdicts.empty() || !allowed.allow) throw std::runtime_error("the reference decision does not allow");
    if (opt.json) {
      JsonLine("metrics")
          .num("per_decision_ns", rounds.p50(r_allow))
          .num("per_decision_p99_ns", allow_s.pct(0.99))
          .num("blocked_decision_ns", rounds.p50(r_deny))
          .num("blocked_decision_p99_ns", deny_s.pct(0.99))
          .integer("denials", static_cast<long long>(denials))
          .num("ratio_to_decision", ratio_allow)
          .num("ratio_blocked_to_decision", ratio_deny)
          .num("allocs_per_decision", allocs / 2)
          .num("scrape_us", scrape.pct(0.5) / 1e3)
          .num("scrape_p99_us", scrape.pct(0.99) / 1e3)
          .integer("series", static_cast<long long>(series))
          .print();
      return 0;
    }
    Table t("metric updates per decision (ns; p50 from batches of 32, p99 one by one less the clock's " +
                fixed(overhead, 0) + " ns)",
            {"path", "p50", "p99", "decision p50", "share (target <= 10%)"});
    t.row({"planned + executed", fixed(rounds.p50(r_allow)), fixed(allow_s.pct(0.99)), fixed(rounds.p50(r_dec_allow)),
           fixed(100 * ratio_allow) + "%"});
    t.row({"planned + blocked (" + std::to_string(denials) + " denials)", fixed(rounds.p50(r_deny)), fixed(deny_s.pct(0.99)),
           fixed(rounds.p50(r_dec_deny)), fixed(100 * ratio_deny) + "%"});
    t.print();
    std::printf("  heap allocations per decision's metric updates: %.2f\n\n", allocs / 2);
    Table s("one /metrics scrape (TextSerializer over Registry::Collect)", {"series", "bytes", "p50 us", "p99 us"});
    s.row({std::to_string(series), std::to_string(bytes), fixed(scrape.pct(0.5) / 1e3), fixed(scrape.pct(0.99) / 1e3)});
    s.print();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_metrics: %s\n", e.what());
    return 2;
  }
  return 0;
}
