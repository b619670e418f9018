#pragma once
// Each subcommand lives in its own file and registers itself on the app.
// Handlers throw CLI::RuntimeError(code) to set the exit code.
#include <CLI/CLI.hpp>

namespace grinder::cli {

void register_validate(CLI::App& app);
void register_stage(CLI::App& app);
void register_stage_change(CLI::App& stage);  // promote, rollback
void register_kill_switch(CLI::App& app);
void register_drill(CLI::App& app);
void register_graduate(CLI::App& app);
void register_explain(CLI::App& app);
void register_budget(CLI::App& app);
void register_run(CLI::App& app);
void register_plugins(CLI::App& app);
void register_policy(CLI::App& app);
void register_smoke(CLI::App& app);
void register_doctor(CLI::App& app);
void register_health(CLI::App& app);
void register_canary(CLI::App& app);
void register_export(CLI::App& app);

}  // namespace grinder::cli
