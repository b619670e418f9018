// grinder budget show|reset: the persisted budget ledger (Runbook 13, M4.2).
#include <chrono>
#include <iostream>

#include "budget_reading.hpp"
#include "ceremony_common.hpp"
#include "commands.hpp"
#include "grinder/budget/account.hpp"
#include "grinder/budget/ledger.hpp"
#include "grinder/config/deployment.hpp"
#include "grinder/ha/leader_elector.hpp"
#include "grinder/ladder/effective.hpp"
#include "grinder/util/json_escape.hpp"
#include "grinder/util/number.hpp"

namespace grinder::cli {

namespace {

std::string opt_num(const std::optional<double>& v) { return v ? util::format_number(*v) : "unlimited"; }

void show(const std::string& path, bool json) {
  config::Deployment d = load_or_exit(path);
  std::int64_t now = wall_now_ms();
  const BudgetReading b = read_budget(d, "show", now);
  auto lever = config::read_lever(d.ladder, config::process_env());
  auto eff = ladder::effective_stage(d.ladder, d.graduation ? &*d.graduation : nullptr, *lever.stage_index, 0);
  auto calls_left = budget::calls_remaining_day(b.view, eff.limits);
  auto notional_left = budget::notional_remaining_day(b.view, eff.limits);
  if (json) {
    std::cout << "{\"path\":" << util::json_quote(b.location) << ",\"shared\":" << (d.ha.enabled ? "true" : "false")
              << ",\"exists\":" << (b.exists ? "true" : "false")
              << ",\"error\":" << (b.error.empty() ? "null" : util::json_quote(b.error))
              << ",\"day\":" << util::json_quote(budget::utc_day(now)) << ",\"calls_day\":" << b.view.calls_day
              << ",\"notional_day\":" << util::format_number(b.view.notional_day)
              << ",\"calls_remaining_day\":" << (calls_left ? std::to_string(*calls_left) : "null")
              << ",\"notional_remaining_day\":" << (notional_left ? util::format_number(*notional_left) : "null")
              << ",\"stale\":" << (b.stale_warning.empty() ? "false" : "true") << "}\n";
  } else {
    std::cout << "budget state  " << b.location << (b.exists ? "" : " (missing: starts fresh)")
              << (d.ha.enabled ? " (shared by scope " + d.ha.scope + ")" : "") << "\n";
    if (!b.error.empty()) std::cout << "ERROR         " << b.error << "\n";
    std::cout << "stage         " << d.ladder.stages[*lever.stage_index].name << "\n";
    std::cout << "today (UTC)   calls " << b.view.calls_day << " of "
              << (eff.limits.max_calls_per_day ? std::to_string(*eff.limits.max_calls_per_day) : "unlimited")
              << ", notional " << util::format_number(b.view.notional_day) << " of "
              << opt_num(eff.limits.max_notional_per_day) << "\n";
    if (!b.stale_warning.empty()) std::cout << b.stale_warning << "\n";
  }
  if (!b.error.empty()) throw CLI::RuntimeError(2);
}

void reset(const std::string& path) {
  config::Deployment d = load_or_exit(path);
  if (d.ha.enabled) {
    // The shared ledger is written only by an elected leader, conditioned on
    // its lease; a command outside the election must not race it.
    std::cerr << "grinder budget reset: under HA the budget lives in etcd key " << ha::budget_key(d.ha)
              << " and only the leader writes it; restart the leader with `grinder run --reset-budget-state`\n";
    throw CLI::RuntimeError(2);
  }
  std::int64_t now = wall_now_ms();
  budget::Ledger ledger(d.budget_state_path, "reset", now);
  std::string why;
  if (!ledger.reset(now, why)) {
    std::cerr << "grinder budget reset: " << why << "\n";
    throw CLI::RuntimeError(2);
  }
  std::cout << "budget_state_reset=1 path=" << d.budget_state_path << "\n";
}

}  // namespace

void register_budget(CLI::App& app) {
  auto* cmd = app.add_subcommand("budget", "Per-run and per-day budget state (BUDGET_STATE_PATH)");
  cmd->require_subcommand(1);
  auto path = std::make_shared<std::string>("grinder.yaml");
  auto json = std::make_shared<bool>(false);
  auto* show_cmd = cmd->add_subcommand("show", "Show today's usage against the current stage's limits");
  show_cmd->add_option("-c,--config", *path, "grinder.yaml or its folder")->capture_default_str();
  show_cmd->add_flag("--json", *json, "Print as JSON");
  show_cmd->callback([path, json] { show(*path, *json); });
  auto* reset_cmd = cmd->add_subcommand("reset", "Start the budget ledger clean (says so: budget_state_reset=1)");
  reset_cmd->add_option("-c,--config", *path, "grinder.yaml or its folder")->capture_default_str();
  reset_cmd->callback([path] { reset(*path); });
}

}  // namespace grinder::cli
