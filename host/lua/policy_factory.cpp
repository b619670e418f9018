#include "grinder/lua/policy_factory.hpp"

#include <filesystem>

#include "grinder/lua/policy_gate.hpp"

namespace fs = std::filesystem;

namespace grinder::lua {

gates::PolicyGateFactory policy_gate_factory(PolicyLimits limits) {
  return [limits](const config::ChainGateConfig& entry, const std::string& policies_dir,
                  config::Diagnostics& diags) -> gates::GatePtr {
    PolicyBuild b;
    b.id = entry.id;
    b.file = (fs::path(policies_dir) / (entry.name + ".lua")).string();
    b.with = entry.with;
    if (b.with.is_null()) {  // no `with:` at all: check required parameters against an empty one
      b.with.kind = config::Value::Kind::Object;
      b.with.loc = entry.loc;
    }
    b.limits = limits;
    if (policies_dir.empty() || !fs::is_regular_file(b.file)) {
      diags.add(entry.loc, "chain.unknown_policy", "no policy file " + b.file);
      return nullptr;
    }
    return LuaPolicyGate::build(b, diags);
  };
}

}  // namespace grinder::lua
