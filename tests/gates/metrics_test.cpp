#include <catch2/catch.hpp>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "grinder/gates/decision.hpp"
#include "grinder/metrics/gate_metrics.hpp"

using namespace grinder;

static std::string scrape(prometheus::Registry& r) {
  prometheus::TextSerializer s;
  return s.Serialize(r.Collect());
}

TEST_CASE("gate metrics use the runbooks' names and count every denying gate", "[metrics]") {
  auto reg = std::make_shared<prometheus::Registry>();
  metrics::GateMetrics m(reg);
  gates::Decision d;
  d.verdicts = {{"dry_run", "builtin", false, "dry_run", ""},
                {"env_flag", "builtin", false, "env_var_missing", ""},
                {"kill_switch", "builtin", false, "kill_switch_active", ""},
                {"armed", "builtin", true, "", ""}};
  m.planned("cancel_all");
  m.blocked(d);
  m.blocked(d);
  m.executed("cancel_all");
  m.budget_remaining(17, 850);
  m.kill_switch(true);
  CHECK(m.blocked_count("dry_run") == 2);
  CHECK(m.blocked_count("env_var_missing") == 2);
  CHECK(m.planned_count("cancel_all") == 1);
  std::string text = scrape(*reg);
  CHECK(text.find("grinder_reconcile_action_blocked_total{reason=\"dry_run\"} 2") != std::string::npos);
  CHECK(text.find("grinder_reconcile_action_blocked_total{reason=\"env_var_missing\"} 2") != std::string::npos);
  CHECK(text.find("grinder_reconcile_action_planned_total{action=\"cancel_all\"} 1") != std::string::npos);
  CHECK(text.find("grinder_reconcile_action_executed_total{action=\"cancel_all\"} 1") != std::string::npos);
  CHECK(text.find("grinder_reconcile_action_executed_total{action=\"flatten\"} 0") != std::string::npos);
  CHECK(text.find("reason=\"KILL_SWITCH_ACTIVE\"") != std::string::npos);
  CHECK(text.find("grinder_gating_blocked_total{gate=\"dry_run\",reason=\"dry_run\"} 2") != std::string::npos);
  CHECK(text.find("grinder_reconcile_budget_calls_remaining_day 17") != std::string::npos);
  CHECK(text.find("grinder_reconcile_budget_notional_remaining_day 850") != std::string::npos);
  CHECK(text.find("grinder_kill_switch_triggered 1") != std::string::npos);
}

TEST_CASE("gate metrics: repeated counts reuse their series, any action name counts", "[metrics]") {
  auto reg = std::make_shared<prometheus::Registry>();
  metrics::GateMetrics m(reg);
  gates::Decision d;
  d.verdicts = {{"env_flag", "builtin", false, "env_var_missing", ""},
                {"live_trading", "builtin", false, "env_var_missing", ""},
                {"kill_switch", "builtin", false, "kill_switch_active", ""}};
  for (int i = 0; i < 3; ++i) {
    m.planned("cancel_all");
    m.planned("rebalance");  // not an action type: counted all the same
    m.executed("flatten");
    m.blocked(d);
  }
  CHECK(m.planned_count("cancel_all") == 3);
  CHECK(m.planned_count("rebalance") == 3);
  CHECK(m.executed_count("flatten") == 3);
  CHECK(m.blocked_count("env_var_missing") == 6);  // two gates, one reason
  std::string text = scrape(*reg);
  CHECK(text.find("grinder_gating_blocked_total{gate=\"env_flag\",reason=\"env_var_missing\"} 3") != std::string::npos);
  CHECK(text.find("grinder_gating_blocked_total{gate=\"live_trading\",reason=\"env_var_missing\"} 3") != std::string::npos);
  CHECK(text.find("grinder_gating_blocked_total{gate=\"kill_switch\",reason=\"KILL_SWITCH_ACTIVE\"} 3") != std::string::npos);
  CHECK(text.find("grinder_reconcile_action_planned_total{action=\"rebalance\"} 3") != std::string::npos);
  // Nothing is counted before it happens: no place_order series yet.
  CHECK(text.find("action=\"place_order\"") == std::string::npos);
}

TEST_CASE("gate metrics: a verdict slot that denies with another reason or gate counts where it now belongs",
          "[metrics]") {
  auto reg = std::make_shared<prometheus::Registry>();
  metrics::GateMetrics m(reg);
  gates::Decision d;
  d.verdicts = {{"budget", "builtin", false, "budget_calls_day", ""}, {"armed", "builtin", true, "", ""}};
  m.blocked(d);
  d.verdicts[0].reason = "budget_notional_day";  // same slot, same gate, another reason
  m.blocked(d);
  m.blocked(d);
  d.verdicts[0].gate = "other_budget";  // same slot and reason, another gate
  m.blocked(d);
  d.verdicts[1].allow = false;  // a slot that allowed until now
  d.verdicts[1].reason = "not_armed";
  m.blocked(d);
  gates::Decision longer = d;  // a longer chain than any before
  longer.verdicts.push_back({"kill_switch", "builtin", false, "kill_switch_active", ""});
  m.blocked(longer);
  CHECK(m.blocked_count("budget_calls_day") == 1);
  CHECK(m.blocked_count("budget_notional_day") == 5);
  CHECK(m.blocked_count("not_armed") == 2);
  CHECK(m.blocked_count("kill_switch_active") == 1);
  const std::string text = scrape(*reg);
  CHECK(text.find("grinder_gating_blocked_total{gate=\"budget\",reason=\"budget_notional_day\"} 2") != std::string::npos);
  CHECK(text.find("grinder_gating_blocked_total{gate=\"other_budget\",reason=\"budget_notional_day\"} 3") !=
        std::string::npos);
  CHECK(text.find("grinder_gating_blocked_total{gate=\"armed\",reason=\"not_armed\"} 2") != std::string::npos);
}
