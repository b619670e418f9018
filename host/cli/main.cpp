// grinder: one binary, one subcommand per operator task.
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands.hpp"
#include "stderr_line.hpp"

int main(int argc, char** argv) {
  // Reports reach a pipe a line at a time, never split by a venue's log line.
  grinder::cli::line_buffer_stdout();
  CLI::App app{"grinder: staged, gated, observable rollout of automated trading"};
  app.set_version_flag("--version", std::string("grinder ") + GRINDER_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  grinder::cli::register_validate(app);
  grinder::cli::register_stage(app);
  grinder::cli::register_kill_switch(app);
  grinder::cli::register_drill(app);
  grinder::cli::register_graduate(app);
  grinder::cli::register_explain(app);
  grinder::cli::register_budget(app);
  grinder::cli::register_run(app);
  grinder::cli::register_plugins(app);
  grinder::cli::register_policy(app);
  grinder::cli::register_smoke(app);
  grinder::cli::register_doctor(app);
  grinder::cli::register_health(app);
  grinder::cli::register_canary(app);
  grinder::cli::register_export(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();  // a command's own verdict (1 denied/warn, 2 bad input/fail)
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;  // usage errors are bad input: exit 2
  } catch (const std::exception& e) {
    std::cerr << "grinder: error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
