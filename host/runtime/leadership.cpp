// Who may execute (Runbook 17 section 4). On a single host the state folder's
// lock already makes this instance the only one: it is always the leader and
// spends from the file ledger. With `ha:` the instances of an account scope
// elect a leader through etcd; a standby observes, plans and judges like the
// leader, and the `leader` gate blocks everything it would send. The budget
// then lives in etcd, so a new leader continues from what the old one spent.
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "grinder/ha/etcd_budget_account.hpp"
#include "grinder/util/json_escape.hpp"
#include "runtime_impl.hpp"

namespace grinder::runtime {

namespace {

std::string default_instance_name() {
  char host[256] = {0};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host[0] ? host : "unknown-host") + ":" + std::to_string(::getpid());
}

// Each etcd call gets a slice of the TTL, so a hung etcd costs at most a
// fraction of the lease before the next renewal is tried.
std::chrono::milliseconds etcd_timeout(int lease_ttl_s) {
  return std::chrono::milliseconds(std::clamp<std::int64_t>(lease_ttl_s * 1000LL / 4, 200, 1000));
}

bool same_scope(const config::HaConfig& a, const config::HaConfig& b) {
  if (a.enabled != b.enabled || a.scope != b.scope || a.key_prefix != b.key_prefix || a.lease_ttl_s != b.lease_ttl_s ||
      a.instance != b.instance || a.etcd.size() != b.etcd.size())
    return false;
  for (std::size_t i = 0; i < a.etcd.size(); ++i)
    if (a.etcd[i].url != b.etcd[i].url) return false;
  return true;
}

}  // namespace

bool Runtime::Impl::start_leadership(const config::Deployment& d) {
  ha_config = d.ha;
  metrics->ha_enabled->Set(d.ha.enabled ? 1 : 0);
  if (!d.ha.enabled) {
    note_role_metrics();
    return true;
  }
  etcd = std::make_shared<ha::EtcdClient>(d.ha.etcd, etcd_timeout(d.ha.lease_ttl_s));
  std::string instance = d.ha.instance.empty() ? default_instance_name() : d.ha.instance;
  elector = std::make_unique<ha::LeaderElector>(d.ha, etcd, instance, run_id, [this](const ha::RoleChange& c) {
    boost::asio::post(io, [this, c] { on_role_change(c); });
  });
  std::string endpoints;
  for (const auto& e : d.ha.etcd) endpoints += (endpoints.empty() ? "" : ",") + e.url;
  log("ha: scope " + d.ha.scope + " key " + elector->key() + " etcd " + endpoints +
      " lease_ttl_s=" + std::to_string(d.ha.lease_ttl_s) + " as " + elector->identity() + "; standby until elected");
  note_role_metrics();
  return true;
}

bool Runtime::Impl::open_budget(const config::Deployment& d) {
  std::string why;
  if (!elector) {
    auto file = std::make_unique<budget::FileAccount>(
        std::make_unique<budget::Ledger>(d.budget_state_path, run_id, started_ms));
    if (opts.reset_budget_state) {
      if (!file->ledger().reset(started_ms, why)) {
        std::cerr << "grinder run: cannot reset budget state: " << why << "\n";
        return false;
      }
      log("budget_state_reset=1 path=" + d.budget_state_path);
    } else {
      std::string warning = budget::stale_warning(file->ledger(), d.budget_stale_hours, started_ms);
      if (!warning.empty()) log(warning);
      if (!file->error().empty()) log("ERROR " + file->error());
    }
    ledger = std::move(file);
    return true;
  }
  auto shared = std::make_unique<ha::EtcdBudgetAccount>(
      etcd, *elector, ha::budget_key(d.ha), run_id,
      [this](std::function<void()> task) { boost::asio::post(io, std::move(task)); });
  if (opts.reset_budget_state) {
    if (!shared->reset(started_ms, why)) {
      std::cerr << "grinder run: cannot reset budget state in etcd key " << ha::budget_key(d.ha) << ": " << why << "\n";
      return false;
    }
    log("budget_state_reset=1 key=" + ha::budget_key(d.ha));
  }
  log("budget: shared by scope " + d.ha.scope + " in etcd key " + ha::budget_key(d.ha) + " (" + d.budget_state_path +
      " is not used)");
  shared->refresh();
  ledger = std::move(shared);
  return true;
}

void Runtime::Impl::on_role_change(const ha::RoleChange& change) {
  if (stopping) return;
  const char* role = ha::to_string(change.role);
  log(std::string("ha: now ") + role + " of " + ha_config.scope + ": " + change.reason);
  metrics->ha_role_changes->Increment();
  note_role_metrics();
  audit_event(audit::Event("HA_ROLE_CHANGED", wall_ms())
                  .field("scope", ha_config.scope)
                  .field("role", role)
                  .field("reason", change.reason));
  // A new leader spends from what the old one left: read it now rather than
  // at the next cycle.
  if (change.role == ha::Role::Leader) ledger->refresh();
}

void Runtime::Impl::resign() {
  if (!elector) return;
  bool was_leader = elector->is_leader();
  elector->stop();  // standby first, then the lease is revoked: the key goes with it
  note_role_metrics();
  if (was_leader) {
    log("ha: resigned leadership of " + ha_config.scope + " (lease revoked)");
    audit_event(audit::Event("HA_ROLE_CHANGED", wall_ms())
                    .field("scope", ha_config.scope)
                    .field("role", "standby")
                    .field("reason", "stopping: lease revoked"));
  }
}

void Runtime::Impl::check_ha_unchanged(const config::Deployment& d) {
  if (!same_scope(d.ha, ha_config))
    log("ha: the ha section changed; this instance keeps scope " +
        (ha_config.enabled ? ha_config.scope : std::string("(none: single host)")) + " until it is restarted");
}

bool Runtime::Impl::is_leader() const { return !elector || elector->is_leader(); }

void Runtime::Impl::note_role_metrics() {
  bool leader = is_leader();
  metrics->ha_is_leader->Set(leader ? 1 : 0);
  metrics->ha_role_leader->Set(leader ? 1 : 0);
  metrics->ha_role_standby->Set(leader ? 0 : 1);
}

std::string Runtime::Impl::ha_json() {
  if (!elector) return "{\"enabled\":false,\"role\":\"leader\"}";
  ha::ElectionStatus st = elector->status();
  std::string budget_error;
  if (auto* shared = dynamic_cast<ha::EtcdBudgetAccount*>(ledger.get())) budget_error = shared->last_error();
  return "{\"enabled\":true,\"role\":" + util::json_quote(ha::to_string(st.role)) +
         ",\"scope\":" + util::json_quote(st.scope) + ",\"key\":" + util::json_quote(st.key) +
         ",\"instance\":" + util::json_quote(elector->identity()) + ",\"holder\":" + util::json_quote(st.holder) +
         ",\"reason\":" + util::json_quote(st.reason) + ",\"since_ms\":" + std::to_string(st.since_ms) +
         ",\"lease_ttl_s\":" + std::to_string(st.lease_ttl_s) + ",\"etcd_error\":" + util::json_quote(st.last_error) +
         ",\"budget_key\":" + util::json_quote(ha::budget_key(ha_config)) +
         ",\"budget_etcd_error\":" + util::json_quote(budget_error) + "}";
}

}  // namespace grinder::runtime
