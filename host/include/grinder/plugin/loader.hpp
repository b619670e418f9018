#pragma once
// Loading a venue plugin: dlopen with RTLD_NOW | RTLD_LOCAL, find the one
// entry symbol, check the ABI version and the table, and either hand back a
// Plugin or ONE line that names the file and says everything wrong with it.
//
// A loaded library is never unloaded (no dlclose, not even for a plugin that
// was refused): an instance or a thread of the plugin may outlive whatever
// held the handle, and unloading code that is still running is a crash.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "grinder/venue_plugin.h"

namespace grinder::plugin {

enum class Capability : std::uint64_t {
  Positions = GRINDER_VENUE_CAP_POSITIONS,
  ReduceOnly = GRINDER_VENUE_CAP_REDUCE_ONLY,
  CancelAll = GRINDER_VENUE_CAP_CANCEL_ALL,
  WebSocket = GRINDER_VENUE_CAP_WEBSOCKET,
  Drills = GRINDER_VENUE_CAP_DRILLS,
};

// "positions", "reduce_only", "cancel_all", "websocket", "drills"; bits this
// host does not know come out as "bit<N>".
std::vector<std::string> capability_names(std::uint64_t capabilities);

struct PluginInfo {
  std::string path;  // the file, or a label for a statically linked table
  std::string name;
  std::string version;
  std::string kind;
  std::string description;
  std::uint32_t abi_major = 0;
  std::uint32_t abi_minor = 0;
  std::uint64_t capabilities = 0;

  std::string abi() const { return std::to_string(abi_major) + "." + std::to_string(abi_minor); }
  bool has(Capability c) const { return (capabilities & static_cast<std::uint64_t>(c)) != 0; }
};

// A plugin whose table passed every check. Shared by the Venues built on it.
class Plugin {
 public:
  Plugin(PluginInfo info, const grinder_venue_plugin* table) : info_(std::move(info)), table_(table) {}
  const PluginInfo& info() const { return info_; }
  const grinder_venue_plugin& table() const { return *table_; }
  // Whether the plugin's table reaches the member at this offset (say,
  // offsetof(grinder_venue_plugin, some_op_added_in_1_1)): an older minor
  // has a shorter table, and the host must not read past it.
  bool provides(std::size_t table_offset) const {
    return table_->struct_size >= table_offset + sizeof(void (*)());
  }

 private:
  PluginInfo info_;
  const grinder_venue_plugin* table_;
};

struct LoadResult {
  std::shared_ptr<const Plugin> plugin;
  std::string error;  // one line naming the file, when plugin is null

  explicit operator bool() const { return plugin != nullptr; }
};

// Loads the shared library at path.
LoadResult load_plugin(const std::string& path);

// Checks a table that is already in the process (a plugin linked statically,
// or a test's fake) exactly as load_plugin checks a file's. label names it in
// messages. expected_name, when not empty, is the name the table must give.
LoadResult adopt_plugin_table(const grinder_venue_plugin* table, const std::string& label,
                              const std::string& expected_name = "");

// Every problem with a table, each as a phrase; empty when it may be used.
// A major version mismatch is reported alone: the rest of the layout is then
// unknown.
std::vector<std::string> check_table(const grinder_venue_plugin* table, const std::string& expected_name);

}  // namespace grinder::plugin
