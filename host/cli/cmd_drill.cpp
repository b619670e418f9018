// grinder drill kill-switch|rollback: Runbook 22 sections 7 and 8 as
// commands, run against a live instance in a stage that does not execute
// (STAGING). Each verifies every expected signal from /metrics and records
// the result that `stage promote` checks (drill:kill_switch, drill:rollback).
#include <thread>

#include "ceremony_common.hpp"
#include "commands.hpp"
#include "grinder/ceremony/ceremony_log.hpp"
#include "grinder/ceremony/live_instance.hpp"
#include "grinder/ceremony/state.hpp"
#include "grinder/util/json_escape.hpp"
#include "grinder/util/number.hpp"

namespace grinder::cli {

namespace {

struct Options {
  std::string config = "grinder.yaml";
  std::string url;
  std::string symbol;
  std::string operator_flag;
  bool verify_reset = false;
  double window_s = 60;
  bool no_restore = false;
};

const std::string kKillSwitchBlocks = "grinder_gating_blocked_total{gate=\"kill_switch\",reason=\"KILL_SWITCH_ACTIVE\"}";
const std::string kDryRun = "grinder_reconcile_action_blocked_total{reason=\"dry_run\"}";
const std::string kEnvMissing = "grinder_reconcile_action_blocked_total{reason=\"env_var_missing\"}";

double value(const std::map<std::string, double>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}
double executed(const std::map<std::string, double>& m) {
  return value(m, "grinder_reconcile_action_executed_total{action=\"cancel_all\"}") +
         value(m, "grinder_reconcile_action_executed_total{action=\"flatten\"}");
}

struct Drill {
  config::Deployment d;
  ceremony::LiveInstance live;
  ceremony::LiveStatus status;
  std::vector<std::string> lines;
  bool ok = true;

  void check(bool cond, const std::string& what) {
    ok = ok && cond;
    lines.push_back(std::string(cond ? "  ok    " : "  FAIL  ") + what);
    std::cout << lines.back() << "\n";
  }
};

Drill start(const Options& o, const char* name) {
  auto d = load_or_exit(o.config);
  ceremony::LiveInstance live(d, o.url);
  auto s = live.status();
  if (!s) fail(std::string("drill ") + name, "no live instance answers at " + live.where() + "; start `grinder run` first");
  if (s->stage_executes)
    fail(std::string("drill ") + name, "the instance runs " + s->stage + ", which executes; drills run in a stage that does not (STAGING)");
  return Drill{d, live, *s, {}, true};
}

std::string strategy_of(const config::Deployment& d) {
  return d.identity.prefix + (d.identity.strategies.empty() ? "0" : d.identity.strategies[0]) + "_drill";
}

std::string probe(const Drill& dr, const std::string& action_json) {
  auto r = dr.live.admin("POST", "/admin/evaluate", "{\"action\":" + action_json + ",\"by\":\"drill\"}");
  return r.status == 200 ? r.body : std::string();
}

void record(const Drill& dr, const std::string& name, bool passed, const std::string& detail, const Options& o) {
  std::string why;
  ceremony::StateDir(dr.d.state_dir).save_drill(name, {passed, wall_now_ms(), detail}, why);
  ceremony::CeremonyRecord rec{"drill_" + name, ceremony::operator_name(o.operator_flag), wall_now_ms(), dr.lines};
  rec.lines.push_back(std::string("Result: ") + (passed ? "PASS" : "not passed") + " - " + detail);
  auto path = ceremony::write_ceremony_log(dr.d, rec, why);
  std::cout << "drill " << name << ": " << (passed ? "PASS" : "NOT PASSED") << " - " << detail << "\n";
  if (path) std::cout << "ceremony log " << *path << "\n";
}

void kill_switch(const Options& o) {
  Drill dr = start(o, "kill-switch");
  std::string symbol = !o.symbol.empty() ? o.symbol : dr.d.reconcile.symbols.empty() ? "BTCUSDT" : dr.d.reconcile.symbols[0];
  auto m = dr.live.metrics().value_or(std::map<std::string, double>{});
  if (o.verify_reset) {
    // Phase 2: after the restart the latch must be clear on a new run.
    std::string why;
    auto drills = ceremony::StateDir(dr.d.state_dir).drills(why);
    std::string phase1;
    if (drills && drills->count("kill_switch")) phase1 = drills->at("kill_switch").detail;
    dr.check(phase1.find("phase 1 ok on run ") != std::string::npos, "phase 1 (trigger and block) is on record");
    dr.check(phase1.find("run " + dr.status.run_id + ";") == std::string::npos, "the instance restarted since (run " + dr.status.run_id + ")");
    dr.check(value(m, "grinder_kill_switch_triggered") == 0, "grinder_kill_switch_triggered 0 after the restart");
    if (!dr.ok) {
      // Phase 1 stays on record: restart, then verify again.
      std::cout << "drill kill_switch: reset not verified yet\n";
      throw CLI::RuntimeError(1);
    }
    record(dr, "kill_switch", true, "triggered, blocked new risk, reset by restart", o);
    return;
  }
  dr.check(value(m, "grinder_kill_switch_triggered") == 0, "grinder_kill_switch_triggered 0 before the drill");
  if (!dr.ok) {
    std::cout << "drill kill_switch: the latch is already tripped; restart the instance (or --verify-reset after one)\n";
    throw CLI::RuntimeError(1);
  }
  auto t = dr.live.admin("POST", "/admin/kill-switch", "{\"reason\":\"drill\",\"by\":\"drill\"}");
  dr.check(t.status == 200, "trigger through the admin endpoint");
  auto m2 = dr.live.metrics().value_or(std::map<std::string, double>{});
  dr.check(value(m2, "grinder_kill_switch_triggered") == 1, "grinder_kill_switch_triggered 1");
  double before = value(m2, kKillSwitchBlocks);
  std::string place = "{\"type\":\"place_order\",\"symbol\":" + util::json_quote(symbol) +
                      ",\"side\":\"BUY\",\"qty\":0.001,\"price\":1,\"client_order_id\":" + util::json_quote(strategy_of(dr.d)) + "}";
  std::string risk = probe(dr, place);
  dr.check(risk.find("\"gate\":\"kill_switch\",\"kind\":\"builtin\",\"verdict\":\"DENY\"") != std::string::npos,
           "a new order is denied by the kill switch");
  std::string flatten = "{\"type\":\"flatten\",\"symbol\":" + util::json_quote(symbol) + ",\"side\":\"SELL\",\"qty\":0.001}";
  std::string reduce = probe(dr, flatten);
  dr.check(reduce.find("\"gate\":\"kill_switch\",\"kind\":\"builtin\",\"verdict\":\"ALLOW\"") != std::string::npos,
           "a reduce-only flatten passes the kill switch");
  auto m3 = dr.live.metrics().value_or(std::map<std::string, double>{});
  dr.check(value(m3, kKillSwitchBlocks) > before, "grinder_gating_blocked_total{reason=\"KILL_SWITCH_ACTIVE\"} incrementing");
  if (!dr.ok) {
    record(dr, "kill_switch", false, "a signal was missing", o);
    throw CLI::RuntimeError(1);
  }
  record(dr, "kill_switch", false,
         "phase 1 ok on run " + dr.status.run_id + "; restart the instance (the only reset), then run `grinder drill kill-switch --verify-reset`",
         o);
}

void rollback(const Options& o) {
  Drill dr = start(o, "rollback");
  std::string symbol = !o.symbol.empty() ? o.symbol : dr.d.reconcile.symbols.empty() ? "BTCUSDT" : dr.d.reconcile.symbols[0];
  bool runs = false;
  for (int i = 0; i < 300 && !runs; ++i) {
    runs = value(dr.live.metrics().value_or(std::map<std::string, double>{}), "grinder_reconcile_runs_total") > 0;
    if (!runs) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  dr.check(runs, "grinder_reconcile_runs_total > 0");
  const std::string original = dr.status.stage;
  const std::string lowest = dr.d.ladder.stages.front().name;
  auto t0 = std::chrono::steady_clock::now();
  auto r = dr.live.admin("POST", "/admin/stage", "{\"stage\":" + util::json_quote(lowest) + ",\"by\":\"drill\",\"reason\":\"rollback drill\"}");
  bool applied = false;
  for (int i = 0; i < 250 && r.status == 200 && !applied; ++i) {
    auto s = dr.live.status();
    applied = s && s->stage == lowest;
    if (!applied) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto applied_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  dr.check(applied, "rolled back " + original + " -> " + lowest + " without restart in " + std::to_string(applied_ms) + " ms");
  dr.check(applied_ms < 5 * 60 * 1000, "within the 5 minute rollback budget");
  auto before = dr.live.metrics().value_or(std::map<std::string, double>{});
  // Probes keep the gates busy even when the venue shows no mismatch, so the
  // blocks the runbook watches have something to count.
  std::string cancel = "{\"type\":\"cancel_all\",\"symbol\":" + util::json_quote(symbol) + ",\"orders\":[{\"client_order_id\":" +
                       util::json_quote(strategy_of(dr.d)) + "}]}";
  auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<std::int64_t>(o.window_s * 1000));
  while (std::chrono::steady_clock::now() < end) {
    probe(dr, cancel);
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min<std::int64_t>(1000, static_cast<std::int64_t>(o.window_s * 250) + 1)));
  }
  auto after = dr.live.metrics().value_or(std::map<std::string, double>{});
  dr.check(value(after, kDryRun) > value(before, kDryRun), "blocked{reason=\"dry_run\"} incrementing");
  dr.check(value(after, kEnvMissing) > value(before, kEnvMissing),
           "blocked{reason=\"env_var_missing\"} incrementing (ALLOW_MAINNET_TRADE unset for the instance)");
  dr.check(executed(after) == executed(before),
           "executed_total stable over " + util::format_number(o.window_s) + " s (" + util::format_number(executed(after)) + ")");
  dr.check(dr.live.get("/healthz").status == 200, "/healthz 200");
  if (!o.no_restore && applied) {
    auto back = dr.live.admin("POST", "/admin/stage", "{\"stage\":" + util::json_quote(original) + ",\"by\":\"drill\",\"reason\":\"drill done\"}");
    dr.lines.push_back("restored " + original + ": " + (back.status == 200 ? "ok" : back.body + back.error));
    std::cout << "  restored " << original << "\n";
  }
  record(dr, "rollback", dr.ok, dr.ok ? "rollback applied in " + std::to_string(applied_ms) + " ms; all three signals seen" : "a signal was missing", o);
  if (!dr.ok) throw CLI::RuntimeError(1);
}

}  // namespace

void register_drill(CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("drill", "Runbook 22 drills against a live STAGING instance; results gate promotion");
  cmd->require_subcommand(1);
  auto* ks = cmd->add_subcommand("kill-switch", "Trip the latch, verify it blocks new risk and lets reducing actions pass; after a restart, --verify-reset");
  auto* rb = cmd->add_subcommand("rollback", "Roll back without restart and verify dry_run, env_var_missing and a flat executed count");
  for (auto* c : {ks, rb}) {
    c->add_option("-c,--config", o->config, "grinder.yaml or its folder")->capture_default_str();
    c->add_option("--url", o->url, "The live instance (default: the config's http bind and port)");
    c->add_option("--symbol", o->symbol, "Symbol for the probes (default: the first reconciled)");
    c->add_option("--operator", o->operator_flag, "Who (default: $USER), for the ceremony log");
  }
  ks->add_flag("--verify-reset", o->verify_reset, "Second half: after the restart, check the latch is clear");
  rb->add_option("--window-seconds", o->window_s, "How long executed must stay flat")->capture_default_str();
  rb->add_flag("--no-restore", o->no_restore, "Stay rolled back afterwards");
  ks->callback([o] { kill_switch(*o); });
  rb->callback([o] { rollback(*o); });
}

}  // namespace grinder::cli
