// grinder canary once|loop: the bounded live canary of the BTCTurk runbook
// (stages 2 and 3), for any venue. Each cycle rests one small LIMIT BUY far
// from the touch through the stage's gate chain, cancels it at its TTL and
// audits every step. Hard caps: the cycle count (once is one), the notional
// (never above the stage's per-order and per-run caps), and a stop on a gate
// deny (the arming variables, the kill switch), stale market data, or a
// venue error that must not be retried. Exit 0 ran to the last cycle, 1
// stopped early on a gate or the data, 2 bad input or a venue failure.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>

#include "canary_cycle.hpp"
#include "canary_order.hpp"
#include "commands.hpp"
#include "grinder/plugin/decimal.hpp"
#include "grinder/safety/instance_lock.hpp"
#include "grinder/util/json_escape.hpp"
#include "grinder/util/number.hpp"
#include "live_run_checks.hpp"
#include "venue_preflight.hpp"
#include "wall_clock.hpp"

namespace grinder::cli {

namespace {

struct Options {
  std::string config = "grinder.yaml";
  CanarySpec spec;
  bool max_cycles_given = false;
  bool json = false;
  bool once = false;
};

struct Tally {
  std::int64_t cycles = 0, placed = 0, cancelled = 0, filled = 0, rejected = 0;
  std::vector<CycleRecord> records;
  CanaryStop stop;
};

[[noreturn]] void bad_input(const std::string& msg) {
  std::cerr << "grinder canary: " << msg << "\n";
  throw CLI::RuntimeError(2);
}

std::string random_stem() {
  std::random_device rd;
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 8; ++i) s += hex[rd() & 15];
  return s;
}

const char* status_of(int exit_code) { return exit_code == 0 ? "COMPLETED" : exit_code == 1 ? "STOPPED" : "FAILED"; }

std::string cycle_line(const CycleRecord& c) {
  std::string out = "cycle " + std::to_string(c.cycle) + ": ";
  if (c.outcome == "not_sent") return out + "nothing sent";
  out += "BUY " + plugin::format_decimal(c.qty) + " @ " + plugin::format_decimal(c.price) + " (" + c.client_order_id +
         ") ";
  if (c.outcome == "rejected") return out + "rejected by the venue";
  out += "placed in " + std::to_string(c.latency_ms) + " ms, ";
  if (c.outcome == "cancelled")
    return out + "cancelled after " + std::to_string(c.rested_ms) + " ms (filled " +
           plugin::format_decimal(c.filled_qty) + ")";
  if (c.outcome == "filled") return out + "filled";
  if (c.outcome == "closed") return out + "ended by the venue (filled " + plugin::format_decimal(c.filled_qty) + ")";
  return out + "cancel failed";
}

void add(Tally& t, const CycleRecord& c) {
  ++t.cycles;
  if (c.outcome != "not_sent" && c.outcome != "rejected") ++t.placed;
  if (c.outcome == "rejected") ++t.rejected;
  if (c.outcome == "cancelled") ++t.cancelled;
  if (c.filled_qty > 0) ++t.filled;
  t.records.push_back(c);
}

void audit_stop(audit::AuditLog& audit, const Tally& t, const CanarySpec& spec) {
  std::string reasons;
  for (const auto& r : t.stop.reasons) reasons += (reasons.empty() ? "" : ",") + r;
  audit::Event e("CANARY_STOPPED", wall_now_ms());
  e.field("symbol", spec.symbol)
      .field("reason", t.stop.reason)
      .field("reasons", reasons)
      .field("detail", t.stop.detail)
      .field("cycles", t.cycles)
      .field("max_cycles", spec.max_cycles)
      .field("placed", t.placed)
      .field("cancelled", t.cancelled)
      .field("filled", t.filled)
      .field("rejected", t.rejected)
      .field("exit_code", t.stop.exit_code);
  if (!t.stop.decision_json.empty()) e.raw("decision", t.stop.decision_json);
  audit.append(e);
}

void print_summary(const Tally& t, const CanarySpec& spec, bool json) {
  if (json) {
    std::string reasons = "[";
    for (std::size_t i = 0; i < t.stop.reasons.size(); ++i)
      reasons += (i ? "," : "") + util::json_quote(t.stop.reasons[i]);
    std::string cycles = "[";
    for (std::size_t i = 0; i < t.records.size(); ++i) {
      const auto& c = t.records[i];
      cycles += std::string(i ? "," : "") + "{\"cycle\":" + std::to_string(c.cycle) +
                ",\"outcome\":" + util::json_quote(c.outcome) +
                ",\"client_order_id\":" + util::json_quote(c.client_order_id) +
                ",\"price\":" + plugin::format_decimal(c.price) + ",\"qty\":" + plugin::format_decimal(c.qty) +
                ",\"filled_qty\":" + plugin::format_decimal(c.filled_qty) +
                ",\"latency_ms\":" + (c.latency_ms >= 0 ? std::to_string(c.latency_ms) : "null") +
                ",\"rested_ms\":" + std::to_string(c.rested_ms) + "}";
    }
    std::cout << "{\"canary_status\":" << util::json_quote(status_of(t.stop.exit_code))
              << ",\"stop_reason\":" << util::json_quote(t.stop.reason) << ",\"reasons\":" << reasons
              << "],\"detail\":" << util::json_quote(t.stop.detail) << ",\"symbol\":" << util::json_quote(spec.symbol)
              << ",\"cycles_run\":" << t.cycles << ",\"max_cycles\":" << spec.max_cycles
              << ",\"orders\":{\"placed\":" << t.placed << ",\"cancelled\":" << t.cancelled
              << ",\"filled\":" << t.filled << ",\"rejected\":" << t.rejected << "},\"cycles\":" << cycles << "]}\n";
    return;
  }
  std::cout << "canary summary: cycles " << t.cycles << " of " << spec.max_cycles << ", orders placed " << t.placed
            << ", cancelled " << t.cancelled << ", filled " << t.filled << ", rejected " << t.rejected << "\n";
  std::cout << "stop: " << t.stop.reason << (t.stop.detail.empty() ? "" : " (" + t.stop.detail + ")") << "\n";
  std::cout << "canary_stop_reason=" << t.stop.reason << "\n";
  std::cout << "canary_status=" << status_of(t.stop.exit_code) << "\n";
}

void check_spec(const Options& o) {
  const CanarySpec& s = o.spec;
  if (s.symbol.empty()) bad_input("--symbol is required");
  if (!(s.notional > 0)) bad_input("--notional must be positive");
  if (!(s.ttl_s > 0)) bad_input("--ttl-seconds must be positive");
  if (s.cycle_s < 0) bad_input("--cycle-seconds must not be negative");
  if (o.once && o.max_cycles_given && s.max_cycles != 1) bad_input("canary once runs exactly one cycle");
  if (!o.once && !o.max_cycles_given) bad_input("canary loop needs --max-cycles: the loop is always bounded");
  if (s.max_cycles < 1) bad_input("--max-cycles must be at least 1");
}

// The notional the operator asks for must fit the stage's caps before any
// cycle starts; the gates then judge each order's rounded notional.
void check_notional(const CanarySpec& s, const ladder::Limits& l) {
  if (l.max_notional_per_order && s.notional > *l.max_notional_per_order)
    bad_input("--notional " + util::format_number(s.notional) + " exceeds the stage's max_notional_per_order " +
              util::format_number(*l.max_notional_per_order));
  if (l.max_notional_per_run && s.notional > *l.max_notional_per_run)
    bad_input("--notional " + util::format_number(s.notional) + " exceeds the stage's max_notional_per_run " +
              util::format_number(*l.max_notional_per_run));
}

void run(Options o) {
  check_spec(o);
  if (o.once) o.spec.max_cycles = 1;
  StopSignals signals;  // before the plugin can start a thread
  Preflight p = run_preflight(o.config);
  if (any_failed(p.checks)) {
    std::cerr << "grinder canary: refused: doctor would FAIL\n";
    print_checks(std::cerr, p.checks);
    throw CLI::RuntimeError(2);
  }
  const reload::Generation& gen = *p.generation;
  const config::Deployment& d = *gen.deployment;
  std::string why;
  auto lock = safety::InstanceLock::acquire(d.state_dir, lock_scope(d), why);
  if (!lock) bad_input(why);
  check_notional(o.spec, gen.context().limits);
  auto filters = p.venue->filters(o.spec.symbol);
  if (!filters) bad_input("filters of " + o.spec.symbol + ": " + filters.error().to_string());

  audit::AuditLog audit(d.audit_path, d.audit_enabled);
  CanaryRun run{gen, *p.venue, audit, *filters, o.spec, chain_max_age_ms(d, gen.stage()), random_stem(), signals};
  if (!o.json)
    std::cout << "grinder canary: deployment " << d.name << ", venue " << p.venue_name << ", stage " << gen.stage().name
              << (gen.held ? " (held: " + gen.held_reason + ")" : "") << ", " << o.spec.symbol << " notional "
              << util::format_number(o.spec.notional) << ", TTL " << util::format_number(o.spec.ttl_s) << " s, "
              << o.spec.max_cycles << " cycle(s) at most\n";

  Tally t;
  for (std::int64_t cycle = 1;; ++cycle) {
    auto started = std::chrono::steady_clock::now();
    CycleRecord rec = run_canary_cycle(run, cycle);
    add(t, rec);
    if (!o.json) std::cout << cycle_line(rec) << "\n";
    if (rec.stop) {
      t.stop = *rec.stop;
      break;
    }
    if (cycle >= o.spec.max_cycles) {
      t.stop.reason = "max_cycles";
      t.stop.detail = "ran " + std::to_string(cycle) + " cycle(s)";
      break;
    }
    auto next = started + std::chrono::milliseconds(static_cast<std::int64_t>(o.spec.cycle_s * 1000));
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(next - std::chrono::steady_clock::now()).count();
    if (signals.wait(std::max<std::int64_t>(0, left))) {
      t.stop.reason = "signal";
      t.stop.detail = std::string(signals.name()) + ": stopped by the operator between cycles";
      t.stop.exit_code = 1;
      break;
    }
  }
  audit_stop(audit, t, o.spec);
  print_summary(t, o.spec, o.json);
  if (t.stop.exit_code != 0) throw CLI::RuntimeError(t.stop.exit_code);
}

void add_options(CLI::App* cmd, const std::shared_ptr<Options>& o, bool once) {
  cmd->add_option("-c,--config", o->config, "grinder.yaml or its folder")->capture_default_str();
  cmd->add_option("--symbol", o->spec.symbol, "The one symbol to trade")->required();
  cmd->add_option("--notional", o->spec.notional, "Order notional in the quote asset (rounded up to the step)")
      ->required();
  cmd->add_option("--ttl-seconds", o->spec.ttl_s, "How long each order rests before it is cancelled")
      ->capture_default_str();
  cmd->add_option("--cycle-seconds", o->spec.cycle_s, "Time from one cycle's start to the next")->capture_default_str();
  auto* max = cmd->add_option("--max-cycles", o->spec.max_cycles,
                              once ? "Must be 1 if given" : "Stop after this many cycles (required)");
  cmd->add_flag("--json", o->json, "Print the summary as JSON");
  cmd->callback([o, once, max] {
    Options copy = *o;
    copy.once = once;
    copy.max_cycles_given = max->count() > 0;
    run(copy);
  });
}

}  // namespace

void register_canary(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "canary", "Bounded live canary: one far-from-touch order per cycle through the gates, cancelled at its TTL");
  cmd->require_subcommand(1);
  add_options(cmd->add_subcommand("once", "One cycle; exit 0 done, 1 stopped by a gate or stale data, 2 failed"),
              std::make_shared<Options>(), true);
  add_options(cmd->add_subcommand("loop",
                                  "Up to --max-cycles cycles; stops at the first gate deny, stale data or "
                                  "venue error; exit 0/1/2 as once"),
              std::make_shared<Options>(), false);
}

}  // namespace grinder::cli
