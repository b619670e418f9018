#include "reference.hpp"

#include <stdexcept>

#include "grinder/gates/context_setup.hpp"
#include "grinder/lua/policy_factory.hpp"

namespace grinder::bench {

std::map<std::string, std::string> reference_env() {
  return {{"REMEDIATION_MODE", "execute_cancel_all"}, {"ALLOW_MAINNET_TRADE", "1"}};
}

config::EnvLookup env_lookup(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& k) -> std::optional<std::string> {
    auto it = vars.find(k);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

namespace {

std::shared_ptr<const gates::Chain> remediation(const gates::ChainSet& set) {
  auto it = set.find("remediation");
  if (it == set.end()) throw std::runtime_error("the reference deployment has no remediation chain");
  return it->second;
}

std::size_t stage_index(const config::Deployment& d, const std::string& name) {
  auto i = d.ladder.index_of_stage(name);
  if (!i) throw std::runtime_error("the reference ladder has no stage " + name);
  return *i;
}

void fill_per_decision(gates::GateContext& c) {
  c.market.bid = 64990;
  c.market.ask = 65010;
  c.market.venue_ts_ms = 1714987800000;
  c.market.age_ms = 120;
  c.min_notional = 100;
  c.position_qty = 0;
  c.open_orders = {{"grinder_1_abc", "BTCUSDT", 0.01, 64000}};
  c.budget = {};
  c.kill_switch = false;
  c.circuit_open = false;
  c.leader = true;
  c.venue_configured = true;
  c.drawdown_pct = 0.5;
  c.actions_last_hour = 2;
  c.now_ms = 1714987800120;
}

}  // namespace

Reference load_reference() {
  const std::string root = std::string(GRINDER_SOURCE_DIR) + "/examples/paper/grinder.yaml";
  const auto env = reference_env();
  config::Diagnostics diags;
  config::LoadOptions opts;
  opts.env = env_lookup(env);
  auto loaded = config::load_deployment(root, diags, opts);
  if (!loaded) throw std::runtime_error(diags.render_text());
  config::Deployment d = std::move(*loaded);

  Reference r;
  auto builtin = gates::build_chains(d, nullptr, diags);
  if (!builtin) throw std::runtime_error(diags.render_text());
  r.builtin = remediation(*builtin);

  // The same chain with the three policies after it, as a chains file would
  // list them (`- policy: NAME`, defaults for `with:`).
  for (const char* name : kReferencePolicies) {
    config::ChainGateConfig p;
    p.kind = config::ChainGateConfig::Kind::Policy;
    p.name = name;
    p.id = "policy:";
    p.id += name;
    p.with.kind = config::Value::Kind::Object;
    d.chains.at("remediation").gates.push_back(std::move(p));
  }
  auto with_lua = gates::build_chains(d, lua::policy_gate_factory(), diags);
  if (!with_lua) throw std::runtime_error(diags.render_text());
  r.with_lua = remediation(*with_lua);
  auto shared = std::make_shared<const config::Deployment>(std::move(d));
  r.deployment = shared;

  r.action.type = gates::ActionType::CancelAll;
  r.action.symbol = "BTCUSDT";
  r.action.orders = {{"grinder_1_abc", "BTCUSDT"}};

  r.allow_ctx = gates::stage_context(*shared, stage_index(*shared, "ACTIVE"), 0,
                                     gates::capture_env(*shared, env_lookup(env)));
  fill_per_decision(r.allow_ctx);

  // Runbook 22's rolled-back instance: STAGING, mainnet not allowed, and the
  // policies' facts gone bad too (stale quote, drawdown, too many actions).
  auto deny_env = env;
  deny_env.erase("ALLOW_MAINNET_TRADE");
  r.deny_ctx = gates::stage_context(*shared, stage_index(*shared, "STAGING"), 0,
                                    gates::capture_env(*shared, env_lookup(deny_env)));
  fill_per_decision(r.deny_ctx);
  r.deny_ctx.market.age_ms = 5000;
  r.deny_ctx.drawdown_pct = 6;
  r.deny_ctx.actions_last_hour = 12;
  return r;
}

void advance(gates::GateContext& c, long i, bool stale) {
  c.now_ms += 1;
  c.market.age_ms = (stale ? 5000 : 100) + (i & 1023);
}

}  // namespace grinder::bench
