#pragma once
// A gate chain: an ordered list of gates. Every gate is evaluated and every
// verdict recorded, so a decision lists all that blocks an action (Runbook 22's
// rollback check counts both dry_run and env_var_missing). The action is
// allowed only when every gate allows.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "grinder/config/deployment.hpp"
#include "grinder/gates/decision.hpp"
#include "grinder/gates/gate.hpp"

namespace grinder::gates {

class Chain {
 public:
  Chain(std::string name, std::vector<GatePtr> gates);

  // Evaluates every gate in order. Pure.
  Decision decide(const Action& action, const GateContext& ctx) const;
  // The same into `out`, whose buffers (verdicts, their strings) are reused:
  // each gate judges straight into its slot, so a caller deciding in a loop
  // with one Decision allocates nothing, allowing or denying, once the slots
  // have held the longest text they need.
  void decide(const Action& action, const GateContext& ctx, Decision& out) const;

  const std::string& name() const { return name_; }
  const std::vector<GatePtr>& gates() const { return gates_; }

 private:
  std::string name_;
  std::vector<GatePtr> gates_;
  // Identifies this chain in Decision::filled_by. Shared, so a Decision that
  // holds it keeps the address from being reused by another chain.
  std::shared_ptr<const char> token_ = std::make_shared<const char>('c');
};

// Builds the gate for a `policy:` entry (the Lua engine provides it). It
// returns nullptr and adds diagnostics when the policy cannot be built.
using PolicyGateFactory =
    std::function<GatePtr(const config::ChainGateConfig& entry, const std::string& policies_dir, config::Diagnostics&)>;

// Builds one built-in gate from its chain entry (name + with:).
GatePtr make_builtin_gate(const config::ChainGateConfig& entry, config::Diagnostics& diags);

// Builds every chain of a deployment. Fails (nullopt + diagnostics) if any
// gate cannot be built.
using ChainSet = std::map<std::string, std::shared_ptr<const Chain>>;
std::optional<ChainSet> build_chains(const config::Deployment& deployment, const PolicyGateFactory& policies,
                                     config::Diagnostics& diags);

}  // namespace grinder::gates
