// Starting and stopping a run: configuration, lock, artifacts, audit, budget,
// venue, HTTP, signals. Any failure here is reported in one line and the run
// does not start (exit 2): grinder never runs half-configured.
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "grinder/ceremony/state.hpp"
#include "grinder/plugin/venue_from_config.hpp"
#include "grinder/util/json_escape.hpp"
#include "grinder/util/number.hpp"
#include "runtime_impl.hpp"

namespace grinder::runtime {

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Runtime::Impl::Impl(RunOptions o) : opts(std::move(o)), out(opts.out ? opts.out : &std::cout) {}

void Runtime::Impl::log(const std::string& line) {
  std::lock_guard<std::mutex> lock(log_mu);  // the venue's log sink writes from its own threads
  (*out) << line << std::endl;
  if (run_log) (*run_log) << line << std::endl;
}

bool Runtime::Impl::audit_event(const audit::Event& e) {
  bool ok = audit->append(e);
  if (run_audit) run_audit->append(e);  // the run-dir copy is best effort; the primary decides
  metrics->audit_healthy->Set(ok ? 1 : 0);
  if (!ok) log("ERROR audit: " + audit->error() + "; execution is stopped until it can be written");
  return ok;
}

int Runtime::Impl::start() {
  started_ms = wall_ms();
  run_id = artifacts::new_run_id();
  registry = std::make_shared<prometheus::Registry>();

  reload::BuildInput input;
  input.config_path = opts.config_path;
  input.env = opts.env;
  input.ceiling = [](const config::Deployment& d, std::string& why) { return ceremony::approved_ceiling(d, why); };
  input.graduation_step = [](const config::Deployment& d) {
    std::string why;
    auto g = ceremony::StateDir(d.state_dir).graduation(why);
    return g ? g->step : std::size_t{0};
  };
  holder = std::make_unique<reload::GenerationHolder>(input, *registry);
  reload::ReloadOutcome first = holder->reload();
  if (!first.ok) {
    std::cerr << first.errors.render_text() << "grinder run: configuration rejected; not starting\n";
    return 2;
  }
  auto gen = holder->current();
  const config::Deployment& d = *gen->deployment;
  venue_name = d.reconcile.venue;

  std::string why;
  lock = safety::InstanceLock::acquire(d.state_dir, venue_name.empty() ? "default" : venue_name, why);
  if (!lock) {
    std::cerr << "grinder run: " << why << "\n";
    return 2;
  }

  if (!d.artifacts_dir.empty()) {
    int pruned = artifacts::prune(d.artifacts_dir, d.artifact_ttl_days, started_ms);
    run_dir = artifacts::create_run_dir(d.artifacts_dir, started_ms, run_id, why);
    if (!run_dir) {
      std::cerr << "grinder run: " << why << "\n";
      return 2;
    }
    run_log = std::make_unique<std::ofstream>(run_dir->file("stdout.log"));
    if (pruned > 0) log("artifacts: pruned " + std::to_string(pruned) + " run(s) older than " +
                        std::to_string(d.artifact_ttl_days) + " days");
  }
  std::vector<std::string> stage_names;
  for (const auto& s : d.ladder.stages) stage_names.push_back(s.name);
  metrics = std::make_unique<RuntimeMetrics>(*registry, stage_names);
  gate_metrics = std::make_unique<metrics::GateMetrics>(registry);

  log("grinder run: deployment=" + d.name + " config=" + d.root_file + " digest=" + d.digest.substr(0, 12) +
      " run_id=" + run_id);
  log("stage " + gen->stage().name + " (" + d.ladder.lever.env + "=" + gen->lever_value + ")" +
      (gen->held ? " held: " + gen->held_reason : ""));

  std::string audit_path = opts.audit_out ? *opts.audit_out : d.audit_path;
  audit = std::make_unique<audit::AuditLog>(audit_path, d.audit_enabled || opts.audit_out.has_value());
  if (run_dir) run_audit = std::make_unique<audit::AuditLog>(run_dir->file("audit.jsonl"), d.audit_enabled);
  if (!audit->error().empty()) log("ERROR audit: " + audit->error() + "; execution is stopped until it can be written");
  log(std::string("audit ") + (audit->enabled() ? audit_path : std::string("disabled (GRINDER_AUDIT_ENABLED=0)")));

  if (!start_leadership(d) || !open_budget(d)) return 2;

  auto made = plugin::make_venue(d, venue_name, [this](plugin::LogLevel level, std::string_view text) {
    static const char* const names[] = {"debug", "info", "warning", "error"};
    log(std::string("venue ") + names[static_cast<int>(level) & 3] + ": " + std::string(text));
  });
  if (!made) {
    std::cerr << "grinder run: " << made.error().message << "\n";
    return 2;
  }
  venue = std::shared_ptr<plugin::Venue>(std::move(*made));
  log("venue " + venue_name + ": plugin " + venue->info().name + " " + venue->info().version);
  worker = std::make_unique<VenueWorker>();
  worker->post([this, v = venue] {
    plugin::Status s = v->connect();
    boost::asio::post(io, [this, s] {
      if (s)
        log("venue connected");
      else
        note_venue_error(s.error(), wall_ms());
    });
  });

  auto token = ceremony::StateDir(d.state_dir).admin_token(true, why);
  if (!token) {
    std::cerr << "grinder run: " << why << "\n";
    return 2;
  }
  admin_token = *token;
  stage_entered_ms = started_ms;

  int port = opts.http_port ? *opts.http_port : d.http.port;
  try {
    http = std::make_unique<HttpServer>(io, d.http.bind, static_cast<std::uint16_t>(port),
                                        [this](const HttpRequest& r) { return handle(r); });
  } catch (const std::exception& e) {
    std::cerr << "grinder run: " << e.what() << "\n";
    return 2;
  }
  log("http listening on " + d.http.bind + ":" + std::to_string(http->port()));

  metrics->up->Set(1);
  note_stage(*gen);
  audit_event(audit::Event("RUN_STARTED", started_ms)
                  .field("run_id", run_id)
                  .field("deployment", d.name)
                  .field("config_digest", d.digest)
                  .field("generation", gen->id)
                  .field("stage", gen->stage().name));

  signals.add(SIGINT);
  signals.add(SIGTERM);
  signals.add(SIGHUP);
  wait_signal();

  if (opts.duration_s) {
    stop_timer.expires_after(std::chrono::milliseconds(static_cast<std::int64_t>(*opts.duration_s * 1000)));
    stop_timer.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      log("duration reached: stopping");
      shutdown();
    });
  }

  watcher = std::make_unique<reload::ConfigWatcher>(holder->watch_dirs(), [this] {
    boost::asio::post(io, [this] { on_config_change(); });
  });
  watcher->start();

  if (d.reconcile.enabled)
    schedule_cycle(0);
  else
    log("reconcile disabled (RECONCILE_ENABLED=0): serving endpoints only");

  // Campaign only once everything else started: an instance that could not
  // open its port must not hold the lease a working standby is waiting for.
  if (elector) elector->start();
  if (opts.on_ready) opts.on_ready(http->port());
  io.run();
  return 0;
}

void Runtime::Impl::wait_signal() {
  signals.async_wait([this](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    if (sig == SIGHUP) {
      log("SIGHUP: reloading configuration");
      if (watcher) watcher->request_reload();
      wait_signal();
      return;
    }
    log(std::string("signal ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") + ": stopping");
    shutdown();
  });
}

void Runtime::Impl::on_config_change() {
  // The build runs here, on the loop thread's post; decisions hold their own
  // generation, so none of them waits for it.
  reload::ReloadOutcome r = holder->reload();
  std::int64_t now = wall_ms();
  if (r.ok) {
    last_reload_result = "ok";
    log("config reload ok: generation " + std::to_string(r.generation) + ", stage " + r.stage +
        (r.held ? " (held: " + r.held_reason + ")" : ""));
    audit_event(audit::Event("CONFIG_RELOAD", now)
                    .field("result", "ok")
                    .field("generation", r.generation)
                    .field("stage", r.stage)
                    .field("held", r.held));
  } else {
    last_reload_result = "error";
    log("config reload REJECTED; keeping generation " + std::to_string(r.generation) + ":\n" + r.errors.render_text());
    std::string errs = "[";
    for (std::size_t i = 0; i < r.errors.items().size(); ++i) {
      const auto& e = r.errors.items()[i];
      errs += (i ? "," : "") + util::json_quote(e.where.str() + ": " + e.message);
    }
    audit_event(audit::Event("CONFIG_RELOAD", now)
                    .field("result", "error")
                    .field("generation", r.generation)
                    .raw("errors", errs + "]"));
  }
  if (auto gen = holder->current()) {
    note_stage(*gen);
    if (r.ok) check_ha_unchanged(*gen->deployment);
  }
}

void Runtime::Impl::shutdown() {
  if (stopping) return;
  stopping = true;
  boost::system::error_code ec;
  cycle_timer.cancel();
  stop_timer.cancel();
  signals.cancel(ec);
  if (watcher) watcher->stop();
  if (worker) worker->stop();
  // Resign once no venue call of ours is in flight, and before the slow part
  // of the shutdown: the standby takes over while this one winds down.
  resign();
  std::int64_t now = wall_ms();
  if (metrics) metrics->up->Set(0);
  audit_event(audit::Event("RUN_STOPPED", now).field("run_id", run_id).field("cycles", cycles));
  prometheus::TextSerializer ser;
  std::string scrape = ser.Serialize(registry->Collect());
  std::string summary = "{\"run_id\":" + util::json_quote(run_id) + ",\"cycles\":" + std::to_string(cycles) +
                        ",\"planned\":{\"cancel_all\":" + util::format_number(gate_metrics->planned_count("cancel_all")) +
                        ",\"flatten\":" + util::format_number(gate_metrics->planned_count("flatten")) +
                        "},\"executed\":{\"cancel_all\":" + util::format_number(gate_metrics->executed_count("cancel_all")) +
                        ",\"flatten\":" + util::format_number(gate_metrics->executed_count("flatten")) +
                        "},\"kill_switch_triggered\":" + (kill_switch.tripped() ? "1" : "0") + "}\n";
  std::string why;
  if (run_dir) {
    budget::atomic_write(run_dir->file("metrics.prom"), scrape, why);
    budget::atomic_write(run_dir->file("metrics_summary.json"), summary, why);
    auto s = ledger->state();
    budget::atomic_write(run_dir->file("budget_state.json"),
                         "{\"day\":" + util::json_quote(s.day) + ",\"calls_run\":" + std::to_string(s.calls_run) +
                             ",\"calls_day\":" + std::to_string(s.calls_day) + ",\"notional_run\":" +
                             util::format_number(s.notional_run) + ",\"notional_day\":" +
                             util::format_number(s.notional_day) + "}\n",
                         why);
  }
  if (opts.metrics_out) budget::atomic_write(*opts.metrics_out, scrape, why);
  log("stopped after " + std::to_string(cycles) + " cycle(s); exit 0");
  if (http) http->stop();
  io.stop();
}

Runtime::Runtime(RunOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Runtime::~Runtime() {
  if (impl_ && impl_->worker) impl_->worker->stop();
  if (impl_ && impl_->watcher) impl_->watcher->stop();
  if (impl_ && impl_->elector) impl_->elector->stop();
}

int Runtime::run() { return impl_->start(); }

void Runtime::stop() {
  boost::asio::post(impl_->io, [impl = impl_.get()] { impl->shutdown(); });
}

}  // namespace grinder::runtime
