#include "grinder/reload/holder.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace grinder::reload {

namespace {

prometheus::Family<prometheus::Counter>& reload_family(prometheus::Registry& r) {
  return prometheus::BuildCounter()
      .Name("grinder_config_reload_total")
      .Help("Configuration reloads by result (ok: published; error: refused, the running generation kept)")
      .Register(r);
}

std::string stage_name(const Generation& g, std::size_t i) { return g.deployment->ladder.stages.at(i).name; }

// A generation like `g` (same config, chains and env) at another stage.
std::shared_ptr<Generation> at_stage(const Generation& g, std::size_t stage) {
  auto next = std::make_shared<Generation>(g);
  next->stage_index = stage;
  next->held = next->lever_stage_index > stage;
  next->held_reason.clear();
  if (next->held)
    next->held_reason = g.deployment->ladder.lever.env + "=" + g.lever_value + " selects " +
                        stage_name(g, g.lever_stage_index) + ", above the running " + stage_name(g, stage) +
                        "; moving up takes the promotion ceremony";
  return next;
}

}  // namespace

GenerationHolder::GenerationHolder(BuildInput input, prometheus::Registry& registry)
    : input_(std::move(input)),
      reload_ok_(reload_family(registry).Add({{"result", "ok"}})),
      reload_error_(reload_family(registry).Add({{"result", "error"}})),
      generation_gauge_(prometheus::BuildGauge()
                            .Name("grinder_config_generation")
                            .Help("Id of the configuration generation decisions run on")
                            .Register(registry)
                            .Add({})) {}

GenerationHolder::~GenerationHolder() = default;

ReloadOutcome GenerationHolder::outcome_now(bool ok) const {
  ReloadOutcome o;
  o.ok = ok;
  if (auto g = current()) {
    o.generation = g->id;
    o.stage = g->stage().name;
    o.held = g->held;
    o.held_reason = g->held_reason;
  }
  return o;
}

ReloadOutcome GenerationHolder::refuse(config::Diagnostics errors, const std::string& why) {
  reload_error_.Increment();
  auto running = current();
  std::string reason = why;
  if (!errors.empty()) {
    const auto& first = errors.items().front();
    reason += ": " + first.where.str() + ": " + first.message;
    if (errors.size() > 1) reason += " (and " + std::to_string(errors.size() - 1) + " more)";
  }
  reason += running ? "; still running generation " + std::to_string(running->id) : "; nothing is running";
  spdlog::error("config reload refused: {}", reason);
  for (const auto& d : errors.items()) spdlog::error("  {}: error[{}]: {}", d.where.str(), d.code, d.message);
  {
    std::lock_guard<std::mutex> l(status_lock_);
    degraded_ = true;
    degraded_reason_ = reason;
  }
  ReloadOutcome o = outcome_now(false);
  o.errors = std::move(errors);
  return o;
}

ReloadOutcome GenerationHolder::publish(std::shared_ptr<Generation> next) {
  next->id = next_id_++;
  std::shared_ptr<const Generation> published = std::move(next);
  std::shared_ptr<const Generation> old = current_.exchange(published, std::memory_order_acq_rel);
  generation_gauge_.Set(static_cast<double>(published->id));
  if (old) retired_.push_back(std::move(old));
  release_retired_locked();
  if (published->held) spdlog::warn("generation {} held at {}: {}", published->id, published->stage().name, published->held_reason);
  return outcome_now(true);
}

ReloadOutcome GenerationHolder::reload() {
  std::lock_guard<std::mutex> l(change_);
  config::Diagnostics errors;
  std::shared_ptr<Generation> next = build_generation(input_, errors);
  if (!next) return refuse(std::move(errors), "the new configuration is invalid");

  if (auto running = current()) {
    // Map the running stage into the new ladder by name: the reload may have
    // reordered or renamed stages. A stage that no longer exists falls to
    // the bottom, which is always safe.
    auto same = next->deployment->ladder.index_of_stage(running->stage().name);
    std::size_t ceiling = same.value_or(0);
    next = at_stage(*next, std::min(next->lever_stage_index, ceiling));
  }
  reload_ok_.Increment();
  {
    std::lock_guard<std::mutex> s(status_lock_);
    degraded_ = false;
    degraded_reason_.clear();
  }
  ReloadOutcome o = publish(std::move(next));
  spdlog::info("config generation {} published at stage {}", o.generation, o.stage);
  return o;
}

ReloadOutcome GenerationHolder::promote_to(std::size_t stage_index) {
  std::lock_guard<std::mutex> l(change_);
  auto running = current();
  config::Diagnostics errors;
  if (!running) {
    errors.add({input_.config_path, 0, 0}, "stage.no_generation", "no configuration is loaded; nothing to promote");
  } else if (stage_index >= running->deployment->ladder.stages.size()) {
    errors.add(running->deployment->ladder.lever.loc, "stage.unknown", "the ladder has no stage " + std::to_string(stage_index));
  } else if (stage_index <= running->stage_index) {
    errors.add(running->deployment->ladder.lever.loc, "stage.not_up",
               "promotion goes up: " + stage_name(*running, stage_index) + " is not above the running " +
                   running->stage().name + " (rollback_to moves down)");
  } else if (stage_index > running->lever_stage_index) {
    errors.add(running->deployment->ladder.lever.loc, "stage.above_lever",
               running->deployment->ladder.lever.env + "=" + running->lever_value + " selects " +
                   stage_name(*running, running->lever_stage_index) + "; set the lever before promoting to " +
                   stage_name(*running, stage_index));
  }
  if (!errors.empty()) {
    ReloadOutcome o = outcome_now(false);
    o.errors = std::move(errors);
    return o;
  }
  spdlog::warn("promoting from {} to {}", running->stage().name, stage_name(*running, stage_index));
  return publish(at_stage(*running, stage_index));
}

ReloadOutcome GenerationHolder::rollback_to(std::size_t stage_index) {
  std::lock_guard<std::mutex> l(change_);
  auto running = current();
  config::Diagnostics errors;
  if (!running) {
    errors.add({input_.config_path, 0, 0}, "stage.no_generation", "no configuration is loaded; nothing to roll back");
  } else if (stage_index >= running->stage_index) {
    errors.add(running->deployment->ladder.lever.loc, "stage.not_down",
               "rollback goes down: stage " + std::to_string(stage_index) + " is not below the running " +
                   running->stage().name);
  }
  if (!errors.empty()) {
    ReloadOutcome o = outcome_now(false);
    o.errors = std::move(errors);
    return o;
  }
  spdlog::warn("rolling back from {} to {}", running->stage().name, stage_name(*running, stage_index));
  return publish(at_stage(*running, stage_index));
}

HolderStatus GenerationHolder::status() const {
  HolderStatus s;
  {
    std::lock_guard<std::mutex> l(status_lock_);
    s.degraded = degraded_;
    s.reason = degraded_reason_;
  }
  if (auto g = current()) {
    s.generation = g->id;
    s.stage = g->stage().name;
    s.held = g->held;
    s.held_reason = g->held_reason;
  }
  return s;
}

std::vector<std::string> GenerationHolder::watch_dirs() const {
  std::set<std::string> dirs;
  auto add_parent = [&](const std::string& file) {
    std::string p = fs::path(file).parent_path().lexically_normal().string();
    dirs.insert(p.empty() ? "." : p);
  };
  if (auto g = current()) {
    for (const auto& f : g->deployment->files) add_parent(f);
    if (!g->deployment->policies_dir.empty()) dirs.insert(fs::path(g->deployment->policies_dir).lexically_normal().string());
  } else if (fs::is_directory(input_.config_path)) {
    dirs.insert(fs::path(input_.config_path).lexically_normal().string());
  } else {
    add_parent(input_.config_path);
  }
  return {dirs.begin(), dirs.end()};
}

std::size_t GenerationHolder::release_retired() {
  std::lock_guard<std::mutex> l(change_);
  return release_retired_locked();
}

std::size_t GenerationHolder::release_retired_locked() {
  // Once replaced, a generation can gain no new holders: the count only
  // falls. At 1 the only holder left is this list.
  auto last = std::remove_if(retired_.begin(), retired_.end(), [](const auto& g) { return g.use_count() == 1; });
  std::size_t n = static_cast<std::size_t>(retired_.end() - last);
  retired_.erase(last, retired_.end());
  return n;
}

}  // namespace grinder::reload
