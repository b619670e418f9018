#include "decision_floor.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace grinder::bench {

namespace {

// stages/runbook22/ladder.yaml, ACTIVE, with graduation week1 laid over it.
constexpr std::string_view kSymbol = "BTCUSDT";
constexpr std::string_view kOwnPrefix = "grinder_1_";
constexpr long kMaxCallsPerRun = 3, kMaxCallsPerDay = 20, kMaxOrders = 1, kMaxSymbols = 1;
constexpr double kMaxNotionalRun = 200, kMaxNotionalDay = 1000, kFlattenMax = 100;
constexpr std::int64_t kCooldownMs = 300'000, kMaxAgeMs = 3000;
constexpr double kMaxDrawdownPct = 5, kMaxActionsPerHour = 10;

bool own(std::string_view id) { return id.substr(0, kOwnPrefix.size()) == kOwnPrefix && id.size() > kOwnPrefix.size(); }

double reference_price(const gates::Action& a, const gates::GateContext& c, bool& known) {
  known = true;
  if (a.price) return *a.price;
  if (a.side == gates::Side::Buy && c.market.ask) return *c.market.ask;
  if (a.side == gates::Side::Sell && c.market.bid) return *c.market.bid;
  if (c.market.bid && c.market.ask) return (*c.market.bid + *c.market.ask) / 2;
  known = false;
  return 0;
}

}  // namespace

bool floor_decide(const gates::Action& a, const gates::GateContext& c, FloorDecision& out) {
  using gates::ActionType;
  const bool cancel = a.type == ActionType::CancelAll || a.type == ActionType::CancelOrder;
  const bool places = a.type == ActionType::PlaceOrder || a.type == ActionType::ReplaceOrder;
  bool known = false;
  const double price = reference_price(a, c, known);
  const double notional = cancel ? 0 : a.qty * price;

  bool symbols_ok = a.symbol == kSymbol, ids_ok = a.client_order_id.empty() || own(a.client_order_id);
  bool one_symbol = true;
  for (const auto& o : a.orders) {
    symbols_ok = symbols_ok && (o.symbol.empty() || o.symbol == kSymbol);
    ids_ok = ids_ok && own(o.client_order_id);
    one_symbol = one_symbol && (o.symbol.empty() || o.symbol == a.symbol);
  }
  const long orders = a.type == ActionType::CancelAll ? static_cast<long>(a.orders.size())
                                                      : std::max<long>(1, static_cast<long>(a.orders.size()));
  static const std::string kMainnetVar = "ALLOW_MAINNET_TRADE";  // built once: the map takes a std::string
  auto env = c.env.find(kMainnetVar);
  const auto& b = c.budget;

  auto& r = out.reasons;
  r[0] = a.type == ActionType::CancelAll ? nullptr : "action_not_in_stage";
  r[1] = c.kill_switch && a.adds_risk() ? "kill_switch_active" : nullptr;
  r[2] = c.flags.dry_run ? "dry_run" : nullptr;
  r[3] = c.flags.allow_active_remediation ? nullptr : "not_allowed";
  r[4] = c.flags.armed ? nullptr : "not_armed";
  r[5] = env != c.env.end() && env->second == "1" ? nullptr : "env_var_missing";
  r[6] = symbols_ok ? nullptr : "symbol_not_allowed";
  r[7] = ids_ok ? nullptr : "foreign_order";
  r[8] = orders <= kMaxOrders ? nullptr : "max_orders_per_action";
  r[9] = one_symbol || kMaxSymbols > 1 ? nullptr : "max_symbols_per_action";
  r[10] = !c.last_action_ms || c.now_ms - *c.last_action_ms >= kCooldownMs ? nullptr : "cooldown";
  r[11] = (a.type == ActionType::Flatten || (places && !a.price)) && !known ? "price_unknown" : nullptr;
  r[12] = a.type != ActionType::Flatten || (known && notional <= kFlattenMax) ? nullptr : "flatten_notional_cap";
  r[13] = !b.error.empty()                                  ? "budget_state_error"
          : (!cancel && !known)                             ? "budget_notional_run"
          : b.calls_run + 1 > kMaxCallsPerRun               ? "budget_calls_run"
          : b.calls_day + 1 > kMaxCallsPerDay               ? "budget_calls_day"
          : b.notional_run + notional > kMaxNotionalRun     ? "budget_notional_run"
          : b.notional_day + notional > kMaxNotionalDay     ? "budget_notional_day"
                                                            : nullptr;
  r[14] = c.circuit_open ? "circuit_open" : nullptr;
  r[15] = c.leader ? nullptr : "not_leader";
  r[16] = c.market.age_ms && *c.market.age_ms <= kMaxAgeMs ? nullptr : "market_data:stale";
  r[17] = c.drawdown_pct >= kMaxDrawdownPct ? "max_drawdown" : nullptr;
  r[18] = c.actions_last_hour + 1 > kMaxActionsPerHour ? "actions_per_hour" : nullptr;

  bool allow = true;
  for (const char* reason : r) allow = allow && reason == nullptr;
  out.allow = allow;
  return allow;
}

void fill_envelope(const gates::Action& a, const gates::GateContext& c, const FloorDecision& f, gates::Decision& out) {
  static constexpr const char* kGates[kFloorChecks] = {
      "action_in_stage", "kill_switch", "dry_run", "allow_active_remediation", "armed", "env_flag",
      "symbol_allowlist", "identity", "max_orders_per_action", "max_symbols_per_action", "cooldown",
      "price_known", "flatten_notional", "budget", "circuit_breaker", "leader",
      "policy:stale_market_data", "policy:max_drawdown", "policy:max_actions_per_hour"};
  if (out.verdicts.size() != static_cast<std::size_t>(kFloorChecks)) {
    out.chain = "remediation";
    out.verdicts.resize(kFloorChecks);
    for (int i = 0; i < kFloorChecks; ++i) {
      out.verdicts[static_cast<std::size_t>(i)].gate = kGates[i];
      out.verdicts[static_cast<std::size_t>(i)].kind = i < 16 ? "builtin" : "policy";
    }
  }
  out.action = a;
  out.stage = c.stage->name;
  out.generation = c.generation;
  out.ts_ms = c.now_ms;
  for (std::size_t i = 0; i < static_cast<std::size_t>(kFloorChecks); ++i) {
    gates::GateVerdict& v = out.verdicts[i];
    v.allow = f.reasons[i] == nullptr;
    if (v.allow)
      v.reason.clear();
    else
      v.reason = f.reasons[i];
    v.detail.clear();
  }
  out.allow = f.allow;
}

}  // namespace grinder::bench
