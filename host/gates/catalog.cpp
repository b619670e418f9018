#include "grinder/gates/catalog.hpp"

namespace grinder::gates {

namespace {
const char* const kNoParams = R"({"type":"object","additionalProperties":false,"properties":{}})";
}

const std::vector<GateSpec>& builtin_gates() {
  static const std::vector<GateSpec> specs = {
      {"action_in_stage", {"action_not_in_stage"}, "the current stage may plan this action type", kNoParams},
      {"dry_run", {"dry_run"}, "the stage executes (derived dry_run is false)", kNoParams},
      {"allow_active_remediation", {"not_allowed"}, "the stage allows active remediation", kNoParams},
      {"armed", {"not_armed"}, "the stage is armed (derived from execute)", kNoParams},
      {"connector_mode",
       {"mode_not_live_trade"},
       "the connector mode env var says LIVE_TRADE",
       R"({"type":"object","additionalProperties":false,"properties":{
            "var":{"type":"string","minLength":1},"required":{"type":"string","minLength":1}}})"},
      {"env_flag",
       {"env_var_missing"},
       "an environment variable has the required value (ALLOW_MAINNET_TRADE=1, LIVE_TRADING=true, ...)",
       R"({"type":"object","additionalProperties":false,"required":["var"],"properties":{
            "var":{"type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_]*$"},
            "equals":{"type":["string","integer","boolean"]},
            "reason":{"type":"string","pattern":"^[a-z][a-z0-9_:]*$"},
            "applies_to":{"enum":["all","risk_increasing"]}}})"},
      {"safe_mode",
       {"safe_mode"},
       "safe mode is off; when on, every action is denied (observation only)",
       R"({"type":"object","additionalProperties":false,"properties":{"var":{"type":"string","minLength":1}}})"},
      {"kill_switch", {"kill_switch_active"}, "the kill switch latch is not tripped, or the action reduces risk", kNoParams},
      {"symbol_allowlist",
       {"symbol_not_allowed"},
       "the symbol is in the allowlist (the effective limits' symbols unless given)",
       R"({"type":"object","additionalProperties":false,"properties":{
            "symbols":{"anyOf":[{"type":"array","items":{"type":"string"}},{"type":"string"}]}}})"},
      {"identity",
       {"foreign_order"},
       "orders the action touches carry grinder's prefix and an allowed strategy",
       R"({"type":"object","additionalProperties":false,"properties":{
            "prefix":{"type":"string","minLength":1},
            "strategies":{"type":"array","items":{"type":["string","integer"]}}}})"},
      {"cooldown",
       {"cooldown"},
       "the symbol's last executed action is older than the cooldown",
       R"({"type":"object","additionalProperties":false,"properties":{"seconds":{"type":"number","minimum":0}}})"},
      {"max_orders_per_action",
       {"max_orders_per_action"},
       "the action touches at most N orders",
       R"({"type":"object","additionalProperties":false,"properties":{"max":{"type":"integer","minimum":0}}})"},
      {"max_symbols_per_action",
       {"max_symbols_per_action"},
       "the action touches at most N symbols",
       R"({"type":"object","additionalProperties":false,"properties":{"max":{"type":"integer","minimum":0}}})"},
      {"max_notional_per_order",
       {"max_notional_per_order"},
       "an order's notional is at most the cap",
       R"({"type":"object","additionalProperties":false,"properties":{"max":{"type":"number","minimum":0}}})"},
      {"min_notional",
       {"min_notional"},
       "an order's notional meets the venue minimum (or the configured one)",
       R"({"type":"object","additionalProperties":false,"properties":{"min":{"type":"number","minimum":0}}})"},
      {"flatten_notional",
       {"flatten_notional_cap"},
       "a flatten's notional is at most the per-call cap",
       R"({"type":"object","additionalProperties":false,"properties":{"max":{"type":"number","minimum":0}}})"},
      {"price_known", {"price_unknown"}, "a price is known for actions whose notional depends on it", kNoParams},
      {"budget",
       {"budget_calls_run", "budget_calls_day", "budget_notional_run", "budget_notional_day"},
       "per-run and per-day call and notional budgets have room",
       kNoParams},
      {"market_data_fresh",
       {"market_data:stale"},
       "market data is younger than max_age_ms",
       R"({"type":"object","additionalProperties":false,"properties":{"max_age_ms":{"type":"integer","minimum":1}}})"},
      {"circuit_breaker", {"circuit_open"}, "the venue's circuit breaker is closed", kNoParams},
      {"leader", {"not_leader"}, "this instance is the leader (HA) or runs alone", kNoParams},
      {"venue_configured", {"venue_not_configured"}, "a venue is configured and loaded", kNoParams},
  };
  return specs;
}

const GateSpec* find_builtin_gate(std::string_view name) {
  for (const auto& s : builtin_gates())
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace grinder::gates
