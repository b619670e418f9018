// A denying decision into a reused Decision allocates nothing once the
// Decision has been used, and says word for word what a fresh one says.
//
// This binary replaces the global operator new to count allocations, which
// is why the test has a binary of its own.
#include <atomic>
#include <cstdlib>
#include <new>

#include "gate_fixture.hpp"

namespace {

std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};

void* counted(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n ? n : 1);
}

// Out of line: inlined into library code that allocated with operator new,
// a bare free() would look mismatched to the compiler (-Wmismatched-new-delete).
[[gnu::noinline]] void release(void* p) noexcept { std::free(p); }

// The allocations made while `f` runs.
template <class F>
long allocations_in(F&& f) {
  g_allocations.store(0);
  g_counting.store(true);
  f();
  g_counting.store(false);
  return g_allocations.load();
}

}  // namespace

void* operator new(std::size_t n) {
  if (void* p = counted(n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  if (void* p = counted(n)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return counted(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return counted(n); }
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }

using namespace grinder;
using namespace grinder::test;

namespace {

// Built-in gates whose denials between them write every kind of detail part:
// text, integers, doubles, a list, one clause per exceeded budget limit.
gates::Chain denying_chain() {
  std::vector<gates::GatePtr> g;
  for (const char* name : {"action_in_stage", "dry_run", "allow_active_remediation", "armed", "kill_switch",
                           "connector_mode", "safe_mode", "symbol_allowlist", "identity", "max_orders_per_action",
                           "max_symbols_per_action", "cooldown", "max_notional_per_order", "min_notional",
                           "price_known", "budget", "market_data_fresh", "circuit_breaker", "leader",
                           "venue_configured"})
    g.push_back(make_gate(name));
  g.push_back(make_gate("env_flag", "{ var: ALLOW_MAINNET_TRADE, equals: \"1\" }"));
  g.push_back(make_gate("env_flag", "{ var: LIVE_TRADING, equals: \"true\", reason: live_trading_disabled }"));
  g.push_back(make_gate("env_flag", "{ var: MY_API_SECRET, equals: x }"));
  return gates::Chain("denying", std::move(g));
}

gates::Action order() { return place(0.0023, 65000.5); }

// Where every gate of denying_chain() allows order().
struct Allowing : OpenContext {
  Allowing() {
    ctx.env["GRINDER_CONNECTOR_MODE"] = "LIVE_TRADE";
    ctx.env["LIVE_TRADING"] = "true";
    ctx.env["MY_API_SECRET"] = "x";
  }
};

// Where most of them deny it, with numbers in their details.
struct Denying : OpenContext {
  ladder::Stage staging = stage("STAGING", {"cancel_all", "flatten"}, false);
  Denying() {
    ctx.stage = &staging;
    ctx.flags = staging.flags();
    ctx.limits.symbols = std::vector<std::string>{"ETHUSDT"};
    ctx.limits.max_orders_per_action = 0;
    ctx.limits.max_symbols_per_action = 0;
    ctx.limits.cooldown_seconds = 30;
    ctx.limits.max_notional_per_order = 100.5;
    ctx.last_action_ms = ctx.now_ms - 12345;
    ctx.budget.calls_run = 3;
    ctx.budget.notional_run = 150.25;
    ctx.budget.notional_day = 990.1;
    ctx.env = {{"SAFE_MODE", "yes"}, {"LIVE_TRADING", "false"}, {"MY_API_SECRET", "hunter2"}};
    ctx.identity_prefix = "bot_";
    ctx.market.age_ms = 25000;
    ctx.min_notional = 1000;
    ctx.kill_switch = true;
    ctx.circuit_open = true;
    ctx.leader = false;
    ctx.venue_configured = false;
  }
};

}  // namespace

TEST_CASE("a denying decision into a reused Decision allocates nothing", "[chain][reuse][alloc]") {
  const gates::Chain chain = denying_chain();
  const gates::Action a = order();
  Allowing allowing;
  Denying denying;

  gates::Decision reused;
  chain.decide(a, denying.ctx, reused);  // warm-up: the slots grow to their text
  chain.decide(a, allowing.ctx, reused);
  REQUIRE_FALSE(chain.decide(a, denying.ctx).allow);
  REQUIRE(chain.decide(a, allowing.ctx).allow);

  bool every_verdict_right = true;
  const long denying_allocations = allocations_in([&] {
    for (int i = 0; i < 100; ++i) {
      chain.decide(a, denying.ctx, reused);
      every_verdict_right = every_verdict_right && !reused.allow;
    }
  });
  // An allowing decision in between clears the text but keeps the buffers.
  const long alternating_allocations = allocations_in([&] {
    for (int i = 0; i < 100; ++i) {
      chain.decide(a, allowing.ctx, reused);
      every_verdict_right = every_verdict_right && reused.allow;
      chain.decide(a, denying.ctx, reused);
      every_verdict_right = every_verdict_right && !reused.allow;
    }
  });
  CHECK(every_verdict_right);
  CHECK(denying_allocations == 0);
  CHECK(alternating_allocations == 0);
  CHECK(reused.to_json() == chain.decide(a, denying.ctx).to_json());
}

TEST_CASE("every denial keeps its reason and detail, byte for byte", "[chain][reuse]") {
  const gates::Chain chain = denying_chain();
  Denying denying;
  gates::Decision d;
  chain.decide(order(), denying.ctx, d);
  chain.decide(order(), Allowing().ctx, d);  // leaves empty slots with buffers behind
  chain.decide(order(), denying.ctx, d);

  std::vector<std::string> got;
  for (const auto& v : d.verdicts)
    got.push_back(v.gate + (v.allow ? " ALLOW" : " DENY " + v.reason + " | " + v.detail));
  const std::vector<std::string> expected = {
      "action_in_stage DENY action_not_in_stage | stage=STAGING plans=[cancel_all,flatten] action=place_order",
      "dry_run DENY dry_run | stage=STAGING does not execute (dry_run=true)",
      "allow_active_remediation ALLOW",
      "armed DENY not_armed | stage=STAGING armed=false",
      "kill_switch DENY kill_switch_active | kill switch tripped: only risk-reducing actions pass",
      "connector_mode DENY mode_not_live_trade | Cannot place_order: GRINDER_CONNECTOR_MODE=READ_ONLY (need LIVE_TRADE)",
      "safe_mode DENY safe_mode | SAFE_MODE=yes: observe only",
      "symbol_allowlist DENY symbol_not_allowed | symbol=BTCUSDT not in allowlist",
      "identity DENY foreign_order | client_order_id=grinder_1_new is not bot_<strategy>_...",
      "max_orders_per_action DENY max_orders_per_action | max_orders_per_action: limit=0 action=1",
      "max_symbols_per_action DENY max_symbols_per_action | max_symbols_per_action: limit=0 action=1",
      "cooldown DENY cooldown | cooldown=30s elapsed=12.3s",
      "max_notional_per_order DENY max_notional_per_order | limit=100.5 action=149.50115",
      "min_notional DENY min_notional | min=1000 action=149.50115",
      "price_known ALLOW",
      "budget DENY budget_calls_run | budget_calls_run: limit=3 used=3 action=1; budget_notional_run: limit=200 "
      "used=150.25 action=149.50115; budget_notional_day: limit=1000 used=990.1 action=149.50115",
      "market_data_fresh DENY market_data:stale | age_ms=25000 max_age_ms=10000",
      "circuit_breaker DENY circuit_open | venue circuit breaker is open",
      "leader DENY not_leader | this instance is a standby; only the leader executes",
      "venue_configured DENY venue_not_configured | Cannot place_order: venue not configured",
      "env_flag DENY env_var_missing | ALLOW_MAINNET_TRADE=1 not set (ALLOW_MAINNET_TRADE is not set)",
      "env_flag DENY live_trading_disabled | LIVE_TRADING=true not set (LIVE_TRADING=false)",
      "env_flag DENY env_var_missing | MY_API_SECRET=x not set (MY_API_SECRET is set)",
  };
  CHECK(got == expected);
}
