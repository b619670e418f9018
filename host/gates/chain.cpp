#include "grinder/gates/chain.hpp"

namespace grinder::gates {

Chain::Chain(std::string name, std::vector<GatePtr> gates) : name_(std::move(name)), gates_(std::move(gates)) {}

Decision Chain::decide(const Action& action, const GateContext& ctx) const {
  Decision d;
  decide(action, ctx, d);
  return d;
}

namespace {

// A gate that cannot decide denies (fail closed). Rare: this may allocate.
void fail_closed(const Gate& g, std::string_view what, Verdict& out) {
  out.set_deny("gate_error:", what);
  out.reason += g.id();
}

// One gate's verdict, written by the gate straight into the decision's slot.
void judge_one(const Gate& g, const Action& action, const GateContext& ctx, Verdict& out) {
  // Denying until the gate says otherwise: a gate path that writes nothing
  // must not allow.
  out.allow = false;
  try {
    g.judge(action, ctx, out);
  } catch (const std::exception& e) {
    fail_closed(g, e.what(), out);
  } catch (...) {
    fail_closed(g, "unknown exception", out);
  }
}

}  // namespace

void Chain::decide(const Action& action, const GateContext& ctx, Decision& out) const {
  // Assignments, not fresh strings: they keep the capacity `out` already
  // has. The chain's own names are written only when `out` last held
  // another chain's verdicts (or none).
  if (out.filled_by != token_ || out.verdicts.size() != gates_.size()) {
    out.chain = name_;
    out.verdicts.resize(gates_.size());
    for (std::size_t i = 0; i < gates_.size(); ++i) {
      out.verdicts[i].gate = gates_[i]->id();
      out.verdicts[i].kind = gates_[i]->kind();
    }
    out.filled_by = token_;
  }
  out.action = action;
  if (ctx.stage)
    out.stage = ctx.stage->name;
  else
    out.stage.clear();
  out.generation = ctx.generation;
  out.ts_ms = ctx.now_ms;
  bool allow = !gates_.empty();  // an empty chain proves nothing: deny
  for (std::size_t i = 0; i < gates_.size(); ++i) {
    GateVerdict& slot = out.verdicts[i];
    judge_one(*gates_[i], action, ctx, slot);
    allow = allow && slot.allow;
  }
  out.allow = allow;
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
