#pragma once
// Holds the running generation and replaces it. Decisions read it with one
// atomic load (current()) and keep the shared_ptr for the whole decision, so
// a swap never waits for them and they never see half of two generations.
// Reloads, promotions and rollbacks are serialised among themselves only.
//
// The ladder only moves up by ceremony: a reload whose lever selects a higher
// stage than the running one is held at the running stage until
// promote_to(); a lower stage applies at once, and so does rollback_to().
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "grinder/config/diagnostic.hpp"
#include "grinder/reload/generation.hpp"

namespace grinder::reload {

struct ReloadOutcome {
  bool ok = false;
  std::uint64_t generation = 0;  // running after the call (0: none)
  std::string stage;             // running after the call
  bool held = false;
  std::string held_reason;
  config::Diagnostics errors;  // why it was refused, each with file:line
};

struct HolderStatus {
  bool degraded = true;  // no generation yet, or the last reload failed
  std::string reason;    // why degraded
  std::uint64_t generation = 0;
  std::string stage;
  bool held = false;
  std::string held_reason;
};

class GenerationHolder {
 public:
  // Metric handles are made here, once: grinder_config_reload_total{result}
  // and grinder_config_generation.
  GenerationHolder(BuildInput input, prometheus::Registry& registry);
  ~GenerationHolder();
  GenerationHolder(const GenerationHolder&) = delete;
  GenerationHolder& operator=(const GenerationHolder&) = delete;

  // Builds a generation from the files and publishes it if every check
  // passes; otherwise keeps the running one, logs every error and reports
  // degraded until a reload succeeds. The first successful load runs at the
  // stage the lever selects.
  ReloadOutcome reload();
  // The operator ceremony's effect: up to the stage the lever selects, never
  // past it.
  ReloadOutcome promote_to(std::size_t stage_index);
  // Down, at once.
  ReloadOutcome rollback_to(std::size_t stage_index);

  // Null until the first successful load.
  std::shared_ptr<const Generation> current() const { return current_.load(std::memory_order_acquire); }
  HolderStatus status() const;
  // The folders a watcher should watch: every config file's and the policies.
  std::vector<std::string> watch_dirs() const;

  // Frees replaced generations no decision holds any more, on the calling
  // thread; reload() does it, so the last reference a decision drops is
  // never the one that tears Lua states down on the decision path.
  std::size_t release_retired();

 private:
  ReloadOutcome publish(std::shared_ptr<Generation> next);
  std::size_t release_retired_locked();
  ReloadOutcome refuse(config::Diagnostics errors, const std::string& why);
  ReloadOutcome outcome_now(bool ok) const;

  BuildInput input_;
  std::atomic<std::shared_ptr<const Generation>> current_;
  std::mutex change_;  // serialises reload/promote/rollback
  std::uint64_t next_id_ = 1;
  std::vector<std::shared_ptr<const Generation>> retired_;

  mutable std::mutex status_lock_;
  bool degraded_ = true;
  std::string degraded_reason_ = "no configuration loaded yet";

  prometheus::Counter& reload_ok_;
  prometheus::Counter& reload_error_;
  prometheus::Gauge& generation_gauge_;
};

}  // namespace grinder::reload
