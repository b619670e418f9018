#pragma once
// grinder::plugin::Venue: one instance of a venue plugin, the only way the
// rest of the host talks to a venue. It turns the C table into value types
// and Results, and holds a lock per instance, so the ABI's threading contract
// (one call at a time per instance) holds whoever calls.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "grinder/plugin/loader.hpp"
#include "grinder/plugin/venue_types.hpp"
#include "grinder/venue_plugin.h"

namespace grinder::plugin {

enum class LogLevel { Debug = 0, Info = 1, Warning = 2, Error = 3 };

// Where a plugin's log lines go. Called from any thread the plugin likes, so
// it must be thread-safe. Empty: to spdlog's default logger, tagged with the
// plugin's name.
using LogSink = std::function<void(LogLevel, std::string_view)>;

class Venue {
 public:
  // Builds an instance from the venue's config JSON (its params, with its
  // credentials under "credentials"). On failure the error's message is one
  // line naming the plugin's file.
  static Result<std::unique_ptr<Venue>> create(std::shared_ptr<const Plugin> plugin, const std::string& config_json,
                                               LogSink log = {});

  ~Venue();
  Venue(const Venue&) = delete;
  Venue& operator=(const Venue&) = delete;

  const PluginInfo& info() const { return plugin_->info(); }
  bool has(Capability c) const { return info().has(c); }

  Status connect();
  Status health();
  Result<std::int64_t> server_time_ms();
  Result<Filters> filters(const std::string& symbol);
  Result<BookTop> book_top(const std::string& symbol);
  // Open orders and positions of these symbols (all when empty), balances.
  Result<Snapshot> snapshot(const std::vector<std::string>& symbols = {});
  Result<Order> place(const OrderRequest& request);
  Status cancel(const std::string& symbol, const std::string& client_order_id);
  // How many orders the venue cancelled. Unsupported without CancelAll.
  Result<std::uint32_t> cancel_all(const std::string& symbol);
  // Unsupported without Drills.
  Status drill(const std::string& command_json);

 private:
  Venue(std::shared_ptr<const Plugin> plugin, LogSink log);
  static void log_thunk(void* ctx, std::int32_t level, const char* message);

  std::shared_ptr<const Plugin> plugin_;
  LogSink log_;
  grinder_venue_host host_{};
  grinder_venue_instance* instance_ = nullptr;
  std::mutex mutex_;                // serialises calls on instance_
  std::vector<char> snapshot_buf_;  // reused between snapshots
};

}  // namespace grinder::plugin
