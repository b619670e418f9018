// grinder smoke: Runbook 17's LIVE_TRADE smoke, steps 2 and 3.
//   grinder smoke --config PATH                       dry run: each gate of the connector chain
//                                                     blocks when it should; nothing is sent
//   grinder smoke --config PATH --confirm LIVE_TRADE  through the whole chain: a LIMIT BUY 50% below
//                                                     the best bid, then its cancel
// Exit 0 passed, 1 failed or blocked, 2 bad input.
#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>

#include "commands.hpp"
#include "wall_clock.hpp"
#include "grinder/config/deployment.hpp"
#include "grinder/gates/chain.hpp"
#include "grinder/gates/context_setup.hpp"
#include "grinder/plugin/decimal.hpp"
#include "grinder/plugin/venue_from_config.hpp"
#include "policy_engine.hpp"
#include "smoke_gates.hpp"
#include "stderr_line.hpp"

namespace grinder::cli {

namespace {

const std::string kRule(60, '=');

struct Options {
  std::string config = "grinder.yaml";
  std::string symbol = "BTCUSDT";
  std::string venue;
  std::string chain = "connector";
  std::string strategy;
  std::string confirm;
  bool verbose = false;
};

void banner(const std::string& line) { std::cout << kRule << "\n" << line << "\n" << kRule << "\n"; }

[[noreturn]] void finish(int code, const std::string& line) {
  std::cout << "\n";
  banner(line);
  throw CLI::RuntimeError(code);
}

[[noreturn]] void bad_input(const std::string& msg) {
  std::cerr << "grinder smoke: " << msg << "\n";
  throw CLI::RuntimeError(2);
}

// A price with the tick's decimals, as the venue lists it.
std::string price_text(double price, double tick) {
  std::string t = plugin::format_decimal(tick);
  auto dot = t.find('.');
  int decimals = dot == std::string::npos ? 0 : static_cast<int>(t.size() - dot - 1);
  std::ostringstream o;
  o << std::fixed << std::setprecision(decimals) << price;
  return o.str();
}

std::string gate_list(const gates::Chain& chain) {
  std::string out;
  for (const auto& g : chain.gates()) out += (out.empty() ? "" : ", ") + g->id();
  return out;
}

// Plugin log lines go to stderr, apart from the smoke's own report, a whole
// line at a time (stderr_line.hpp: why not std::cerr).
plugin::LogSink stderr_sink(const std::string& venue, bool verbose) {
  auto mu = std::make_shared<std::mutex>();
  return [mu, venue, verbose](plugin::LogLevel level, std::string_view msg) {
    if (level == plugin::LogLevel::Debug && !verbose) return;
    static constexpr const char* names[] = {"debug", "info", "warning", "error"};
    std::string line = "[venue " + venue + "] " + names[static_cast<int>(level)] + ": ";
    line.append(msg);
    std::lock_guard<std::mutex> lock(*mu);
    write_stderr_line(line);
  };
}

struct Setup {
  config::Deployment deployment;
  gates::ChainSet chains;
  std::shared_ptr<const gates::Chain> chain;
  const config::ChainConfig* chain_config = nullptr;
  std::string venue_name;
  gates::GateContext ctx;
  std::string strategy;
};

Setup load(const Options& o) {
  Setup s;
  config::Diagnostics diags;
  config::EnvLookup env = config::process_env();
  auto d = config::load_deployment(o.config, diags);
  if (!d) {
    std::cerr << diags.render_text() << diags.size() << " error(s); nothing was loaded\n";
    throw CLI::RuntimeError(2);
  }
  s.deployment = std::move(*d);
  auto chains = gates::build_chains(s.deployment, policy_factory(), diags);
  if (!chains) {
    std::cerr << diags.render_text();
    throw CLI::RuntimeError(2);
  }
  s.chains = std::move(*chains);
  auto it = s.chains.find(o.chain);
  if (it == s.chains.end())
    bad_input("the deployment has no chain '" + o.chain +
              "': the LIVE_TRADE gates are a chain of their own (see examples/binance-usdm/chains.yaml)");
  s.chain = it->second;
  s.chain_config = &s.deployment.chains.at(o.chain);
  s.venue_name = !o.venue.empty() ? o.venue : s.deployment.reconcile.venue;
  ladder::LeverReading lever = config::read_lever(s.deployment.ladder, env);
  s.ctx = gates::stage_context(s.deployment, *lever.stage_index, 0, gates::capture_env(s.deployment, env));
  s.ctx.now_ms = wall_now_ms();
  s.strategy = !o.strategy.empty()                         ? o.strategy
               : !s.deployment.identity.strategies.empty() ? s.deployment.identity.strategies.front()
                                                           : "smoke";
  return s;
}

// The venue, created from the deployment (no connection yet), and whether
// it counts as configured for trading: loaded, created, with credentials.
struct VenueState {
  std::unique_ptr<plugin::Venue> venue;
  bool configured = false;
  std::string why_not;
};

VenueState open_venue(const Setup& s, bool verbose) {
  VenueState v;
  if (s.venue_name.empty() || !s.deployment.venues.count(s.venue_name)) {
    v.why_not = s.venue_name.empty() ? "the deployment has no venue" : "no venue named '" + s.venue_name + "'";
    return v;
  }
  auto made = plugin::make_venue(s.deployment, s.venue_name, stderr_sink(s.venue_name, verbose));
  if (!made) {
    v.why_not = made.error().message;
    return v;
  }
  v.venue = std::move(*made);
  bool credentials = false;
  for (const auto& [_, value] : s.deployment.venues.at(s.venue_name).credentials)
    credentials = credentials || !value.text.empty();
  v.configured = credentials || s.deployment.venues.at(s.venue_name).credentials.empty();
  if (!v.configured) v.why_not = "venue '" + s.venue_name + "' has empty credentials";
  return v;
}

gates::Action place_action(const Setup& s, const std::string& symbol, double price, double qty,
                           const std::string& coid) {
  gates::Action a;
  a.type = gates::ActionType::PlaceOrder;
  a.symbol = symbol;
  a.side = gates::Side::Buy;
  a.qty = qty;
  if (price > 0) a.price = price;
  a.client_order_id = coid;
  a.strategy = s.strategy;
  return a;
}

void print_denials(const gates::Decision& d, std::string_view action) {
  for (const auto& v : d.verdicts)
    if (!v.allow) std::cout << "FAIL: Blocked with: " << blocked_text(v, action) << "\n";
}

void dry_run(const Options& o, Setup& s) {
  std::cout << "\n## Dry-run mode: Testing gate checks only (nothing is sent)\n";
  gates::Action action = place_action(s, o.symbol, 0, 0.001, "");
  GateChecks checks = plan_gate_checks(*s.chain_config, s.ctx);
  bool passed = true;
  int n = 0;
  for (const auto& t : checks.trips) {
    std::cout << "\n### Gate " << ++n << ": " << t.gate << ": " << t.condition << " should block\n";
    gates::Decision d = s.chain->decide(action, t.ctx);
    const gates::GateVerdict* own = nullptr;
    std::vector<std::string> others;
    for (const auto& v : d.verdicts) {
      if (v.gate == t.gate)
        own = &v;
      else if (!v.allow)
        others.push_back(v.gate);
    }
    if (own && !own->allow && !d.allow && others.empty()) {
      std::cout << "PASS: Blocked with: " << blocked_text(*own, "place_order") << "\n";
    } else {
      passed = false;
      std::cout << "FAIL: " << (own && !own->allow ? "blocked, but other gates blocked too" : "did not block") << "\n";
    }
  }
  std::cout << "\n### All gates satisfied: should allow\n";
  gates::Decision all = s.chain->decide(action, checks.satisfied);
  if (all.allow) {
    std::cout << "PASS: Allowed by " << all.verdicts.size() << " gate(s): " << gate_list(*s.chain) << "\n";
  } else {
    passed = false;
    print_denials(all, "place_order");
  }
  for (const auto& g : checks.untested) std::cout << "NOTE: gate " << g << " is not exercised by the dry run\n";

  // What this environment would do with --confirm, without connecting.
  VenueState venue = open_venue(s, o.verbose);
  gates::GateContext here = s.ctx;
  here.venue_configured = venue.configured;
  gates::Decision now = s.chain->decide(action, here);
  std::cout << "\n## This environment\n";
  if (!venue.configured) std::cout << "  venue: " << venue.why_not << "\n";
  if (now.allow) {
    std::cout << "  LIVE_TRADE is ALLOWED: --confirm LIVE_TRADE would place a real order on venue " << s.venue_name
              << "\n";
  } else {
    std::cout << "  LIVE_TRADE is BLOCKED:\n";
    for (const auto& v : now.verdicts)
      if (!v.allow) std::cout << "    " << blocked_text(v, "place_order") << "\n";
  }
  if (!passed) finish(1, "DRY-RUN FAILED: a gate did not block as it should");
  finish(0, "DRY-RUN COMPLETE: All gate checks passed");
}

void live_run(const Options& o, Setup& s) {
  std::cout << "\n## LIVE_TRADE mode: a real order through the " << o.chain << " chain (" << gate_list(*s.chain)
            << ")\n";
  VenueState venue = open_venue(s, o.verbose);
  s.ctx.venue_configured = venue.configured;
  std::string coid = s.deployment.identity.prefix + s.strategy + "_smoke" + std::to_string(wall_now_ms());
  if (coid.size() > 36)
    bad_input("client order id " + coid + " is longer than 36 characters: shorten the prefix or strategy");

  // Nothing is read or sent before the gates allow a place_order at all.
  gates::Action probe = place_action(s, o.symbol, 0, 0, coid);
  gates::Decision pre = s.chain->decide(probe, s.ctx);
  if (!pre.allow) {
    if (!venue.configured) std::cout << "  venue: " << venue.why_not << "\n";
    std::cout << "\n### Blocked by the " << o.chain << " chain: nothing was sent\n";
    print_denials(pre, "place_order");
    finish(1, "SMOKE TEST FAILED: blocked by the gate chain");
  }
  if (!venue.venue) {
    std::cout << "FAIL: venue: " << venue.why_not << "\n";
    finish(1, "SMOKE TEST FAILED");
  }
  plugin::Venue& v = *venue.venue;
  auto fail = [&](const std::string& what, const plugin::VenueError& e) {
    std::cout << "FAIL: " << what << ": " << e.to_string() << "\n";
    finish(1, "SMOKE TEST FAILED");
  };
  if (auto c = v.connect(); !c) fail("connect", c.error());
  auto filters = v.filters(o.symbol);
  if (!filters) fail("filters " + o.symbol, filters.error());
  auto top = v.book_top(o.symbol);
  if (!top) fail("book_top " + o.symbol, top.error());

  const plugin::Filters& f = *filters;
  double price = plugin::floor_to_increment(top->bid * 0.5, f.tick_size);
  // Rounded UP to the step so that price * quantity meets the minimum notional.
  double steps = std::ceil(f.min_notional / price / f.step_size - 1e-9);
  double qty = plugin::round_to_increment(std::max(steps * f.step_size, f.min_qty), f.step_size);
  if (qty <= 0) qty = f.step_size;

  gates::Action action = place_action(s, o.symbol, price, qty, coid);
  s.ctx.now_ms = wall_now_ms();
  s.ctx.market.bid = top->bid;
  s.ctx.market.ask = top->ask;
  s.ctx.market.venue_ts_ms = top->venue_ts_ms;
  s.ctx.market.age_ms = std::max<std::int64_t>(0, s.ctx.now_ms - top->venue_ts_ms);
  s.ctx.min_notional = f.min_notional;

  std::cout << "\n## Placing order via " << s.venue_name << " (plugin " << v.info().name << " " << v.info().version
            << ")\n";
  std::cout << "  symbol: " << o.symbol << "\n  side: BUY\n";
  std::cout << "  price: " << price_text(price, f.tick_size) << " (50% below market, best bid "
            << price_text(top->bid, f.tick_size) << ")\n";
  std::cout << "  quantity: " << plugin::format_decimal(qty) << " (notional " << plugin::format_decimal(price * qty)
            << ", minimum " << plugin::format_decimal(f.min_notional) << ")\n";
  gates::Decision d = s.chain->decide(action, s.ctx);
  if (!d.allow) {
    std::cout << "\n### Blocked by the " << o.chain << " chain: nothing was sent\n";
    print_denials(d, "place_order");
    finish(1, "SMOKE TEST FAILED: blocked by the gate chain");
  }
  plugin::OrderRequest req;
  req.symbol = o.symbol;
  req.side = plugin::Side::Buy;
  req.type = plugin::OrderType::Limit;
  req.price = price;
  req.qty = qty;
  req.client_order_id = coid;
  auto placed = v.place(req);
  if (!placed) fail("place_order", placed.error());
  std::cout << "\n### Order placed!\n  order_id: " << placed->client_order_id
            << "\n  venue_order_id: " << placed->venue_order_id << "\n  status: " << plugin::to_string(placed->status)
            << "\n";
  if (!placed->is_open())
    std::cout << "WARNING: the order is " << plugin::to_string(placed->status) << ", not resting: check the position\n";

  std::cout << "\n## Cancelling order\n  order_id: " << coid << "\n";
  gates::Action cancel;
  cancel.type = gates::ActionType::CancelOrder;
  cancel.symbol = o.symbol;
  cancel.client_order_id = coid;
  cancel.orders.push_back({coid, o.symbol});
  cancel.strategy = s.strategy;
  gates::Decision dc = s.chain->decide(cancel, s.ctx);
  if (!dc.allow) {
    print_denials(dc, "cancel_order");
    std::cout << "FAIL: order " << coid << " is still open on the venue: cancel it by hand\n";
    finish(1, "SMOKE TEST FAILED");
  }
  if (auto c = v.cancel(o.symbol, coid); !c) {
    std::cout << "FAIL: order " << coid << " may still be open on the venue: cancel it by hand\n";
    fail("cancel_order", c.error());
  }
  // The cancel is confirmed by the venue's own list of open orders.
  bool gone = true;
  if (auto snap = v.snapshot({o.symbol}); snap && snap->orders_status.ok) {
    for (const auto& ord : snap->orders)
      if (ord.client_order_id == coid && ord.is_open()) gone = false;
  }
  std::cout << "\n### Order cancelled!\n  result: " << (gone ? "True" : "False") << "\n";
  if (!gone) finish(1, "SMOKE TEST FAILED: the order is still listed open");
  finish(0, "SMOKE TEST PASSED");
}

void run(const Options& o) {
  if (!o.confirm.empty() && o.confirm != "LIVE_TRADE")
    bad_input("--confirm must be exactly LIVE_TRADE (it places a real order)");
  Setup s = load(o);
  banner("LIVE_TRADE SMOKE TEST");
  std::cout << "deployment: " << s.deployment.name << " (" << s.deployment.root_file << ")\n";
  std::cout << "venue: " << (s.venue_name.empty() ? "(none)" : s.venue_name) << "\n";
  std::cout << "chain: " << o.chain << " (" << gate_list(*s.chain) << ")\n";
  if (o.confirm.empty()) dry_run(o, s);
  live_run(o, s);
}

}  // namespace

void register_smoke(CLI::App& app) {
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("smoke",
                                 "Runbook 17 LIVE_TRADE smoke: a dry run of the connector gates, or with --confirm "
                                 "LIVE_TRADE a real far-from-market order and its cancel; exit 0 passed, 1 failed");
  cmd->add_option("-c,--config", opts->config, "grinder.yaml or its folder")->capture_default_str();
  cmd->add_option("--symbol", opts->symbol, "Symbol to trade")->capture_default_str();
  cmd->add_option("--venue", opts->venue, "Venue of the deployment (default: reconcile's venue)");
  cmd->add_option("--chain", opts->chain, "The connector's gate chain")->capture_default_str();
  cmd->add_option("--strategy", opts->strategy, "Strategy id in the client order id (default: the first of identity)");
  cmd->add_option("--confirm", opts->confirm, "LIVE_TRADE: really place (and cancel) an order");
  cmd->add_flag("-v,--verbose", opts->verbose, "Show the plugin's debug log lines");
  cmd->callback([opts] { run(*opts); });
}

}  // namespace grinder::cli
