// bench_reload [--json] [--scale X]
//
// Reloading under load. A temporary deployment runs the Runbook 22 ladder
// at ACTIVE with the remediation chain followed by 20 Lua policies; each
// policy's denial detail names the version of the files it was built from.
// Timed: building and validating one generation (the files loaded and
// checked, 20 policies compiled and their test cases run), the swap alone
// (the atomic exchange the holder publishes with), and then >= 1000 reloads,
// one in ten broken, while another thread decides without pause. Counted:
// decisions that failed, decisions that mixed two generations (policies of one
// decision naming two versions, a generation answering with two versions),
// and the decision thread's p99 during the reloads against quiet decisions.
// One thread decides throughout while the main thread alternates reloading,
// quiet and spinning spells, twenty of each, so that the machine's slow
// spells fall on every side of the ratio alike; the spinning spells say what
// any busy neighbour core costs on this machine, reloads or not.
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <thread>

#include "grinder/reload/holder.hpp"
#include "support/bench.hpp"
#include "support/reference.hpp"

namespace fs = std::filesystem;
using namespace grinder;
using namespace grinder::bench;

namespace {

constexpr int kPolicies = 20;

enum class Break { None, Syntax, FailingTest, UnknownParam };

void write(const fs::path& p, const std::string& text) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << text;
  if (!f) throw std::runtime_error("cannot write " + p.string());
}

std::string read(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + p.string());
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::string policy_name(int i) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "p%02d", i);
  return buf;
}

// A deployment in a temporary folder, rewritten version by version.
class Deployment {
 public:
  Deployment() {
    std::string templ = (fs::temp_directory_path() / "grinder-bench-reload-XXXXXX").string();
    if (!mkdtemp(templ.data())) throw std::runtime_error("cannot create a temporary folder");
    dir_ = templ;
    fs::create_directories(dir_ / "policies");
    const fs::path stages = fs::path(GRINDER_SOURCE_DIR) / "stages" / "runbook22";
    write(dir_ / "grinder.yaml", "version: 1\nname: bench-reload\nladder: " + (stages / "ladder.yaml").string() +
                                     "\nchains: chains.yaml\ngraduation: " + (stages / "graduation.yaml").string() +
                                     "\npolicies: policies\nvenues: {}\n");
    chains_ = read(stages / "chains.yaml");
    if (chains_.back() != '\n') chains_ += '\n';
  }
  ~Deployment() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Deployment(const Deployment&) = delete;
  Deployment& operator=(const Deployment&) = delete;

  std::string path() const { return dir_.string(); }

  // Every policy (and its test) as `version`, broken as asked.
  void write_version(int version, Break how) {
    const std::string v = std::to_string(version);
    for (int i = 1; i <= kPolicies; ++i) {
      const std::string name = policy_name(i);
      const bool broken = i == kPolicies / 2;
      std::string verdict = "  return deny(\"version\", \"v=" + v + "\")\n";
      if (broken && how == Break::Syntax) verdict = "  return deny(\"version\", \"v=" + v + "\"\n";  // unclosed
      if (broken && how == Break::FailingTest) verdict = "  return allow()\n";
      write(dir_ / "policies" / (name + ".lua"),
            "-- Denies with the version of the files it was built from.\nname = \"" + name +
                "\"\nparams = { max_age_ms = { type = \"integer\", default = 3000, min = 1 } }\n"
                "function evaluate(action, ctx, with)\n  local age = ctx.market_age_ms\n"
                "  if age == nil or age > with.max_age_ms then\n    return deny(\"market_data:stale\")\n  end\n" +
                verdict + "end\n");
      write(dir_ / "policies" / (name + ".test.yaml"),
            "action: { type: cancel_all, symbol: BTCUSDT }\ncases:\n  - name: names its version\n"
            "    ctx: { market_age_ms: 100 }\n    expect: { verdict: deny, reason: version, detail: \"v=" + v + "\" }\n");
    }
    // The shipped remediation chain, then the policies.
    std::string chains = chains_;
    for (int i = 1; i <= kPolicies; ++i) {
      chains += "    - policy: " + policy_name(i) + "\n";
      if (how == Break::UnknownParam && i == 1) chains += "      with: { speed: 3 }\n";
    }
    write(dir_ / "chains.yaml", chains);
  }

 private:
  fs::path dir_;
  std::string chains_;
};

Break breakage(int i) {
  if (i % 30 == 0) return Break::Syntax;
  if (i % 30 == 10) return Break::FailingTest;
  if (i % 30 == 20) return Break::UnknownParam;
  return Break::None;
}

// What the decision thread counts, for one kind of spell.
struct Tally {
  long decisions = 0, failed = 0, mixed = 0;
  Samples latency;
};

// What the other core does while the decision thread decides.
enum Spell : int { kQuiet = 0, kReloading = 1, kSpinning = 2, kSpellKinds = 3, kStop = -1 };

// Decides on whatever generation is current until `spell` says stop, timing
// each decision from the generation's load to the verdicts read and counting
// it under the spell it started in. One thread decides through every spell,
// so quiet and reloading decisions share a core, a cache and a clock.
// `answered` maps each generation seen to the version it answers with.
void decide_through_spells(const reload::GenerationHolder& holder, const std::atomic<int>& spell,
                           const gates::Action& action, double overhead, Tally (&tally)[kSpellKinds],
                           std::map<std::uint64_t, std::string>& answered) {
  std::shared_ptr<const reload::Generation> held;
  gates::GateContext ctx;
  gates::Decision d;
  for (long i = 0;; ++i) {
    const int kind = spell.load(std::memory_order_relaxed);
    if (kind == kStop) break;
    Tally& t = tally[kind];
    const std::int64_t t0 = now_ns();
    auto g = holder.current();
    if (!g) {
      ++t.failed;
      continue;
    }
    if (g != held) {  // a new generation: its context, once
      held = g;
      ctx = g->context();
      ctx.market.bid = 64990;
      ctx.market.ask = 65010;
      ctx.now_ms = 1714987800000;
      ctx.actions_last_hour = 1;
    }
    advance(ctx, i);
    try {
      g->decide(action, ctx, d);
    } catch (...) {
      ++t.failed;
      continue;
    }
    const std::int64_t t1 = now_ns();
    t.latency.add(static_cast<double>(t1 - t0) - overhead);
    ++t.decisions;

    // The built-in gates allow; every policy denies naming its version.
    const std::string* version = nullptr;
    bool failed = d.generation != g->id || d.verdicts.size() != 16 + kPolicies, mixed = false;
    for (const auto& v : d.verdicts) {
      if (v.kind != "policy") {
        failed = failed || !v.allow;
        continue;
      }
      if (v.allow || v.reason != "version") failed = true;
      if (!version) version = &v.detail;
      mixed = mixed || v.detail != *version;
    }
    if (version && !mixed) {
      auto [it, fresh] = answered.emplace(d.generation, *version);
      mixed = !fresh && it->second != *version;
    }
    t.failed += failed;
    t.mixed += mixed;
  }
}

// Keeps this core busy with plain arithmetic for `ns`: no memory traffic,
// no system calls. What any busy neighbour costs the decision thread here.
void spin_for(std::int64_t ns) {
  const std::int64_t end = now_ns() + ns;
  std::uint64_t x = 1;
  while (now_ns() < end)
    for (int k = 0; k < 1000; ++k) x = x * 6364136223846793005ull + 1442695040888963407ull;
  keep(x);
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_options(argc, argv, "bench_reload [--json] [--scale X]");
  spdlog::set_level(spdlog::level::off);  // a thousand reload lines (some refusals, on purpose) say nothing here
  try {
    Deployment dep;
    dep.write_version(1, Break::None);
    reload::BuildInput in;
    in.config_path = dep.path();
    in.env = env_lookup(reference_env());
    prometheus::Registry registry;
    reload::GenerationHolder holder(in, registry);
    if (auto o = holder.reload(); !o.ok) throw std::runtime_error("the first load failed: " + o.errors.render_text());
    if (holder.current()->stage().name != "ACTIVE") throw std::runtime_error("the bench deployment is not at ACTIVE");
    const double overhead = timer_overhead_ns();
    gates::Action action;
    action.type = gates::ActionType::CancelAll;
    action.symbol = "BTCUSDT";
    action.orders = {{"grinder_1_abc", "BTCUSDT"}};

    // Build + validate, alone.
    Samples build = time_each(2, scaled(opt, 20), 0, [&](long) {
      config::Diagnostics diags;
      auto g = reload::build_generation(in, diags);
      if (!g) throw std::runtime_error(diags.render_text());
      keep(g.get());
    });

    // The swap alone: the exchange GenerationHolder::publish makes.
    std::atomic<std::shared_ptr<const reload::Generation>> slot(holder.current());
    std::shared_ptr<const reload::Generation> other;
    {
      config::Diagnostics diags;
      other = reload::build_generation(in, diags);
    }
    // Batched: one exchange is about one clock tick (10 ns here).
    Samples swap = time_batched(1000, scaled(opt, 20000), 64, [&](long) {
      other = slot.exchange(std::move(other), std::memory_order_acq_rel);
    });

    // Spells, twenty of each kind in turn, while one thread decides without
    // pause: the main thread reloads (some reloads broken), then sleeps
    // (quiet), then spins (the machine's own baseline for a busy neighbour),
    // the last two for half as long as the reloads took.
    constexpr int kSpells = 20;
    const int reloads = static_cast<int>(std::max(10L, scaled(opt, 1000)));
    Tally tally[kSpellKinds];
    for (auto& t : tally) t.latency.reserve(6u << 20);
    std::map<std::uint64_t, std::string> answered;
    std::atomic<int> spell{kQuiet};
    std::thread decider([&] { decide_through_spells(holder, spell, action, overhead, tally, answered); });
    int refused = 0, published = 0, wrong = 0;
    Samples reload_ms;
    for (int n = 0, i = 2; n < kSpells; ++n) {
      spell = kReloading;
      const std::int64_t began = now_ns();
      for (const int last = 2 + reloads * (n + 1) / kSpells; i < last; ++i) {
        const Break how = breakage(i);
        dep.write_version(i, how);
        const std::int64_t t0 = now_ns();
        reload::ReloadOutcome o = holder.reload();
        reload_ms.add(static_cast<double>(now_ns() - t0) / 1e6);
        if (o.ok) ++published; else ++refused;
        wrong += o.ok != (how == Break::None);
      }
      const std::int64_t half = (now_ns() - began) / 2;
      spell = kQuiet;
      std::this_thread::sleep_for(std::chrono::nanoseconds(half));
      spell = kSpinning;
      spin_for(half);
    }
    spell = kStop;
    decider.join();
    if (wrong) throw std::runtime_error(std::to_string(wrong) + " reloads were refused or published wrongly");
    holder.release_retired();

    Tally& quiet = tally[kQuiet];
    Tally& busy = tally[kReloading];
    Tally& spinning = tally[kSpinning];
    long failed = 0, mixed = 0;
    for (const auto& t : tally) failed += t.failed, mixed += t.mixed;
    const double ratio = busy.latency.pct(0.99) / quiet.latency.pct(0.99);
    const double spin_ratio = spinning.latency.pct(0.99) / quiet.latency.pct(0.99);
    if (opt.json) {
      JsonLine("reload")
          .num("build_ms", build.pct(0.5) / 1e6)
          .num("swap_ns", swap.pct(0.5))
          .num("reload_ms", reload_ms.pct(0.5))
          .integer("reloads", published + refused)
          .integer("reloads_refused", refused)
          .integer("decisions", busy.decisions)
          .integer("decisions_failed", failed)
          .integer("decisions_mixed_generation", mixed)
          .integer("generations_seen", static_cast<long long>(answered.size()))
          .num("quiet_p50_ns", quiet.latency.pct(0.5))
          .num("quiet_p99_ns", quiet.latency.pct(0.99))
          .num("reload_p50_ns", busy.latency.pct(0.5))
          .num("reload_p99_ns", busy.latency.pct(0.99))
          .num("reload_p999_ns", busy.latency.pct(0.999))
          .num("spin_p99_ns", spinning.latency.pct(0.99))
          .num("p99_ratio_reload_vs_quiet", ratio)
          .num("p99_ratio_spin_vs_quiet", spin_ratio)
          .print();
      return 0;
    }
    Table t("reload: 16 built-in gates + " + std::to_string(kPolicies) + " Lua policies", {"figure", "value", "target"});
    t.row({"build + validate a generation, p50 (ms)", fixed(build.pct(0.5) / 1e6, 2), "<= 50"});
    t.row({"swap alone, p50 (ns)", fixed(swap.pct(0.5)), "<= 1000"});
    t.row({"whole reload (build + publish), p50 (ms)", fixed(reload_ms.pct(0.5), 2), ""});
    t.row({"reloads (refused)", std::to_string(published + refused) + " (" + std::to_string(refused) + ")", ">= 1000"});
    t.row({"decisions during reloads", std::to_string(busy.decisions), ""});
    t.row({"generations the decision thread saw", std::to_string(answered.size()), ""});
    t.row({"decisions failed", std::to_string(failed), "0"});
    t.row({"decisions mixing generations", std::to_string(mixed), "0"});
    t.print();
    Table l("decision latency on the decision thread (ns)", {"phase", "p50", "p99", "p99.9"});
    l.row({"quiet", fixed(quiet.latency.pct(0.5)), fixed(quiet.latency.pct(0.99)), fixed(quiet.latency.pct(0.999))});
    l.row({"during reloads", fixed(busy.latency.pct(0.5)), fixed(busy.latency.pct(0.99)), fixed(busy.latency.pct(0.999))});
    l.row({"beside a spinning core", fixed(spinning.latency.pct(0.5)), fixed(spinning.latency.pct(0.99)),
           fixed(spinning.latency.pct(0.999))});
    l.row({"p99 ratio, reloads (target <= 2)", fixed(ratio, 2), "", ""});
    l.row({"p99 ratio, spinning (baseline)", fixed(spin_ratio, 2), "", ""});
    l.print();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_reload: %s\n", e.what());
    return 2;
  }
  return 0;
}
