// grinder health: is the venue's public API reachable from here (BTCTurk
// runbook, stage 1)? Creates the venue, connects, asks for health and the
// server time: OK (exit 0) or FAIL (exit 2). A venue whose plugin trades
// nothing real (the paper venue) needs no network: SKIP, exit 0.
#include <chrono>
#include <iostream>
#include <optional>

#include "check_report.hpp"
#include "commands.hpp"
#include "grinder/plugin/venue_from_config.hpp"
#include "grinder/util/json_escape.hpp"
#include "venue_preflight.hpp"

namespace grinder::cli {

namespace {

struct Options {
  std::string config = "grinder.yaml";
  bool json = false;
};

struct Outcome {
  std::string status = "FAIL";  // OK, FAIL, SKIP
  std::string venue;
  std::string plugin;
  std::string kind;
  std::string detail;
  std::int64_t latency_ms = -1;
  std::int64_t server_time_ms = 0;
};

Outcome probe(const std::string& config_path) {
  Outcome out;
  config::Diagnostics diags;
  auto d = config::load_deployment(config_path, diags);
  if (!d) {
    out.detail = first_error(diags);
    return out;
  }
  out.venue = d->reconcile.venue;
  if (out.venue.empty()) {
    out.detail = "the deployment has no venue";
    return out;
  }
  auto made = plugin::make_venue(*d, out.venue, stderr_venue_log(out.venue));
  if (!made) {
    out.detail = one_line(made.error().message);
    return out;
  }
  auto& venue = **made;
  out.plugin = venue.info().name;
  out.kind = venue.info().kind;
  if (is_simulated(venue.info())) {
    out.status = "SKIP";
    out.detail = "plugin " + out.plugin + " is a " + out.kind + " venue: it needs no network";
    return out;
  }
  auto t0 = std::chrono::steady_clock::now();
  plugin::Status s = venue.connect();
  if (s) s = venue.health();
  std::optional<plugin::VenueError> error;
  if (!s) error = s.error();
  if (!error) {
    auto t = venue.server_time_ms();
    if (t)
      out.server_time_ms = *t;
    else
      error = t.error();
  }
  out.latency_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  if (error) {
    out.detail = one_line(error->to_string());
    return out;
  }
  out.status = "OK";
  out.detail = "connect, health and server time answered in " + std::to_string(out.latency_ms) + " ms";
  return out;
}

void run(const Options& o) {
  Outcome r = probe(o.config);
  if (o.json) {
    std::cout << "{\"health_status\":" << util::json_quote(r.status) << ",\"venue\":" << util::json_quote(r.venue)
              << ",\"plugin\":" << util::json_quote(r.plugin) << ",\"kind\":" << util::json_quote(r.kind)
              << ",\"detail\":" << util::json_quote(r.detail)
              << ",\"latency_ms\":" << (r.latency_ms >= 0 ? std::to_string(r.latency_ms) : "null")
              << ",\"server_time_ms\":" << (r.server_time_ms ? std::to_string(r.server_time_ms) : "null") << "}\n";
  } else {
    std::cout << "public_api  " << r.status << "  "
              << (r.venue.empty() ? "" : "venue " + r.venue + (r.plugin.empty() ? "" : " (" + r.plugin + ")") + ": ")
              << r.detail << "\n";
    std::cout << "health_status=" << r.status << "\n";
  }
  if (r.status == "FAIL") throw CLI::RuntimeError(2);
}

}  // namespace

void register_health(CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "health", "Is the venue's public API reachable? OK (exit 0), FAIL (exit 2), SKIP for a simulated venue (exit 0)");
  cmd->add_option("-c,--config", o->config, "grinder.yaml or its folder")->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the result as JSON");
  cmd->callback([o] { run(*o); });
}

}  // namespace grinder::cli
