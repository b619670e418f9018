// bench_decision [--json] [--scale X]
//
// What one decision costs on the reference chain (support/reference.hpp):
//   (a) the 16 built-in gates of Runbook 22's remediation chain,
//   (b) the same followed by 3 Lua policies,
//   (c) the floor: the same 19 checks as one hand-written C++ function,
//   (d) the same 19 checks as one Lua function in a plain state,
// every gate evaluated and the same gates::Decision envelope filled, into one
// Decision reused from call to call as a decision loop would. The floor's
// checks are also timed alone, and so are the denying context (a denial
// builds its reasons and details) and a fresh Decision per call. The ratios
// between (a), (b), (c) and (d) come from rounds that time the four side by
// side (support/rounds.hpp), not from their separately timed medians.
#include <cstdio>
#include <stdexcept>

#include "all_lua_chain.hpp"
#include "decision_floor.hpp"
#include "support/alloc_count.hpp"
#include "support/bench.hpp"
#include "support/reference.hpp"
#include "support/rounds.hpp"

using namespace grinder;
using namespace grinder::bench;

namespace {

struct Row {
  std::string name;
  Samples s;        // one sample per decision: the tails
  Samples batched;  // the mean of 32 decisions per sample: the median, finer than the clock's 10 ns
  double allocs = 0;

  double p50() { return batched.pct(0.5); }
};

// The allocations one call of f makes, averaged over many after warm-up.
template <class F>
double allocations_per_call(F&& f) {
  for (long i = 0; i < 1000; ++i) f(i);
  const long n = 20000;
  AllocationProbe probe;
  for (long i = 0; i < n; ++i) f(i);
  return static_cast<double>(probe.count()) / static_cast<double>(n);
}

// The engine's verdicts and the floor's must be the same checks with the same
// outcome: otherwise the floor measures something else.
void check_same(const gates::Decision& d, const FloorDecision& f, const char* what) {
  bool same = d.verdicts.size() == static_cast<std::size_t>(kFloorChecks) && d.allow == f.allow;
  for (std::size_t i = 0; same && i < d.verdicts.size(); ++i) {
    const auto& v = d.verdicts[i];
    const char* r = f.reasons[i];
    same = v.allow ? r == nullptr : (r != nullptr && v.reason == r);
  }
  if (!same) throw std::runtime_error(std::string(what) + " does not reach the engine's verdicts");
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_options(argc, argv, "bench_decision [--json] [--scale X]");
  try {
    Reference ref = load_reference();
    AllLuaChain all_lua(std::string(GRINDER_SOURCE_DIR) + "/tests/bench/all_lua_chain.lua");
    const double overhead = timer_overhead_ns();
    const MachinePauses pauses = measure_pauses(static_cast<int>(scaled(opt, 300)));
    const long warmup = scaled(opt, 20000), n = scaled(opt, 300000);

    gates::Decision d;
    FloorDecision f;
    gates::GateContext ctx = ref.allow_ctx;
    const gates::Action& a = ref.action;

    // Every variant must agree with the engine, allowing and denying.
    for (const gates::GateContext* c : {&ref.allow_ctx, &ref.deny_ctx}) {
      d = ref.with_lua->decide(a, *c);
      floor_decide(a, *c, f);
      check_same(d, f, "the floor");
      all_lua.set_generation(*c);
      all_lua.decide(a, *c, f);
      check_same(d, f, "the all-Lua chain");
    }
    if (!ref.with_lua->decide(a, ref.allow_ctx).allow || ref.with_lua->decide(a, ref.deny_ctx).allow)
      throw std::runtime_error("the reference contexts do not allow and deny as they should");

    auto engine = [&](const gates::Chain& chain, gates::GateContext& c, bool stale) {
      return [&chain, &c, &d, &a, stale](long i) {
        advance(c, i, stale);
        chain.decide(a, c, d);
        keep(d.allow);
      };
    };
    std::vector<Row> rows;
    auto run = [&](const std::string& name, auto f) {
      Row r{name, time_each(warmup, n, overhead, f), time_batched(warmup, n / 32, 32, f), allocations_per_call(f)};
      rows.push_back(std::move(r));
      return &rows.back();
    };

    gates::GateContext deny = ref.deny_ctx;
    auto floor_call = [&](long i) {
      advance(ctx, i);
      floor_decide(a, ctx, f);
      fill_envelope(a, ctx, f, d);
      keep(d.allow);
    };
    auto all_lua_call = [&](long i) {
      advance(ctx, i);
      all_lua.decide(a, ctx, f);
      fill_envelope(a, ctx, f, d);
      keep(d.allow);
    };
    rows.reserve(10);
    Row* builtin = run("(a) built-in gates (16)", engine(*ref.builtin, ctx, false));
    Row* lua = run("(b) built-in + 3 Lua (19)", engine(*ref.with_lua, ctx, false));
    Row* denied = run("(b) denying context", engine(*ref.with_lua, deny, true));
    Row* by_value = run("(b) a fresh Decision each time", [&](long i) {
      advance(ctx, i);
      gates::Decision fresh = ref.with_lua->decide(a, ctx);
      keep(fresh.allow);
    });
    Row* floor = run("(c) floor: one C++ function", floor_call);
    Row* checks = run("(c) floor, checks alone", [&](long i) {
      advance(ctx, i);
      keep(floor_decide(a, ctx, f));
    });
    all_lua.set_generation(ctx);
    Row* lua_all = run("(d) all-Lua: one pcall", all_lua_call);

    // The ratios: (a), (b), (c) and (d) timed side by side in rounds, so a
    // slow spell of the machine falls on all four alike (support/rounds.hpp).
    Rounds rounds;
    const std::size_t ra = rounds.add("a", engine(*ref.builtin, ctx, false), 256);
    const std::size_t rb = rounds.add("b", engine(*ref.with_lua, ctx, false), 256);
    const std::size_t rc = rounds.add("c", floor_call, 256);
    const std::size_t rd = rounds.add("d", all_lua_call, 256);
    rounds.run(scaled(opt, 600));

    // Throughput of (b) on one thread, timed as a whole.
    const long batch = scaled(opt, 500000);
    const std::int64_t t0 = now_ns();
    for (long i = 0; i < batch; ++i) {
      advance(ctx, i);
      ref.with_lua->decide(a, ctx, d);
      keep(d.allow);
    }
    const double per_s = static_cast<double>(batch) * 1e9 / static_cast<double>(now_ns() - t0);

    const double r_builtin = rounds.ratio(ra, rc);
    const double r_lua = rounds.ratio(rb, rc);
    const double r_engine = rounds.ratio(rd, rb);
    auto spread = [&](std::size_t x, std::size_t y) {
      return fixed(rounds.ratio(x, y, 0.25), 2) + " .. " + fixed(rounds.ratio(x, y, 0.75), 2);
    };
    if (opt.json) {
      JsonLine("decision")
          .num("builtin_p50_ns", builtin->p50())
          .num("builtin_p99_ns", builtin->s.pct(0.99))
          .num("builtin_p999_ns", builtin->s.pct(0.999))
          .num("lua_p50_ns", lua->p50())
          .num("lua_p99_ns", lua->s.pct(0.99))
          .num("lua_p999_ns", lua->s.pct(0.999))
          .num("deny_p50_ns", denied->p50())
          .num("deny_p99_ns", denied->s.pct(0.99))
          .num("deny_p999_ns", denied->s.pct(0.999))
          .num("lua_fresh_decision_p50_ns", by_value->p50())
          .num("floor_p50_ns", floor->p50())
          .num("floor_checks_p50_ns", checks->p50())
          .num("all_lua_p50_ns", lua_all->p50())
          .num("all_lua_p99_ns", lua_all->s.pct(0.99))
          .num("ratio_builtin_floor", r_builtin)
          .num("ratio_lua_floor", r_lua)
          .num("ratio_all_lua_engine", r_engine)
          .num("ratio_lua_floor_p25", rounds.ratio(rb, rc, 0.25))
          .num("ratio_lua_floor_p75", rounds.ratio(rb, rc, 0.75))
          .num("ratio_builtin_checks", builtin->p50() / std::max(checks->p50(), 1.0))
          .num("decisions_per_s", per_s)
          .num("builtin_allocs", builtin->allocs)
          .num("lua_allocs", lua->allocs)
          .num("deny_allocs", denied->allocs)
          .num("timer_overhead_ns", overhead)
          .num("machine_pauses_per_s", pauses.per_s)
          .num("machine_pause_p50_us", pauses.p50_us)
          .num("machine_lost_pct", pauses.lost_pct)
          .num("machine_tail_bound_ns", pauses.tail_bound_ns)
          .print();
      return 0;
    }
    Table t("one decision on the reference chain (ns; p50 from batches of 32, the rest from " + std::to_string(n) +
                " decisions timed one by one, less the clock's own " + fixed(overhead, 0) + " ns)",
            {"variant", "p50", "p50 (each)", "p99", "p99.9", "allocs/decision"});
    for (auto& r : rows)
      t.row({r.name, fixed(r.p50()), fixed(r.s.pct(0.5), 0), fixed(r.s.pct(0.99), 0), fixed(r.s.pct(0.999), 0),
             fixed(r.allocs, 2)});
    t.print();
    std::printf(
        "the machine: %.0f pauses over 5 us a second (median %.1f us, %.1f%% of the time); a call longer than\n"
        "about %.0f ns meets one more often than 1 in 1000, and its p99.9 then measures the machine\n\n",
        pauses.per_s, pauses.p50_us, pauses.lost_pct, pauses.tail_bound_ns);
    Table q("ratios (median of " + std::to_string(scaled(opt, 600)) +
                " rounds timing a batch of each side by side; quartiles) and throughput",
            {"figure", "value", "quartiles", "target"});
    q.row({"(a) / (c) built-in over floor", fixed(r_builtin, 2), spread(ra, rc), "<= 3"});
    q.row({"(b) / (c) with Lua over floor", fixed(r_lua, 2), spread(rb, rc), "<= 8"});
    q.row({"(d) / (b) all-Lua over engine", fixed(r_engine, 2), spread(rd, rb), ">= 1.5"});
    q.row({"(a) / checks alone, p50", fixed(builtin->p50() / std::max(checks->p50(), 1.0), 2), "", ""});
    q.row({"(b) decisions per second, one thread", fixed(per_s, 0), "", ""});
    q.print();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_decision: %s\n", e.what());
    return 2;
  }
  return 0;
}
