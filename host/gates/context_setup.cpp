#include "grinder/gates/context_setup.hpp"

#include <set>

#include "grinder/ladder/effective.hpp"

namespace grinder::gates {

std::map<std::string, std::string> capture_env(const config::Deployment& d, const config::EnvLookup& env) {
  std::set<std::string> names(d.env_vars.begin(), d.env_vars.end());
  names.insert(d.ladder.lever.env);
  for (const auto& [_, chain] : d.chains)
    for (const auto& g : chain.gates) {
      if (g.name == "connector_mode") names.insert("GRINDER_CONNECTOR_MODE");
      if (g.name == "safe_mode") names.insert("SAFE_MODE");
      if (const config::Value* v = g.with.find("var"); v && v->is_string()) names.insert(v->text);
    }
  std::map<std::string, std::string> out;
  for (const auto& n : names) {
    if (config::looks_secret(n)) continue;
    if (auto v = env(n)) out[n] = *v;
  }
  return out;
}

GateContext stage_context(const config::Deployment& d, std::size_t stage_index, std::size_t graduation_step,
                          std::map<std::string, std::string> env) {
  GateContext ctx;
  auto eff = ladder::effective_stage(d.ladder, d.graduation ? &*d.graduation : nullptr, stage_index, graduation_step);
  ctx.stage = &d.ladder.stages.at(stage_index);
  ctx.flags = eff.flags;
  ctx.limits = eff.limits;
  ctx.graduation_step = eff.graduation_step;
  ctx.env = std::move(env);
  ctx.identity_prefix = d.identity.prefix;
  ctx.strategies = d.identity.strategies;
  return ctx;
}

}  // namespace grinder::gates
