// grinder stage promote|rollback. Promotion moves one rung up, only when the
// current stage's promote_when criteria hold and the operator confirms the
// target by name; it writes the ceremony log, raises the approved ceiling and
// applies to a running instance at once. Rollback goes to any lower stage with
// no criteria, applies without restart, and reports how long it took.
#include <thread>

#include "ceremony_common.hpp"
#include "commands.hpp"
#include "grinder/ceremony/ceremony_log.hpp"
#include "grinder/ceremony/criteria.hpp"
#include "grinder/ceremony/live_instance.hpp"
#include "grinder/util/json_escape.hpp"

namespace grinder::cli {

namespace {

struct Options {
  std::string config = "grinder.yaml";
  std::string url;
  std::string confirm;
  std::string to;
  std::string operator_flag;
  bool json = false;
};

// The stage a run is at now: the live instance's, else what a start would pick.
std::size_t current_stage(const config::Deployment& d, const std::optional<ceremony::LiveStatus>& live) {
  if (live)
    if (auto i = d.ladder.index_of_stage(live->stage)) return *i;
  std::string why;
  auto lever = config::read_lever(d.ladder, config::process_env());
  return std::min(*lever.stage_index, ceremony::approved_ceiling(d, why));
}

void promote(const Options& o) {
  auto d = load_or_exit(o.config);
  std::int64_t now = wall_now_ms();
  ceremony::LiveInstance instance(d, o.url);
  auto live = instance.status();
  std::size_t cur = current_stage(d, live);
  if (cur + 1 >= d.ladder.stages.size()) fail("stage promote", d.ladder.stages[cur].name + " is the top of the ladder");
  const ladder::Stage& from = d.ladder.stages[cur];
  const ladder::Stage& to = d.ladder.stages[cur + 1];
  if (o.confirm != to.name)
    fail("stage promote", "promotion moves one rung, from " + from.name + " to " + to.name + ": confirm with --confirm " +
                              to.name + (o.confirm.empty() ? "" : " (not '" + o.confirm + "')"));

  std::string why;
  ceremony::StateDir state(d.state_dir);
  auto st = state.stage(why);
  auto drills = state.drills(why);
  if (!st || !drills) fail("stage promote", why);
  ceremony::CriteriaInput in;
  in.now_ms = now;
  in.drills = *drills;
  in.soak = from.soak;
  if (live) {
    in.live = live->values;
    if (auto h = live->values.find("hours_in_stage"); h != live->values.end())
      in.entered_ms = now - static_cast<std::int64_t>(h->second * 3600 * 1000);
  } else if (st->since_ms > 0) {
    in.entered_ms = st->since_ms;
  }
  auto results = ceremony::evaluate(from.promote_when, in);
  bool ok = true;
  std::vector<std::string> lines;
  for (const auto& r : results) {
    ok = ok && r.met;
    lines.push_back(std::string(r.met ? "  met      " : "  NOT MET  ") + r.text + "  (" + r.why + ")");
  }
  std::cout << "promote " << from.name << " -> " << to.name << " (" << (live ? "live instance at " + instance.where() : "no live instance") << ")\n";
  for (const auto& l : lines) std::cout << l << "\n";
  if (!ok) {
    std::cout << "promotion refused: every criterion of " << from.name << " must hold\n";
    throw CLI::RuntimeError(1);
  }
  ceremony::CeremonyRecord rec{"promote_" + to.name, ceremony::operator_name(o.operator_flag), now, {}};
  rec.lines.push_back("Promote " + from.name + " -> " + to.name);
  rec.lines.insert(rec.lines.end(), lines.begin(), lines.end());
  if (!state.save_stage({to.name, now, rec.operator_name, "promote"}, why)) fail("stage promote", why);
  if (d.graduation && d.graduation->applies_to(to.name)) {
    auto g = state.graduation(why);
    if (g && g->since_ms == 0 && !state.save_graduation({g->step, now}, why)) fail("stage promote", why);
  }
  if (live) {
    auto r = instance.admin("POST", "/admin/stage",
                            "{\"stage\":" + util::json_quote(to.name) + ",\"by\":" + util::json_quote(rec.operator_name) +
                                ",\"reason\":\"promote\"}");
    if (r.status != 200) {
      std::string msg = r.error.empty() ? r.body : r.error;
      rec.lines.push_back("The live instance did not apply it: " + msg);
      ceremony::write_ceremony_log(d, rec, why);
      fail("stage promote", "the ceiling is now " + to.name + " but the live instance refused to move: " + msg +
                                " (is the lever set for " + to.name + "?)");
    }
    rec.lines.push_back("Applied to the live instance: " + r.body);
  } else {
    rec.lines.push_back("No live instance: the next start runs at " + to.name + " when the lever selects it");
  }
  auto log_path = ceremony::write_ceremony_log(d, rec, why);
  if (!log_path) fail("stage promote", why);
  std::cout << "promoted to " << to.name << "; ceremony log " << *log_path << "\n";
}

void rollback(const Options& o) {
  auto d = load_or_exit(o.config);
  auto t0 = std::chrono::steady_clock::now();
  std::int64_t now = wall_now_ms();
  ceremony::LiveInstance instance(d, o.url);
  auto live = instance.status();
  std::size_t cur = current_stage(d, live);
  std::size_t target;
  if (o.to.empty()) {
    if (cur == 0) fail("stage rollback", d.ladder.stages[0].name + " is the bottom of the ladder");
    target = cur - 1;
  } else {
    auto i = d.ladder.index_of_stage(o.to);
    if (!i) fail("stage rollback", "no stage named '" + o.to + "'");
    if (*i >= cur) fail("stage rollback", o.to + " is not below the running " + d.ladder.stages[cur].name);
    target = *i;
  }
  const std::string to = d.ladder.stages[target].name;
  std::string why;
  ceremony::StateDir state(d.state_dir);
  ceremony::CeremonyRecord rec{"rollback_" + to, ceremony::operator_name(o.operator_flag), now, {}};
  rec.lines.push_back("Rollback " + d.ladder.stages[cur].name + " -> " + to);
  // The ceiling first: whatever happens next, a restart stays down.
  if (!state.save_stage({to, now, rec.operator_name, "rollback"}, why)) fail("stage rollback", why);
  std::int64_t applied_ms = -1;
  if (live) {
    auto r = instance.admin("POST", "/admin/stage",
                            "{\"stage\":" + util::json_quote(to) + ",\"by\":" + util::json_quote(rec.operator_name) +
                                ",\"reason\":\"rollback\"}");
    if (r.status != 200) fail("stage rollback", "the live instance refused: " + (r.error.empty() ? r.body : r.error));
    // Measured until the instance itself reports the new stage.
    for (int i = 0; i < 100; ++i) {
      auto s = instance.status();
      if (s && s->stage == to) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    applied_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    rec.lines.push_back("Applied to the live instance in " + std::to_string(applied_ms) + " ms: " + r.body);
  } else {
    rec.lines.push_back("No live instance: the next start runs at " + to + " or below");
  }
  auto log_path = ceremony::write_ceremony_log(d, rec, why);
  if (o.json) {
    std::cout << "{\"stage\":" << util::json_quote(to) << ",\"applied_ms\":" << applied_ms
              << ",\"ceremony_log\":" << util::json_quote(log_path.value_or("")) << "}\n";
    return;
  }
  std::cout << "rolled back to " << to;
  if (applied_ms >= 0) std::cout << "; applied in " << applied_ms << " ms without restart";
  std::cout << "\nceremony log " << log_path.value_or("(not written: " + why + ")") << "\n";
}

}  // namespace

void register_stage_change(CLI::App& stage) {
  auto o = std::make_shared<Options>();
  auto* promote_cmd = stage.add_subcommand("promote", "Move one rung up when the stage's promote_when criteria hold");
  auto* rollback_cmd = stage.add_subcommand("rollback", "Move down now (one rung, or --to STAGE); no criteria");
  for (auto* c : {promote_cmd, rollback_cmd}) {
    c->add_option("-c,--config", o->config, "grinder.yaml or its folder")->capture_default_str();
    c->add_option("--url", o->url, "The live instance (default: the config's http bind and port)");
    c->add_option("--operator", o->operator_flag, "Who (default: $USER), for the ceremony log");
    c->add_flag("--json", o->json, "Print as JSON");
  }
  promote_cmd->add_option("--confirm", o->confirm, "The stage you are promoting to, by name")->required();
  rollback_cmd->add_option("--to", o->to, "Any lower stage (default: one rung down)");
  promote_cmd->callback([o] { promote(*o); });
  rollback_cmd->callback([o] { rollback(*o); });
}

}  // namespace grinder::cli
