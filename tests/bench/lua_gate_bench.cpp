// bench_lua_gate [--json] [--policy FILE] [--samples N] [--scale X]
//
// The cost of one Lua gate call end to end (the context handed in, the
// verdict read back) next to the same check written as a C++ gate, both
// called through the Gate interface as a chain calls them. The difference is
// what a Lua policy adds to a decision, taken from rounds that time the two
// side by side. It also counts heap allocations per
// call on the host side and watches the Lua state's bytes: a decision should
// allocate nothing.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "grinder/lua/policy_gate.hpp"
#include "support/alloc_count.hpp"
#include "support/bench.hpp"
#include "support/rounds.hpp"

namespace {

using namespace grinder;

// The stale_market_data check, written in C++.
template <typename F>
class LambdaGate final : public gates::Gate {
 public:
  LambdaGate(std::string id, F f) : Gate(std::move(id)), f_(std::move(f)) {}
  void judge(const gates::Action& a, const gates::GateContext& c, gates::Verdict& out) const override { f_(a, c, out); }

 private:
  F f_;
};

// A new quote and a new clock for every decision, as the runtime hands them
// in: nothing is the same as in the previous call.
void advance(gates::GateContext& c, long i) {
  c.now_ms += 1;
  c.market.age_ms = 100 + (i & 1023);
}

}  // namespace

int main(int argc, char** argv) {
  bool json = false;
  int samples = 20000;
  const int batch = 50;
  std::string policy = std::string(GRINDER_SOURCE_DIR) + "/policies/stale_market_data.lua";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--json") {
      json = true;
    } else if (arg == "--policy" && i + 1 < argc) {
      policy = argv[++i];
    } else if (arg == "--samples" && i + 1 < argc) {
      samples = std::max(100, std::atoi(argv[++i]));
    } else if (arg == "--scale" && i + 1 < argc) {  // as every benchmark takes it (scripts/bench)
      samples = std::max(100, static_cast<int>(samples * std::atof(argv[++i])));
    } else {
      std::cerr << "usage: bench_lua_gate [--json] [--policy FILE] [--samples N] [--scale X]\n";
      return 2;
    }
  }

  config::Diagnostics diags;
  lua::PolicyBuild build;
  build.file = policy;
  build.with.kind = config::Value::Kind::Object;
  auto lua_gate = lua::LuaPolicyGate::build(build, diags);
  // The same policy with the count hook kept on every call, to show what
  // leaving it off (for a policy proven short) saves.
  lua::PolicyBuild hooked_build = build;
  hooked_build.limits.unhooked_when_proven = false;
  auto hooked_gate = lua::LuaPolicyGate::build(hooked_build, diags);
  if (!lua_gate || !hooked_gate) {
    std::cerr << diags.render_text();
    return 2;
  }
  const std::int64_t max_age_ms = 3000;
  LambdaGate cpp_gate("cpp:stale_market_data",
                      [max_age_ms](const gates::Action&, const gates::GateContext& c, gates::Verdict& out) {
                        if (!c.market.age_ms) return out.set_deny("market_data:stale", "age_ms=unknown");
                        if (*c.market.age_ms > max_age_ms) return out.set_deny("market_data:stale", "age_ms=stale");
                        out.set_pass();
                      });

  gates::Action action;
  action.type = gates::ActionType::PlaceOrder;
  action.symbol = "BTCUSDT";
  action.qty = 0.01;
  action.price = 65000;
  gates::GateContext ctx;
  ctx.market.bid = 64990;
  ctx.market.ask = 65010;
  ctx.market.age_ms = 120;
  ctx.now_ms = 1714987800000;
  if (!lua_gate->check(action, ctx).allow || !cpp_gate.check(action, ctx).allow) {
    std::cerr << "bench_lua_gate: the policy denies the benchmark's fresh quote; pick a policy that allows it\n";
    return 2;
  }

  // The three gates side by side, a batch of each per round
  // (support/rounds.hpp): the marginal cost is the median over rounds of
  // the Lua batch's time less the C++ batch's, so a slow spell of the
  // machine falls on both.
  std::uint64_t allowed = 0;
  gates::GateContext ctx_cpp = ctx, ctx_lua = ctx, ctx_hooked = ctx;
  auto calls = [&allowed, &action](const gates::Gate& gate, gates::GateContext& c) {
    return [&allowed, &action, &gate, &c](long i) {
      advance(c, i);
      allowed += gate.check(action, c).allow;
    };
  };
  grinder::bench::Rounds rounds;
  const std::size_t r_cpp = rounds.add("cpp", calls(cpp_gate, ctx_cpp), batch);
  const std::size_t r_lua = rounds.add("lua", calls(*lua_gate, ctx_lua), batch);
  const std::size_t r_hooked = rounds.add("hooked", calls(*hooked_gate, ctx_hooked), batch);
  rounds.run(samples, 400);  // the warm-up rounds also warm the Lua states
  struct Stats {
    double p50, p99;
  };
  auto stats = [&](std::size_t v) { return Stats{rounds.p50(v), rounds.pct(v, 0.99)}; };
  const Stats cpp = stats(r_cpp), lua = stats(r_lua), hooked = stats(r_hooked);
  const bool unhooked = lua_gate->info().runs_unhooked;

  // Allocations over a fixed number of Lua calls after warm-up.
  const int probe = 100000;
  const std::size_t lua_bytes_before = lua_gate->memory_used();
  double news_per_call = 0;
  {
    grinder::bench::AllocationProbe news;
    for (int i = 0; i < probe; ++i) {
      advance(ctx, i);
      allowed += lua_gate->check(action, ctx).allow;
    }
    news_per_call = static_cast<double>(news.count()) / probe;
  }
  const std::size_t lua_bytes_after = lua_gate->memory_used();
  const double marginal = rounds.difference(r_lua, r_cpp);

  if (json) {
    std::printf(
        "{\"bench\":\"lua_gate\",\"marginal_p50_ns\":%.1f,\"lua_p50_ns\":%.1f,\"lua_p99_ns\":%.1f,"
        "\"cpp_p50_ns\":%.1f,\"cpp_p99_ns\":%.1f,\"hooked_p50_ns\":%.1f,\"runs_unhooked\":%s,"
        "\"host_allocations_per_call\":%.3f,\"lua_bytes_growth\":%lld}\n",
        marginal, lua.p50, lua.p99, cpp.p50, cpp.p99, hooked.p50, unhooked ? "true" : "false", news_per_call,
        static_cast<long long>(lua_bytes_after) - static_cast<long long>(lua_bytes_before));
  } else {
    std::printf("one gate call, end to end (%d rounds timing %d calls of each gate in turn; policy %s)\n\n", samples,
                batch, policy.c_str());
    std::printf("  %-26s %12s %12s\n", "gate", "p50 ns/call", "p99 ns/call");
    std::printf("  %-26s %12.1f %12.1f\n", "C++ lambda gate", cpp.p50, cpp.p99);
    std::printf("  %-26s %12.1f %12.1f\n", unhooked ? "Lua policy gate (no hook)" : "Lua policy gate", lua.p50,
                lua.p99);
    std::printf("  %-26s %12.1f %12.1f\n", "Lua, count hook kept", hooked.p50, hooked.p99);
    std::printf("  %-26s %12.1f\n\n", "marginal cost of Lua", marginal);
    std::printf("  host allocations per Lua call: %.3f\n", news_per_call);
    std::printf("  Lua state bytes: %zu before, %zu after %d calls\n", lua_bytes_before, lua_bytes_after, probe);
  }
  return allowed == 0 ? 1 : 0;
}
