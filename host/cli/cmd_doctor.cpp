// grinder doctor: the preflight an operator runs before every step of the
// ladder and during a live window (BTCTurk runbook, stages 0-3): each check
// PASS, WARN or FAIL with one line, then doctor_status=PASS|WARN|FAIL and
// exit 0/1/2. The result is recorded as the "doctor" drill, which is what a
// ladder's `doctor:pass` promotion criterion reads.
#include <iostream>

#include "audit_slo.hpp"
#include "commands.hpp"
#include "grinder/ceremony/state.hpp"
#include "grinder/util/json_escape.hpp"
#include "live_run_checks.hpp"
#include "state_checks.hpp"
#include "venue_preflight.hpp"
#include "wall_clock.hpp"

namespace grinder::cli {

namespace {

struct Options {
  std::string config = "grinder.yaml";
  std::string url;
  bool json = false;
  SloThresholds slo;
};

// "PASS", or "WARN: budget_state, slo_fill_rate": what promotion shows.
std::string summary(CheckStatus status, const std::vector<Check>& checks) {
  std::string out = to_string(status);
  std::string names;
  for (const auto& c : checks)
    if (c.status != CheckStatus::Pass) names += (names.empty() ? "" : ", ") + c.name;
  return names.empty() ? out : out + ": " + names;
}

// The stage whose SLOs count: the live run's, else the one a start would
// pick (the lever under the approved ceiling); unknown is judged as trading.
SloScope slo_scope(const config::Deployment& d, const reload::Generation* gen, const std::optional<std::string>& live) {
  const ladder::Stage* stage = gen ? &gen->stage() : nullptr;
  if (live)
    if (auto i = d.ladder.index_of_stage(*live)) stage = &d.ladder.stages[*i];
  SloScope s;
  if (!stage) return s;
  s.stage = stage->name;
  s.executes = stage->execute;
  s.places_orders = stage->execute && stage->may_plan("place_order");
  return s;
}

void record(const config::Deployment& d, CheckStatus status, const std::vector<Check>& checks, std::int64_t now) {
  ceremony::DrillResult r;
  r.passed = status == CheckStatus::Pass;
  r.at_ms = now;
  r.detail = summary(status, checks);
  std::string why;
  if (!ceremony::StateDir(d.state_dir).save_drill("doctor", r, why))
    std::cerr << "grinder doctor: the result was not recorded: " << why << "\n";
}

void run(const Options& o) {
  if (!o.url.empty() && !valid_instance_url(o.url)) {
    std::cerr << "grinder doctor: --url must look like http://127.0.0.1:9090, not '" << o.url << "'\n";
    throw CLI::RuntimeError(2);
  }
  std::int64_t now = wall_now_ms();
  Preflight p = run_preflight(o.config);
  std::vector<Check> checks = std::move(p.checks);
  if (p.deployment) {
    const config::Deployment& d = *p.deployment;
    checks.push_back(budget_state_check(d, now));
    checks.push_back(paths_writable_check(d));
    LiveRun live = check_live_run(d, o.url);
    checks.insert(checks.end(), live.checks.begin(), live.checks.end());
    auto since = now - static_cast<std::int64_t>(o.slo.window_hours * 3600.0 * 1000.0);
    auto slo = slo_checks(read_slo_data(d.audit_path, since), o.slo, live.drawdown_pct, d.audit_enabled,
                          slo_scope(d, p.generation.get(), live.stage));
    checks.insert(checks.end(), slo.begin(), slo.end());
  }
  CheckStatus status = overall(checks);
  // Without a deployment there is no state folder to record in; the FAIL
  // above already says why.
  if (p.deployment) record(*p.deployment, status, checks, now);

  if (o.json) {
    std::cout << "{\"doctor_status\":" << util::json_quote(to_string(status)) << ",\"checks\":" << checks_json(checks)
              << "}\n";
  } else {
    std::cout << "grinder doctor: "
              << (p.deployment ? "deployment " + p.deployment->name + " (" + p.deployment->root_file + ")"
                               : "config " + o.config)
              << "\n";
    print_checks(std::cout, checks);
    std::cout << "doctor_status=" << to_string(status) << "\n";
  }
  if (status != CheckStatus::Pass) throw CLI::RuntimeError(static_cast<int>(status));
}

}  // namespace

void register_doctor(CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "doctor", "Preflight checks, each PASS/WARN/FAIL; exit 0 PASS, 1 WARN, 2 FAIL (recorded for doctor:pass)");
  cmd->add_option("-c,--config", o->config, "grinder.yaml or its folder")->capture_default_str();
  cmd->add_option("--url", o->url,
                  "A live run's HTTP address, e.g. http://127.0.0.1:9090 (default: the config's port)");
  cmd->add_flag("--json", o->json, R"(Print {"doctor_status":..,"checks":[{name,status,detail}]})");
  cmd->add_option("--window-hours", o->slo.window_hours, "SLO window over the audit")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--max-reject-rate", o->slo.max_reject_rate, "Highest reject rate that passes")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--min-fill-rate", o->slo.min_fill_rate, "Lowest canary fill rate that passes")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--max-latency-p95-ms", o->slo.max_latency_p95_ms, "Highest latency p95 that passes")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--max-drawdown-pct", o->slo.max_drawdown_pct, "Drawdown at which a live run fails")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->callback([o] { run(*o); });
}

}  // namespace grinder::cli
