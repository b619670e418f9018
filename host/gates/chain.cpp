#include "grinder/gates/chain.hpp"

namespace grinder::gates {

Chain::Chain(std::string name, std::vector<GatePtr> gates) : name_(std::move(name)), gates_(std::move(gates)) {}

Decision Chain::decide(const Action& action, const GateContext& ctx) const {
  Decision d;
  d.action = action;
  d.chain = name_;
  d.stage = ctx.stage ? ctx.stage->name : std::string();
  d.generation = ctx.generation;
  d.ts_ms = ctx.now_ms;
  d.verdicts.reserve(gates_.size());
  bool allow = !gates_.empty();  // an empty chain proves nothing: deny
  for (const auto& g : gates_) {
    Verdict v;
    try {
      v = g->check(action, ctx);
    } catch (const std::exception& e) {
      // A gate that cannot decide denies (fail closed).
      v = Verdict::deny("gate_error:" + g->id(), e.what());
    } catch (...) {
      v = Verdict::deny("gate_error:" + g->id(), "unknown exception");
    }
    allow = allow && v.allow;
    d.verdicts.push_back({g->id(), std::string(g->kind()), v.allow, std::move(v.reason), std::move(v.detail)});
  }
  d.allow = allow;
  return d;
}

std::optional<ChainSet> build_chains(const config::Deployment& deployment, const PolicyGateFactory& policies,
                                     config::Diagnostics& diags) {
  ChainSet out;
  bool ok = true;
  for (const auto& [name, cfg] : deployment.chains) {
    std::vector<GatePtr> gates;
    for (const auto& entry : cfg.gates) {
      GatePtr g;
      if (entry.kind == config::ChainGateConfig::Kind::Builtin) {
        g = make_builtin_gate(entry, diags);
      } else if (policies) {
        g = policies(entry, deployment.policies_dir, diags);
      } else {
        diags.add(entry.loc, "chain.policy_engine", "policy '" + entry.name + "' cannot be built: no policy engine");
      }
      if (!g) {
        ok = false;
        continue;
      }
      gates.push_back(std::move(g));
    }
    out.emplace(name, std::make_shared<const Chain>(name, std::move(gates)));
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace grinder::gates
