#include "budget_reading.hpp"

#include <chrono>
#include <cstdio>

#include "grinder/budget/ledger.hpp"
#include "grinder/budget/ledger_state.hpp"
#include "grinder/ha/etcd_client.hpp"
#include "grinder/ha/leader_elector.hpp"
#include "grinder/util/number.hpp"

namespace grinder::cli {

namespace {

BudgetReading read_file(const config::Deployment& d, const std::string& who, std::int64_t now) {
  budget::Ledger ledger(d.budget_state_path, who, now);
  BudgetReading r;
  r.location = d.budget_state_path;
  r.exists = ledger.existed();
  r.error = ledger.error();
  r.view = ledger.view(now);
  r.stale_warning = budget::stale_warning(ledger, d.budget_stale_hours, now);
  r.age_hours = ledger.age_hours(now);
  return r;
}

BudgetReading read_etcd(const config::Deployment& d, std::int64_t now) {
  BudgetReading r;
  r.shared = true;
  r.location = "etcd key " + ha::budget_key(d.ha);
  ha::EtcdClient client(d.ha.etcd, std::chrono::seconds(2));
  std::string why;
  auto got = client.get(ha::budget_key(d.ha), why);
  budget::LedgerState state;
  if (!got) {
    r.error = why;
  } else if (*got) {
    r.exists = true;
    auto parsed = budget::parse_ledger_json((*got)->value, why);
    if (parsed)
      state = *parsed;
    else
      r.error = "budget state in " + r.location + " is corrupt: " + why;
  }
  if (r.exists && r.error.empty() && state.updated_ms > 0) {
    r.age_hours = static_cast<double>(now - state.updated_ms) / 3'600'000.0;
    if (*r.age_hours > d.budget_stale_hours) {
      char age[32];
      std::snprintf(age, sizeof age, "%.1f", *r.age_hours);
      r.stale_warning = "WARNING: Budget state is stale (" + std::string(age) +
                        "h old, threshold=" + util::format_number(d.budget_stale_hours) + "h) in " + r.location +
                        "; consider starting the leader with --reset-budget-state.";
    }
  }
  r.view = budget::view_of(budget::rolled_to_day(state, now), r.error);
  return r;
}

}  // namespace

BudgetReading read_budget(const config::Deployment& d, const std::string& who, std::int64_t now_ms) {
  return d.ha.enabled ? read_etcd(d, now_ms) : read_file(d, who, now_ms);
}

}  // namespace grinder::cli
