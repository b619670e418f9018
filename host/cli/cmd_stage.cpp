// grinder stage show: the ladder, which stage the lever selects now and why,
// the derived flags and the effective limits.
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "ceremony_common.hpp"
#include "grinder/ceremony/ceremony_log.hpp"
#include "grinder/ceremony/criteria.hpp"
#include "grinder/ceremony/live_instance.hpp"
#include "grinder/ceremony/state.hpp"
#include "grinder/config/deployment.hpp"
#include "grinder/ladder/effective.hpp"
#include "grinder/util/json_escape.hpp"

namespace grinder::cli {

namespace {

std::string join(const std::vector<std::string>& v, const char* sep = ",") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string criteria_json(const std::vector<ladder::Criterion>& cs) {
  std::string out = "[";
  for (std::size_t i = 0; i < cs.size(); ++i) out += (i ? "," : "") + util::json_quote(cs[i].text);
  return out + "]";
}

std::string flags_text(const ladder::DerivedFlags& f) {
  auto b = [](bool x) { return x ? "true" : "false"; };
  return std::string("dry_run=") + b(f.dry_run) + " allow_active_remediation=" + b(f.allow_active_remediation) +
         " armed=" + b(f.armed);
}

void show(const std::string& path, bool json) {
  config::Diagnostics diags;
  auto env = config::process_env();
  auto d = config::load_deployment(path, diags);
  if (!d) {
    std::cerr << diags.render_text() << diags.size() << " error(s); nothing was loaded\n";
    throw CLI::RuntimeError(2);
  }
  ladder::LeverReading lever = config::read_lever(d->ladder, env);
  // What a run would do: the lever's stage, capped by the approved ceiling.
  std::string ceiling_why, why;
  std::size_t ceiling = ceremony::approved_ceiling(*d, ceiling_why);
  const std::size_t lever_index = *lever.stage_index;
  std::size_t running = std::min(lever_index, ceiling);
  bool held = running < *lever.stage_index;
  auto grad = ceremony::StateDir(d->state_dir).graduation(why);
  std::size_t step = grad ? grad->step : 0;
  ladder::EffectiveStage eff = ladder::effective_stage(
      d->ladder, d->graduation ? &*d->graduation : nullptr, running, step);
  lever.stage_index = running;
  const ladder::Stage& cur = d->ladder.stages[running];
  if (json) {
    std::ostringstream o;
    o << "{\"deployment\":" << util::json_quote(d->name) << ",\"config\":" << util::json_quote(d->root_file)
      << ",\"digest\":" << util::json_quote(d->digest) << ",\"ladder\":" << util::json_quote(d->ladder.name)
      << ",\"lever\":{\"env\":" << util::json_quote(d->ladder.lever.env)
      << ",\"value\":" << util::json_quote(lever.value) << ",\"from_env\":" << (lever.from_env ? "true" : "false")
      << "},\"stage\":" << util::json_quote(cur.name) << ",\"stage_index\":" << *lever.stage_index
      << ",\"approved_ceiling\":" << util::json_quote(d->ladder.stages[ceiling].name)
      << ",\"held\":" << (held ? "true" : "false")
      << ",\"flags\":{\"dry_run\":" << (eff.flags.dry_run ? "true" : "false")
      << ",\"allow_active_remediation\":" << (eff.flags.allow_active_remediation ? "true" : "false")
      << ",\"armed\":" << (eff.flags.armed ? "true" : "false") << "},\"effective_limits\":" << eff.limits.to_json()
      << ",\"graduation_step\":" << (eff.graduation_step.empty() ? "null" : util::json_quote(eff.graduation_step))
      << ",\"stages\":[";
    for (std::size_t i = 0; i < d->ladder.stages.size(); ++i) {
      const auto& s = d->ladder.stages[i];
      o << (i ? "," : "") << "{\"name\":" << util::json_quote(s.name) << ",\"lever_value\":"
        << util::json_quote(s.lever_value) << ",\"plan\":[";
      for (std::size_t k = 0; k < s.plan.size(); ++k) o << (k ? "," : "") << util::json_quote(s.plan[k]);
      o << "],\"execute\":" << (s.execute ? "true" : "false") << ",\"chain\":" << util::json_quote(s.chain)
        << ",\"soak\":" << util::json_quote(ladder::format_duration(s.soak)) << ",\"limits\":" << s.limits.to_json()
        << ",\"promote_when\":" << criteria_json(s.promote_when)
        << ",\"rollback_when\":" << criteria_json(s.rollback_when) << ",\"current\":"
        << (i == *lever.stage_index ? "true" : "false") << "}";
    }
    o << "]}";
    std::cout << o.str() << "\n";
    return;
  }
  std::cout << "deployment " << d->name << " (" << d->root_file << ")\n";
  std::cout << "ladder     " << d->ladder.name << ", lever " << d->ladder.lever.env << "\n\n";
  std::cout << "    " << std::left << std::setw(12) << "STAGE" << std::setw(22) << "LEVER VALUE" << std::setw(22)
            << "PLAN" << std::setw(9) << "EXECUTE" << "SOAK\n";
  for (std::size_t i = 0; i < d->ladder.stages.size(); ++i) {
    const auto& s = d->ladder.stages[i];
    std::cout << (i == *lever.stage_index ? "  > " : "    ") << std::setw(12) << s.name << std::setw(22)
              << s.lever_value << std::setw(22) << (s.plan.empty() ? "-" : join(s.plan)) << std::setw(9)
              << (s.execute ? "yes" : "no") << ladder::format_duration(s.soak) << "\n";
  }
  std::cout << "\ncurrent stage  " << cur.name << "\n";
  std::cout << "why            " << d->ladder.lever.env << "=" << lever.value
            << (lever.from_env ? " (from the environment)" : " (the ladder's default; " + d->ladder.lever.env + " is unset)")
            << "\n";
  if (held)
    std::cout << "held           the lever asks for " << d->ladder.stages[lever_index].name << "; approved up to "
              << d->ladder.stages[ceiling].name << (ceiling_why.empty() ? "" : " (" + ceiling_why + ")")
              << "; promote with `grinder stage promote --confirm " << d->ladder.stages[ceiling + 1].name << "`\n";
  std::cout << "derived flags  " << flags_text(eff.flags) << "\n";
  std::cout << "gate chain     " << cur.chain << "\n";
  std::cout << "limits         " << eff.limits.to_json()
            << (eff.graduation_step.empty() ? "" : "  (stage limits + graduation step " + eff.graduation_step + ")")
            << "\n";
  if (!cur.promote_when.empty()) {
    std::cout << "promote when   ";
    for (const auto& c : cur.promote_when) std::cout << c.text << "; ";
    std::cout << "\n";
  }
  if (!cur.rollback_when.empty()) {
    std::cout << "rollback when  ";
    for (const auto& c : cur.rollback_when) std::cout << c.text << "; ";
    std::cout << "\n";
  }
}

}  // namespace

void register_stage(CLI::App& app) {
  auto* stage = app.add_subcommand("stage", "Stage ladder: show the current stage, promote one rung, roll back");
  stage->require_subcommand(1);
  auto* cmd = stage->add_subcommand("show", "Show the ladder, the stage the lever selects and why, derived flags and effective limits");
  auto path = std::make_shared<std::string>("grinder.yaml");
  auto json = std::make_shared<bool>(false);
  cmd->add_option("-c,--config", *path, "grinder.yaml or its folder")->capture_default_str();
  cmd->add_flag("--json", *json, "Print as JSON");
  cmd->callback([path, json] { show(*path, *json); });
  register_stage_change(*stage);
}

}  // namespace grinder::cli
