// grinder run: the service. Reconciles on a timer, plans what the stage
// allows, gates every action, executes what passes, serves /metrics,
// /healthz, /readyz and /status, and reloads config on change or SIGHUP.
#include <iostream>

#include "commands.hpp"
#include "grinder/runtime/runtime.hpp"

namespace grinder::cli {

void register_run(CLI::App& app) {
  auto opts = std::make_shared<runtime::RunOptions>();
  auto duration = std::make_shared<double>(0);
  auto max_cycles = std::make_shared<std::int64_t>(0);
  auto audit_out = std::make_shared<std::string>();
  auto metrics_out = std::make_shared<std::string>();
  auto port = std::make_shared<int>(-1);
  auto* cmd = app.add_subcommand("run", "Run the reconcile loop and the HTTP endpoints until stopped");
  cmd->add_option("-c,--config", opts->config_path, "grinder.yaml or its folder")->capture_default_str();
  cmd->add_option("--duration", *duration, "Stop after this many seconds")->check(CLI::NonNegativeNumber);
  cmd->add_option("--max-cycles", *max_cycles, "Stop after this many reconcile cycles")->check(CLI::NonNegativeNumber);
  cmd->add_flag("--reset-budget-state", opts->reset_budget_state,
                "Start the budget ledger clean: the file, or the scope's etcd key under ha "
                "(prints budget_state_reset=1 path=... or key=...)");
  cmd->add_option("--audit-out", *audit_out, "Audit JSONL path (wins over the config)");
  cmd->add_option("--metrics-out", *metrics_out, "Write a final metrics snapshot here");
  cmd->add_option("--http-port", *port, "HTTP port (wins over the config and GRINDER_HTTP_PORT; 0 picks a free one)");
  cmd->callback([=] {
    runtime::RunOptions o = *opts;
    if (*duration > 0) o.duration_s = *duration;
    if (*max_cycles > 0) o.max_cycles = *max_cycles;
    if (!audit_out->empty()) o.audit_out = *audit_out;
    if (!metrics_out->empty()) o.metrics_out = *metrics_out;
    if (*port >= 0) o.http_port = *port;
    runtime::Runtime rt(std::move(o));
    int rc = rt.run();
    if (rc != 0) throw CLI::RuntimeError(rc);
  });
}

}  // namespace grinder::cli
