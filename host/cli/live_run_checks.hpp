#pragma once
// doctor's checks of a run that may be live: the single-instance lock of the
// deployment's state folder and venue, and the run's /metrics (grinder_up 1).
// A live run of this deployment also reports its drawdown for the SLOs.
#include <optional>
#include <string>
#include <vector>

#include "check_report.hpp"
#include "grinder/config/deployment.hpp"

namespace grinder::cli {

struct LiveRun {
  std::vector<Check> checks;  // instance_lock, metrics_endpoint
  // Set when a run of this deployment answers /status.
  std::optional<double> drawdown_pct;
  std::optional<std::string> stage;
};

// url: "http://HOST:PORT" from --url, or empty for the deployment's own port.
LiveRun check_live_run(const config::Deployment& d, const std::string& url);

// Whether --url has the form http://HOST:PORT (loopback commands take no path).
bool valid_instance_url(const std::string& url);

// The lock scope `grinder run` takes for a deployment: its venue.
std::string lock_scope(const config::Deployment& d);

}  // namespace grinder::cli
