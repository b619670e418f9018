#include "venue_preflight.hpp"

#include <chrono>
#include <cstdlib>
#include <mutex>

#include "grinder/ceremony/state.hpp"
#include "grinder/plugin/venue_from_config.hpp"
#include "stderr_line.hpp"
#include "wall_clock.hpp"

namespace grinder::cli {

namespace {

// Skew the venue's clock may have before signed requests and freshness
// judgements go wrong (BTCTurk runbook: "drift is small and stable").
constexpr std::int64_t kSkewWarnMs = 1000;
constexpr std::int64_t kSkewFailMs = 5000;

Check config_check(const std::string& path, Preflight& p) {
  reload::BuildInput in;
  in.config_path = path;
  // The stage and limits `grinder run` would use: capped by the approved
  // ceiling, on the current graduation step.
  in.ceiling = [](const config::Deployment& d, std::string& why) { return ceremony::approved_ceiling(d, why); };
  in.graduation_step = [](const config::Deployment& d) {
    std::string why;
    auto g = ceremony::StateDir(d.state_dir).graduation(why);
    return g ? g->step : std::size_t{0};
  };
  config::Diagnostics diags;
  auto gen = reload::build_generation(in, diags);
  if (!gen) {
    // Keep what loads, so the path and state checks still say something.
    config::Diagnostics ignored;
    if (auto d = config::load_deployment(path, ignored))
      p.deployment = std::make_shared<const config::Deployment>(std::move(*d));
    return {"config", CheckStatus::Fail, first_error(diags)};
  }
  p.generation = gen;
  p.deployment = gen->deployment;
  const config::Deployment& d = *gen->deployment;
  std::string detail = "deployment " + d.name + " digest " + d.digest.substr(0, 12) + ", stage " + gen->stage().name +
                       " (" + d.ladder.lever.env + "=" + gen->lever_value + "), " + std::to_string(gen->chains.size()) +
                       " chain(s) built" + (d.policies_dir.empty() ? "" : ", policy tests pass");
  if (gen->held) detail += "; held: " + gen->held_reason;
  return {"config", CheckStatus::Pass, detail};
}

Check plugin_check(Preflight& p) {
  if (!p.deployment) return {"plugin", CheckStatus::Fail, "not checked: the configuration did not load"};
  const config::Deployment& d = *p.deployment;
  p.venue_name = d.reconcile.venue;
  if (p.venue_name.empty()) return {"plugin", CheckStatus::Fail, "the deployment has no venue"};
  auto made = plugin::make_venue(d, p.venue_name, stderr_venue_log(p.venue_name));
  if (!made) return {"plugin", CheckStatus::Fail, one_line(made.error().message)};
  p.venue = std::move(*made);
  const plugin::PluginInfo& info = p.venue->info();
  return {"plugin", CheckStatus::Pass,
          "venue " + p.venue_name + ": plugin " + info.name + " " + info.version + " (" + info.kind + ", ABI " +
              info.abi() + ") created from " + info.path};
}

// Names only: a credential's value is never read beyond "is it empty".
Check credentials_check(const Preflight& p) {
  if (!p.deployment) return {"credentials", CheckStatus::Fail, "not checked: the configuration did not load"};
  auto it = p.deployment->venues.find(p.venue_name);
  if (it == p.deployment->venues.end()) return {"credentials", CheckStatus::Fail, "no venue to check"};
  const auto& creds = it->second.credentials;
  if (creds.empty()) {
    if (p.venue && is_simulated(p.venue->info()))
      return {"credentials", CheckStatus::Pass, "none configured; the " + p.venue->info().kind + " venue needs none"};
    return {"credentials", CheckStatus::Warn, "none configured for venue " + p.venue_name + ": it can only be read"};
  }
  std::string detail;
  bool missing = false;
  for (const auto& [key, value] : creds) {
    bool set = !value.is_null() && !(value.is_string() && value.text.empty()) && !value.substitution_failed;
    missing = missing || !set;
    detail += (detail.empty() ? "" : " ") + key + "=" + (set ? "set" : "missing");
  }
  return {"credentials", missing ? CheckStatus::Fail : CheckStatus::Pass, detail};
}

Check reachable_check(Preflight& p) {
  if (!p.venue) return {"venue_reachable", CheckStatus::Fail, "not checked: the venue could not be created"};
  auto t0 = std::chrono::steady_clock::now();
  plugin::Status s = p.venue->connect();
  if (s) s = p.venue->health();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  if (!s)
    return {"venue_reachable", CheckStatus::Fail, "venue " + p.venue_name + ": " + one_line(s.error().to_string())};
  p.reachable = true;
  return {"venue_reachable", CheckStatus::Pass,
          "venue " + p.venue_name + " connect and health answered in " + std::to_string(ms) + " ms"};
}

Check skew_check(Preflight& p) {
  if (!p.reachable) return {"clock_skew", CheckStatus::Fail, "unknown: the venue did not answer"};
  std::int64_t before = wall_now_ms();
  auto t = p.venue->server_time_ms();
  std::int64_t after = wall_now_ms();
  if (!t) return {"clock_skew", CheckStatus::Fail, "unknown: server time: " + one_line(t.error().to_string())};
  // Against the middle of the round trip, so latency is not counted as skew.
  std::int64_t skew = *t - (before + after) / 2;
  std::string detail = "venue clock " + std::string(skew >= 0 ? "+" : "") + std::to_string(skew) +
                       " ms from ours (round trip " + std::to_string(after - before) + " ms)";
  std::int64_t size = std::llabs(skew);
  if (size > kSkewFailMs)
    return {"clock_skew", CheckStatus::Fail, detail + ", over " + std::to_string(kSkewFailMs) + " ms"};
  if (size > kSkewWarnMs)
    return {"clock_skew", CheckStatus::Warn, detail + ", over " + std::to_string(kSkewWarnMs) + " ms"};
  return {"clock_skew", CheckStatus::Pass, detail};
}

}  // namespace

std::string first_error(const config::Diagnostics& diags) {
  if (diags.empty()) return "rejected without a diagnostic";
  const auto& e = diags.items().front();
  std::string out = e.where.str() + ": error[" + e.code + "]: " + one_line(e.message);
  if (diags.size() > 1) out += " (and " + std::to_string(diags.size() - 1) + " more; `grinder validate` lists them)";
  return out;
}

bool is_simulated(const plugin::PluginInfo& info) { return info.kind == "paper" || info.kind == "simulated"; }

plugin::LogSink stderr_venue_log(const std::string& venue_name) {
  // Plugins may log from their own threads: one line at a time.
  auto mu = std::make_shared<std::mutex>();
  return [mu, venue_name](plugin::LogLevel level, std::string_view text) {
    if (level < plugin::LogLevel::Warning) return;
    std::string line = "venue " + venue_name + (level == plugin::LogLevel::Error ? " error: " : " warning: ");
    line.append(text);
    std::lock_guard<std::mutex> lock(*mu);
    write_stderr_line(line);  // whole, without flushing the report's half line (stderr_line.hpp)
  };
}

Preflight run_preflight(const std::string& config_path) {
  Preflight p;
  p.checks.push_back(config_check(config_path, p));
  p.checks.push_back(plugin_check(p));
  p.checks.push_back(credentials_check(p));
  p.checks.push_back(reachable_check(p));
  p.checks.push_back(skew_check(p));
  return p;
}

}  // namespace grinder::cli
