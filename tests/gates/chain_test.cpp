// The chain evaluates every gate, records every verdict, allows only when all
// allow, and the Runbook 22 rollback case shows both dry_run and env_var_missing.
#include "gate_fixture.hpp"
#include "grinder/gates/context_setup.hpp"

using namespace grinder;
using namespace grinder::test;

namespace {

struct Loaded {
  config::Deployment d;
  gates::ChainSet chains;
};

Loaded load_paper(std::map<std::string, std::string> env) {
  config::LoadOptions o;
  o.env = fake_env(env);
  config::Diagnostics diags;
  auto d = config::load_deployment(source_dir() + "/examples/paper", diags, o);
  INFO(diags.render_text());
  REQUIRE(d);
  auto chains = gates::build_chains(*d, {}, diags);
  INFO(diags.render_text());
  REQUIRE(chains);
  return {*d, *chains};
}

gates::GateContext context_for(const Loaded& l, std::map<std::string, std::string> env) {
  auto lever = config::read_lever(l.d.ladder, fake_env(env));
  auto ctx = gates::stage_context(l.d, *lever.stage_index, 0, gates::capture_env(l.d, fake_env(env)));
  ctx.market.bid = 65000;
  ctx.market.ask = 65001;
  ctx.market.age_ms = 50;
  ctx.now_ms = 1'700'000'000'000;
  return ctx;
}

class Throwing final : public gates::Gate {
 public:
  Throwing() : Gate("throwing") {}
  void judge(const gates::Action&, const gates::GateContext&, gates::Verdict&) const override {
    throw std::runtime_error("boom");
  }
};

}  // namespace

TEST_CASE("Runbook 22 rollback: detect_only with ALLOW_MAINNET_TRADE unset yields dry_run AND env_var_missing",
          "[chain][runbook22]") {
  std::map<std::string, std::string> env = {{"REMEDIATION_MODE", "detect_only"}};
  auto l = load_paper(env);
  auto ctx = context_for(l, env);
  auto decision = l.chains.at("remediation")->decide(cancel_all(), ctx);
  CHECK_FALSE(decision.allow);
  auto reasons = decision.reasons();
  CHECK(std::count(reasons.begin(), reasons.end(), "dry_run") == 1);
  CHECK(std::count(reasons.begin(), reasons.end(), "env_var_missing") == 1);
  // Every gate was evaluated and recorded.
  CHECK(decision.verdicts.size() == l.d.chains.at("remediation").gates.size());
  CHECK(decision.stage == "SHADOW");
}

TEST_CASE("ACTIVE with every gate open allows a cancel_all of grinder's order", "[chain][runbook22]") {
  std::map<std::string, std::string> env = {{"REMEDIATION_MODE", "execute_cancel_all"}, {"ALLOW_MAINNET_TRADE", "1"}};
  auto l = load_paper(env);
  auto ctx = context_for(l, env);
  auto decision = l.chains.at("remediation")->decide(cancel_all(), ctx);
  INFO(decision.to_json());
  CHECK(decision.allow);
  CHECK(decision.reasons().empty());
  // ACTIVE plans cancel_all only: a flatten is not in the stage.
  auto f = l.chains.at("remediation")->decide(flatten(0.001), ctx);
  CHECK_FALSE(f.allow);
  CHECK(f.reasons() == std::vector<std::string>{"action_not_in_stage"});
}

TEST_CASE("plan_only with a mismatch: blocked by dry_run and not_armed", "[chain][runbook15]") {
  std::map<std::string, std::string> env = {{"REMEDIATION_MODE", "plan_only"}, {"ALLOW_MAINNET_TRADE", "1"}};
  auto l = load_paper(env);
  auto decision = l.chains.at("remediation")->decide(cancel_all(), context_for(l, env));
  CHECK_FALSE(decision.allow);
  CHECK(decision.reasons() == std::vector<std::string>{"dry_run", "not_armed"});
}

TEST_CASE("the decision envelope carries every verdict, the generation and the final verdict", "[chain]") {
  std::map<std::string, std::string> env = {};
  auto l = load_paper(env);
  auto ctx = context_for(l, env);
  ctx.generation = 7;
  auto json = l.chains.at("remediation")->decide(cancel_all(), ctx).to_json();
  CHECK(json.find("\"generation\":7") != std::string::npos);
  CHECK(json.find("\"verdict\":\"DENY\"") != std::string::npos);
  CHECK(json.find("\"gate\":\"kill_switch\",\"kind\":\"builtin\",\"verdict\":\"ALLOW\"") != std::string::npos);
  CHECK(json.find("\"reason\":\"dry_run\"") != std::string::npos);
}

TEST_CASE("a gate that throws denies; an empty chain denies", "[chain]") {
  std::vector<gates::GatePtr> gs;
  gs.push_back(std::make_unique<Throwing>());
  gates::Chain chain("c", std::move(gs));
  OpenContext o;
  auto d = chain.decide(cancel_all(), o.ctx);
  CHECK_FALSE(d.allow);
  CHECK(d.verdicts[0].reason == "gate_error:throwing");
  gates::Chain empty("e", {});
  CHECK_FALSE(empty.decide(cancel_all(), o.ctx).allow);
}

TEST_CASE("a policy entry without a policy engine fails the build, never allows", "[chain]") {
  TempDir t;
  t.write("ladder.yaml", "ladder:\n  name: x\n  lever: { env: M, default: a }\n  stages:\n    - { name: A, lever_value: a }\n");
  t.write("chains.yaml", "chains:\n  remediation:\n    - policy: p\n");
  t.write("policies/p.lua", "-- empty\n");
  t.write("grinder.yaml", "version: 1\nladder: ladder.yaml\nchains: chains.yaml\npolicies: policies\nvenues: {}\n");
  config::LoadOptions o;
  o.env = fake_env({});
  config::Diagnostics diags;
  auto d = config::load_deployment(t.path(), diags, o);
  REQUIRE(d);
  CHECK_FALSE(gates::build_chains(*d, {}, diags));
  CHECK_FALSE(diags.empty());
}

TEST_CASE("captured env leaves secret-named variables out", "[chain][secrets]") {
  auto l = load_paper({});
  auto env = gates::capture_env(l.d, fake_env({{"ALLOW_MAINNET_TRADE", "1"}, {"BINANCE_API_SECRET", "x"}}));
  CHECK(env.count("ALLOW_MAINNET_TRADE"));
  CHECK_FALSE(env.count("BINANCE_API_SECRET"));
}

TEST_CASE("a Decision decided into again reads exactly as a fresh one, across contexts and chains", "[chain][reuse]") {
  std::map<std::string, std::string> active = {{"REMEDIATION_MODE", "execute_cancel_all"}, {"ALLOW_MAINNET_TRADE", "1"}};
  std::map<std::string, std::string> shadow = {{"REMEDIATION_MODE", "detect_only"}};
  auto l = load_paper(active);
  const gates::Chain& chain = *l.chains.at("remediation");
  std::vector<gates::GatePtr> gs;
  gs.push_back(std::make_unique<Throwing>());
  gates::Chain other("other", std::move(gs));

  gates::Decision reused;
  auto same = [&](const gates::Chain& c, const gates::Action& a, const gates::GateContext& ctx) {
    c.decide(a, ctx, reused);
    CHECK(reused.to_json() == c.decide(a, ctx).to_json());
    CHECK(reused.reasons() == c.decide(a, ctx).reasons());
  };
  same(chain, cancel_all(), context_for(l, active));   // allows
  same(chain, cancel_all(), context_for(l, shadow));   // denies: reasons and details filled
  same(chain, cancel_all(), context_for(l, active));   // allows again: no denial left behind
  same(other, cancel_all(), context_for(l, active));   // another chain: its own gate names
  same(chain, flatten(0.001), context_for(l, active)); // and back
  CHECK(reused.verdicts.size() == l.d.chains.at("remediation").gates.size());
}
