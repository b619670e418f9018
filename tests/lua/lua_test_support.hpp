#pragma once
// Building a policy gate from Lua source in a temporary folder, and the
// action/context most tests start from.
#include <memory>
#include <string>

#include "grinder/config/yaml_loader.hpp"
#include "grinder/gates/action.hpp"
#include "grinder/gates/context.hpp"
#include "grinder/lua/policy_gate.hpp"
#include "test_env.hpp"

namespace grinder::test {

struct BuiltPolicy {
  std::unique_ptr<lua::LuaPolicyGate> gate;
  config::Diagnostics diags;
  std::string file;
};

// Writes policies/<name>.lua into t and builds it with `with` (YAML flow
// text, as a chain entry would give it).
inline BuiltPolicy build_policy(const TempDir& t, const std::string& name, const std::string& source,
                                const std::string& with_yaml = "{}", lua::PolicyLimits limits = {}) {
  BuiltPolicy out;
  out.file = t.write("policies/" + name + ".lua", source);
  std::string chains = t.write("chains.yaml", with_yaml + "\n");
  config::LoadOptions raw;
  raw.substitute_env = false;
  auto with = config::load_yaml_file(chains, out.diags, raw);
  if (!with) return out;
  lua::PolicyBuild b;
  b.file = out.file;
  b.with = *with;
  b.limits = limits;
  out.gate = lua::LuaPolicyGate::build(b, out.diags);
  return out;
}

// A policy file around an evaluate body: name matches the file.
inline std::string policy_source(const std::string& name, const std::string& body,
                                 const std::string& params = "") {
  return "name = \"" + name + "\"\n" + (params.empty() ? "" : "params = " + params + "\n") +
         "function evaluate(action, ctx, with)\n" + body + "\nend\n";
}

inline gates::Action sample_action() {
  gates::Action a;
  a.type = gates::ActionType::PlaceOrder;
  a.symbol = "BTCUSDT";
  a.side = gates::Side::Buy;
  a.qty = 0.01;
  a.price = 65000;
  a.client_order_id = "grinder_1_abc";
  a.strategy = "1";
  return a;
}

inline gates::GateContext sample_ctx() {
  gates::GateContext c;
  c.flags.dry_run = false;
  c.flags.armed = true;
  c.flags.allow_active_remediation = true;
  c.market.bid = 64990;
  c.market.ask = 65010;
  c.market.age_ms = 150;
  c.now_ms = 1714987800000;  // 2024-05-06T09:30:00Z
  return c;
}

}  // namespace grinder::test
