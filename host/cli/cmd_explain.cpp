// grinder explain: judge one action against the deployment as it stands,
// without sending anything, and show every gate's verdict.
#include <chrono>
#include <iomanip>
#include <iostream>

#include "commands.hpp"
#include "budget_reading.hpp"
#include "grinder/config/deployment.hpp"
#include "grinder/config/schema.hpp"
#include "grinder/gates/chain.hpp"
#include "grinder/gates/context_setup.hpp"
#include "policy_engine.hpp"
#include "wall_clock.hpp"

namespace grinder::cli {

namespace {

[[noreturn]] void bad_input(const std::string& msg) {
  std::cerr << "grinder explain: " << msg << "\n";
  throw CLI::RuntimeError(2);
}

// Applies the --context file to the context.
void apply_context(const config::Value& c, gates::GateContext& ctx) {
  if (const auto* v = c.find("now_ms")) ctx.now_ms = v->integer;
  if (const auto* m = c.find("market")) {
    if (const auto* v = m->find("bid")) ctx.market.bid = v->as_double();
    if (const auto* v = m->find("ask")) ctx.market.ask = v->as_double();
    if (const auto* v = m->find("age_ms")) ctx.market.age_ms = v->integer;
    if (const auto* v = m->find("venue_ts_ms")) ctx.market.venue_ts_ms = v->integer;
  }
  if (const auto* v = c.find("min_notional")) ctx.min_notional = v->as_double();
  if (const auto* v = c.find("position_qty")) ctx.position_qty = v->as_double();
  if (const auto* list = c.find("open_orders"))
    for (const auto& o : list->items) {
      gates::OpenOrderView ov;
      ov.client_order_id = o.find("client_order_id")->text;
      if (const auto* s = o.find("symbol")) ov.symbol = s->text;
      if (const auto* q = o.find("qty")) ov.qty = q->as_double();
      if (const auto* p = o.find("price")) ov.price = p->as_double();
      ctx.open_orders.push_back(ov);
    }
  if (const auto* v = c.find("last_action_ms")) ctx.last_action_ms = v->integer;
  if (const auto* v = c.find("kill_switch")) ctx.kill_switch = v->boolean;
  if (const auto* v = c.find("circuit_open")) ctx.circuit_open = v->boolean;
  if (const auto* v = c.find("leader")) ctx.leader = v->boolean;
  if (const auto* v = c.find("venue_configured")) ctx.venue_configured = v->boolean;
  if (const auto* v = c.find("drawdown_pct")) ctx.drawdown_pct = v->as_double();
  if (const auto* v = c.find("reject_rate")) ctx.reject_rate = v->as_double();
  if (const auto* v = c.find("actions_last_hour")) ctx.actions_last_hour = v->as_double();
}

struct Options {
  std::string config = "grinder.yaml";
  std::string action;
  std::string context;
  std::string chain;
  bool json = false;
};

void run(const Options& o) {
  std::string err;
  auto action = gates::parse_action_json(o.action, err);
  if (!action) bad_input(err);

  // The context file may override env variables for this evaluation.
  std::map<std::string, std::string> env_override;
  std::optional<config::Value> context;
  if (!o.context.empty()) {
    config::Diagnostics diags;
    config::LoadOptions raw;
    raw.substitute_env = false;
    context = config::load_yaml_file(o.context, diags, raw);
    if (context) config::Schema::builtin("explain_context").validate(*context, diags);
    if (!diags.empty()) {
      std::cerr << diags.render_text();
      throw CLI::RuntimeError(2);
    }
    if (const auto* e = context->find("env"))
      for (const auto& m : e->members)
        env_override[m.key] = m.value.is_string() ? m.value.text
                              : m.value.kind == config::Value::Kind::Bool ? (m.value.boolean ? "true" : "false")
                                                                          : std::to_string(m.value.integer);
  }
  config::EnvLookup process = config::process_env();
  config::EnvLookup env = [&](const std::string& k) -> std::optional<std::string> {
    auto it = env_override.find(k);
    if (it != env_override.end()) return it->second;
    return process(k);
  };
  config::LoadOptions opts;
  opts.env = env;
  config::Diagnostics diags;
  auto d = config::load_deployment(o.config, diags, opts);
  if (!d) {
    std::cerr << diags.render_text() << diags.size() << " error(s); nothing was loaded\n";
    throw CLI::RuntimeError(2);
  }
  auto chains = gates::build_chains(*d, policy_factory(), diags);
  if (!chains) {
    std::cerr << diags.render_text();
    throw CLI::RuntimeError(2);
  }
  ladder::LeverReading lever = config::read_lever(d->ladder, env);
  const ladder::Stage& stage = d->ladder.stages[*lever.stage_index];
  std::string chain_name = o.chain.empty() ? stage.chain : o.chain;
  auto chain_it = chains->find(chain_name);
  if (chain_it == chains->end()) bad_input("no chain named '" + chain_name + "' in the deployment");

  gates::GateContext ctx = gates::stage_context(*d, *lever.stage_index, 0, gates::capture_env(*d, env));
  ctx.now_ms = wall_now_ms();
  if (context) apply_context(*context, ctx);
  // Budgets as the ledger holds them (read only: explain never reserves).
  ctx.budget = read_budget(*d, "explain", ctx.now_ms).view;

  gates::Decision decision = chain_it->second->decide(*action, ctx);
  if (o.json) {
    std::cout << decision.to_json() << "\n";
  } else {
    std::cout << "action   " << action->to_json() << "\n";
    std::cout << "stage    " << stage.name << " (" << d->ladder.lever.env << "=" << lever.value
              << (lever.from_env ? "" : ", the default") << ")  chain " << chain_name << "\n\n";
    std::cout << "  " << std::left << std::setw(26) << "GATE" << std::setw(9) << "VERDICT" << std::setw(24) << "REASON"
              << "DETAIL\n";
    for (const auto& v : decision.verdicts)
      std::cout << "  " << std::setw(26) << v.gate << std::setw(9) << (v.allow ? "ALLOW" : "DENY") << std::setw(24)
                << (v.allow ? "-" : v.reason) << v.detail << "\n";
    std::cout << "\nverdict  " << (decision.allow ? "ALLOW" : "DENY");
    if (!decision.allow) {
      std::cout << " (";
      auto rs = decision.reasons();
      for (std::size_t i = 0; i < rs.size(); ++i) std::cout << (i ? ", " : "") << rs[i];
      std::cout << ")";
    }
    std::cout << "\n";
  }
  if (!decision.allow) throw CLI::RuntimeError(1);
}

}  // namespace

void register_explain(CLI::App& app) {
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "explain", "Judge one action against the deployment without sending it; exit 0 allowed, 1 denied, 2 bad input");
  cmd->add_option("-c,--config", opts->config, "grinder.yaml or its folder")->capture_default_str();
  cmd->add_option("-a,--action", opts->action,
                  R"(The action as JSON, e.g. '{"type":"flatten","symbol":"BTCUSDT","qty":0.01}')")
      ->required();
  cmd->add_option("--context", opts->context, "YAML/JSON file with market data, position, safety state, env");
  cmd->add_option("--chain", opts->chain, "Chain to use (default: the current stage's)");
  cmd->add_flag("--json", opts->json, "Print the decision envelope as JSON");
  cmd->callback([opts] { run(*opts); });
}

}  // namespace grinder::cli
