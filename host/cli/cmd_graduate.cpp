// grinder graduate: the next step of the limit schedule (Runbook 22 section
// 10), when its time on the previous step has passed and its `require`
// criteria hold. The new limits apply to a live instance at once (reload) and
// show in `stage show` and /status.
#include "ceremony_common.hpp"
#include "commands.hpp"
#include "grinder/ceremony/ceremony_log.hpp"
#include "grinder/ceremony/criteria.hpp"
#include "grinder/ceremony/live_instance.hpp"
#include "grinder/ceremony/state.hpp"
#include "grinder/ladder/effective.hpp"

namespace grinder::cli {

namespace {
struct Options {
  std::string config = "grinder.yaml";
  std::string url;
  std::string operator_flag;
};

void graduate(const Options& o) {
  auto d = load_or_exit(o.config);
  if (!d.graduation) fail("graduate", "the deployment has no graduation schedule");
  const auto& sched = *d.graduation;
  std::int64_t now = wall_now_ms();
  std::string why;
  ceremony::StateDir state(d.state_dir);
  auto g = state.graduation(why);
  auto drills = state.drills(why);
  auto st = state.stage(why);
  if (!g || !drills || !st) fail("graduate", why);
  if (g->step + 1 >= sched.steps.size()) fail("graduate", "already at the last step (" + sched.steps.back().name + ")", 1);
  const auto& next = sched.steps[g->step + 1];
  ceremony::LiveInstance live(d, o.url);
  auto status = live.status();
  std::string stage = status ? status->stage : "";
  if (!stage.empty() && !sched.applies_to(stage))
    fail("graduate", "the schedule sets limits for its stages, and the instance runs " + stage, 1);

  ceremony::CriteriaInput in;
  in.now_ms = now;
  in.drills = *drills;
  if (status) in.live = status->values;
  std::int64_t since = g->since_ms ? g->since_ms : st->since_ms;
  std::vector<std::string> lines;
  bool ok = true;
  if (since <= 0) {
    ok = false;
    lines.push_back("  NOT MET  after " + ladder::format_duration(next.after) + "  (when the current step began is not on record)");
  } else {
    bool met = now - since >= next.after.count();
    ok = ok && met;
    lines.push_back(std::string(met ? "  met      " : "  NOT MET  ") + "after " + ladder::format_duration(next.after) +
                    "  (on " + sched.steps[g->step].name + " for " +
                    ladder::format_duration(std::chrono::milliseconds((now - since) / 60000 * 60000)) + ")");
  }
  for (const auto& r : ceremony::evaluate(next.require, in)) {
    ok = ok && r.met;
    lines.push_back(std::string(r.met ? "  met      " : "  NOT MET  ") + r.text + "  (" + r.why + ")");
  }
  std::cout << "graduate " << sched.steps[g->step].name << " -> " << next.name << "\n";
  for (const auto& l : lines) std::cout << l << "\n";
  if (!ok) {
    std::cout << "graduation refused\n";
    throw CLI::RuntimeError(1);
  }
  if (!state.save_graduation({g->step + 1, now}, why)) fail("graduate", why);
  ceremony::CeremonyRecord rec{"graduate_" + next.name, ceremony::operator_name(o.operator_flag), now, lines};
  if (status) {
    auto r = live.admin("POST", "/admin/reload", "{}");
    rec.lines.push_back("Live instance reloaded: " + (r.status == 200 ? r.body : r.body + r.error));
  }
  auto path = ceremony::write_ceremony_log(d, rec, why);
  std::cout << "now on " << next.name << ": limits " << next.limits.to_json() << "\n";
  if (path) std::cout << "ceremony log " << *path << "\n";
}
}  // namespace

void register_graduate(CLI::App& app) {
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("graduate", "Move to the next step of the limit schedule when its time and criteria hold");
  cmd->add_option("-c,--config", o->config, "grinder.yaml or its folder")->capture_default_str();
  cmd->add_option("--url", o->url, "The live instance (default: the config's http bind and port)");
  cmd->add_option("--operator", o->operator_flag, "Who (default: $USER), for the ceremony log");
  cmd->callback([o] { graduate(*o); });
}

}  // namespace grinder::cli
