#pragma once
// The checks every ceremony command runs before it touches a venue: the
// configuration builds (deployment, chains, policies and their tests), the
// plugin loads and the venue can be created, its credentials are present,
// it answers, and its clock agrees with ours. doctor prints them; health and
// canary refuse to go on when one fails.
#include <memory>
#include <string>
#include <vector>

#include "check_report.hpp"
#include "grinder/config/deployment.hpp"
#include "grinder/plugin/venue.hpp"
#include "grinder/reload/generation.hpp"

namespace grinder::cli {

struct Preflight {
  // Set whenever the files load, even if a policy or chain then fails, so
  // the checks that only need paths can still run.
  std::shared_ptr<const config::Deployment> deployment;
  // Set when the configuration check passes: the generation the stage ladder
  // and the approved ceiling select, as `grinder run` would build it.
  std::shared_ptr<const reload::Generation> generation;
  std::string venue_name;
  std::unique_ptr<plugin::Venue> venue;  // set when the plugin check passes
  bool reachable = false;                // connect and health answered
  std::vector<Check> checks;
};

// Runs config, plugin, credentials, venue_reachable and clock_skew, in that
// order; a check whose input is missing fails saying why.
Preflight run_preflight(const std::string& config_path);

// Whether a plugin describes a venue that needs no network (the paper venue).
bool is_simulated(const plugin::PluginInfo& info);

// Venue log lines for a command's stderr: warnings and errors only, so
// stdout stays the command's own (JSON) output.
plugin::LogSink stderr_venue_log(const std::string& venue_name);

// "file:line:col: error[code]: message (and N more)".
std::string first_error(const config::Diagnostics& diags);

}  // namespace grinder::cli
