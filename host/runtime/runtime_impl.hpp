#pragma once
// Internal to host/runtime: the state of a running instance, shared by the
// files that make up the loop (startup, reconcile cycle, execution,
// endpoints). Everything here is touched on the loop thread only, except
// what the venue worker and the config watcher hand back through post().
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <set>
#include <string>

#include "grinder/artifacts/run_dir.hpp"
#include "grinder/audit/audit_log.hpp"
#include "grinder/budget/account.hpp"
#include "grinder/gates/decision.hpp"
#include "grinder/ha/etcd_client.hpp"
#include "grinder/ha/leader_elector.hpp"
#include "grinder/metrics/gate_metrics.hpp"
#include "grinder/plugin/venue.hpp"
#include "grinder/reconcile/diff.hpp"
#include "grinder/reload/holder.hpp"
#include "grinder/reload/watcher.hpp"
#include "grinder/runtime/http_server.hpp"
#include "grinder/runtime/runtime.hpp"
#include "grinder/runtime/runtime_metrics.hpp"
#include "grinder/runtime/venue_worker.hpp"
#include "grinder/safety/circuit_breaker.hpp"
#include "grinder/safety/cooldown.hpp"
#include "grinder/safety/instance_lock.hpp"
#include "grinder/safety/kill_switch.hpp"

namespace grinder::runtime {

std::int64_t wall_ms();
std::int64_t steady_ms();

// What one reconcile cycle read from the venue, on the worker thread.
struct CycleData {
  plugin::Result<plugin::Snapshot> snapshot{plugin::VenueError{plugin::ErrorClass::Retryable, 0, "not read"}};
  std::map<std::string, plugin::Result<plugin::BookTop>> books;
  std::map<std::string, plugin::Result<plugin::Filters>> filters;
  std::int64_t read_ms = 0;
};

struct Runtime::Impl {
  explicit Impl(RunOptions o);

  // startup.cpp
  int start();
  void shutdown();
  void log(const std::string& line);

  // cycle.cpp
  void schedule_cycle(std::int64_t delay_ms);
  void on_cycle_timer();
  void on_cycle_data(CycleData data);
  void remediate(const std::shared_ptr<const reload::Generation>& gen, const gates::Action& action,
                 const plugin::Snapshot& snapshot, std::int64_t now);
  void block_remediation(gates::Decision& decision, std::int64_t now, const std::string& extra_reason,
                         const std::string& detail);
  void on_reserved(const std::shared_ptr<const reload::Generation>& gen, gates::Decision decision,
                   std::vector<std::string> foreign, std::int64_t now, const budget::Reservation& r);
  void shadow_evaluate(const std::shared_ptr<const reload::Generation>& gen, const gates::Action& action,
                       const plugin::Snapshot& snapshot, std::int64_t now);
  gates::GateContext context_for(const reload::Generation& gen, const std::string& symbol,
                                 const plugin::Snapshot& snapshot, std::int64_t now);
  void note_stage(const reload::Generation& gen);
  void note_venue_error(const plugin::VenueError& e, std::int64_t now);
  void record_decision(const gates::Decision& d);
  bool audit_event(const audit::Event& e);

  // execute.cpp
  void execute(gates::Decision decision, std::vector<std::string> foreign_on_symbol);
  void on_executed(const gates::Decision& decision, const std::optional<plugin::VenueError>& error,
                   std::uint32_t orders_touched);

  // leadership.cpp: HA (or the single host, always the leader) and the
  // budget account that goes with it.
  bool start_leadership(const config::Deployment& d);
  bool open_budget(const config::Deployment& d);
  void on_role_change(const ha::RoleChange& change);
  void resign();
  void check_ha_unchanged(const config::Deployment& d);
  bool is_leader() const;
  void note_role_metrics();
  std::string ha_json();

  // endpoints.cpp, admin.cpp
  HttpResponse handle(const HttpRequest& req);
  HttpResponse handle_admin(const HttpRequest& req);
  std::string status_json();
  std::vector<std::string> not_ready_reasons();
  std::vector<std::string> degraded_reasons();

  // rollback_triggers.cpp: the values criteria and triggers compare, and the
  // automatic roll-down when a stage's rollback_when fires.
  std::map<std::string, double> criteria_values(std::int64_t now);
  void check_rollback_triggers(std::int64_t now);
  void note_balances(const plugin::Snapshot& snap);

  // reload and signals
  void on_config_change();
  void wait_signal();

  RunOptions opts;
  std::ostream* out;
  boost::asio::io_context io;
  boost::asio::steady_timer cycle_timer{io};
  boost::asio::steady_timer stop_timer{io};
  boost::asio::signal_set signals{io};

  std::string run_id;
  std::int64_t started_ms = 0;
  std::shared_ptr<prometheus::Registry> registry;
  std::unique_ptr<reload::GenerationHolder> holder;
  std::unique_ptr<reload::ConfigWatcher> watcher;
  std::unique_ptr<metrics::GateMetrics> gate_metrics;
  std::unique_ptr<RuntimeMetrics> metrics;
  std::shared_ptr<plugin::Venue> venue;
  std::string venue_name;
  std::unique_ptr<VenueWorker> worker;
  config::HaConfig ha_config;  // as started: a reload does not move an instance to another scope
  std::shared_ptr<ha::EtcdClient> etcd;
  std::unique_ptr<ha::LeaderElector> elector;  // null: a single host, always the leader
  std::unique_ptr<budget::Account> ledger;     // after elector: the etcd account refers to it
  safety::KillSwitch kill_switch;
  safety::CooldownTracker cooldown;
  safety::CircuitBreaker circuit;
  std::unique_ptr<audit::AuditLog> audit;
  std::unique_ptr<audit::AuditLog> run_audit;  // the copy in the artifacts run dir
  std::optional<safety::InstanceLock> lock;
  std::unique_ptr<HttpServer> http;
  std::optional<artifacts::RunDir> run_dir;
  std::unique_ptr<std::ostream> run_log;  // stdout.log in the run dir
  std::mutex log_mu;

  // Loop state.
  bool stopping = false;
  std::int64_t cycles = 0;
  bool cycle_in_flight = false;
  std::int64_t cycle_started_steady = 0;
  std::int64_t venue_timeout_ms = 10000;
  std::map<std::string, plugin::BookTop> book;
  std::map<std::string, plugin::Filters> filters;
  std::int64_t last_snapshot_ms = 0;
  std::optional<reconcile::DiffResult> last_diff;
  reconcile::ExpectedState expected;
  // The reconcile scope, indexed once per deployment: the deployment it was
  // built from, so that a reload that changes the symbols rebuilds it.
  std::shared_ptr<const config::Deployment> scope_of;
  reconcile::Scope scope;
  std::deque<gates::Decision> recent;  // newest last, for /status
  std::string last_stage;
  std::uint64_t last_generation = 0;
  std::string last_reload_result = "none";
  std::uint64_t client_id_seq = 0;
  std::uint64_t executing = 0;  // executions posted, not yet answered
  std::set<std::string> reserving;  // symbols whose budget reservation has not answered yet
  std::string admin_token;
  std::optional<plugin::Snapshot> last_snapshot;
  // Event times for the per-hour criteria (executed_per_hour, ...).
  std::deque<std::int64_t> executed_times, planned_times, blocked_times, failed_times;
  std::deque<std::pair<std::int64_t, int>> mismatch_times;
  double equity_peak = 0;
  double drawdown_pct = 0;
  std::int64_t stage_entered_ms = 0;
};

}  // namespace grinder::runtime
