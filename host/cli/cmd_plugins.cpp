// grinder plugins list|info: which venue plugins this grinder can load, what
// each says it is, and why a broken one is refused. Loads plugins into the
// process but opens no connection.
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "grinder/plugin/discover.hpp"
#include "grinder/plugin/locate.hpp"
#include "grinder/plugin/venue.hpp"
#include "grinder/util/json_escape.hpp"

namespace grinder::cli {

namespace {

using util::json_quote;

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string json_strings(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + json_quote(v[i]);
  return out + "]";
}

std::string info_json(const plugin::PluginInfo& i) {
  return "\"name\":" + json_quote(i.name) + ",\"version\":" + json_quote(i.version) + ",\"abi\":" + json_quote(i.abi()) +
         ",\"kind\":" + json_quote(i.kind) + ",\"description\":" + json_quote(i.description) +
         ",\"capabilities\":" + json_strings(plugin::capability_names(i.capabilities)) + ",\"path\":" + json_quote(i.path);
}

std::string host_abi() { return std::to_string(GRINDER_VENUE_ABI_MAJOR) + "." + std::to_string(GRINDER_VENUE_ABI_MINOR); }

// An explicit --plugin-dir that does not exist is a typo, not an empty list.
void require_dir(const std::string& dir, const char* cmd) {
  std::error_code ec;
  if (!dir.empty() && !std::filesystem::is_directory(dir, ec)) {
    std::cerr << "grinder plugins " << cmd << ": no such directory: " << dir << "\n";
    throw CLI::RuntimeError(2);
  }
}

void list(const std::string& plugin_dir, bool json) {
  require_dir(plugin_dir, "list");
  auto dirs = plugin::plugin_search_path(plugin_dir);
  auto found = plugin::discover_plugins(dirs);
  std::size_t good = 0, broken = 0;
  for (const auto& d : found) (d.load ? good : broken)++;

  if (json) {
    std::ostringstream o;
    o << "{\"host_abi\":" << json_quote(host_abi()) << ",\"search_path\":" << json_strings(dirs) << ",\"plugins\":[";
    bool first = true;
    for (const auto& d : found) {
      if (!d.load) continue;
      o << (first ? "" : ",") << "{" << info_json(d.load.plugin->info())
        << ",\"shadowed_by\":" << (d.shadowed_by.empty() ? "null" : json_quote(d.shadowed_by)) << "}";
      first = false;
    }
    o << "],\"broken\":[";
    first = true;
    for (const auto& d : found) {
      if (d.load) continue;
      o << (first ? "" : ",") << "{\"path\":" << json_quote(d.path) << ",\"error\":" << json_quote(d.load.error) << "}";
      first = false;
    }
    o << "]}";
    std::cout << o.str() << "\n";
  } else {
    std::cout << "search path: " << (dirs.empty() ? "(no plugin directory exists)" : join(dirs, ", ")) << "\n";
    if (good > 0) {
      std::cout << "\n  " << std::left << std::setw(16) << "NAME" << std::setw(10) << "VERSION" << std::setw(6) << "ABI"
                << std::setw(14) << "KIND" << std::setw(42) << "CAPABILITIES" << "FILE\n";
      for (const auto& d : found) {
        if (!d.load) continue;
        const auto& i = d.load.plugin->info();
        auto caps = plugin::capability_names(i.capabilities);
        std::cout << "  " << std::setw(16) << i.name << std::setw(10) << i.version << std::setw(6) << i.abi()
                  << std::setw(14) << i.kind << std::setw(42) << (caps.empty() ? "-" : join(caps, ",")) << i.path
                  << (d.shadowed_by.empty() ? "" : "  (shadowed by " + d.shadowed_by + ")") << "\n";
      }
    }
    if (broken > 0) {
      std::cout << "\nbroken (not loaded):\n";
      for (const auto& d : found)
        if (!d.load) std::cout << "  " << d.load.error << "\n";
    }
    if (found.empty()) std::cout << "no plugins found\n";
  }
  // Broken files and an empty search are worth a second look: exit 1.
  if (broken > 0 || good == 0) throw CLI::RuntimeError(1);
}

void info(const std::string& name, const std::string& plugin_dir, bool json, const std::string* config) {
  require_dir(plugin_dir, "info");
  auto fail = [&](const std::string& error) {
    if (json)
      std::cout << "{\"name\":" << json_quote(name) << ",\"error\":" << json_quote(error) << "}\n";
    else
      std::cerr << error << "\n";
    throw CLI::RuntimeError(2);
  };
  if (name.find('/') == std::string::npos && !plugin::valid_plugin_name(name))
    fail("'" + name + "' is not a plugin name (expected [a-z0-9_]+, or a path to a plugin file)");
  auto path = plugin::locate_plugin(name, plugin_dir);
  if (!path) {
    auto dirs = plugin::plugin_search_path(plugin_dir);
    fail("no plugin '" + name + "' (" + plugin::plugin_file_name(name) + ") in: " +
         (dirs.empty() ? std::string("(no plugin directory exists)") : join(dirs, ", ")));
  }
  auto loaded = plugin::load_plugin(*path);
  if (!loaded) fail(loaded.error);
  const auto& i = loaded.plugin->info();

  // With --config, build (and drop) an instance: the check `grinder
  // validate` cannot make without the plugin, and still no connection.
  std::string create_error;
  if (config) {
    auto venue = plugin::Venue::create(loaded.plugin, *config, [](plugin::LogLevel, std::string_view msg) {
      std::cerr << "  | " << msg << "\n";
    });
    if (!venue) create_error = venue.error().message;
  }

  if (json) {
    std::cout << "{" << info_json(i) << ",\"host_abi\":" << json_quote(host_abi());
    if (config)
      std::cout << ",\"create\":" << (create_error.empty() ? "{\"ok\":true}" : "{\"ok\":false,\"error\":" + json_quote(create_error) + "}");
    std::cout << "}\n";
  } else {
    auto caps = plugin::capability_names(i.capabilities);
    std::cout << std::left << std::setw(14) << "name" << i.name << "\n"
              << std::setw(14) << "version" << i.version << "\n"
              << std::setw(14) << "abi" << i.abi() << " (this grinder: " << host_abi() << ")\n"
              << std::setw(14) << "kind" << i.kind << "\n"
              << std::setw(14) << "description" << (i.description.empty() ? "-" : i.description) << "\n"
              << std::setw(14) << "capabilities" << (caps.empty() ? "-" : join(caps, ", ")) << "\n"
              << std::setw(14) << "file" << i.path << "\n";
    if (config) std::cout << std::setw(14) << "create" << (create_error.empty() ? "ok" : create_error) << "\n";
  }
  if (!create_error.empty()) throw CLI::RuntimeError(2);
}

}  // namespace

void register_plugins(CLI::App& app) {
  auto* cmd = app.add_subcommand("plugins", "Venue plugins this grinder can load");
  cmd->require_subcommand(1);

  auto* ls = cmd->add_subcommand("list", "Every plugin found, and every broken file with why; exit 0 ok, 1 broken or none, 2 bad input");
  auto ls_dir = std::make_shared<std::string>();
  auto ls_json = std::make_shared<bool>(false);
  ls->add_option("--plugin-dir", *ls_dir, "Look only in this directory (default: the search path)");
  ls->add_flag("--json", *ls_json, "Print the result as JSON");
  ls->callback([ls_dir, ls_json] { list(*ls_dir, *ls_json); });

  auto* in = cmd->add_subcommand("info", "What one plugin says it is; exit 0 ok, 2 missing, broken or bad config");
  auto name = std::make_shared<std::string>();
  auto in_dir = std::make_shared<std::string>();
  auto in_json = std::make_shared<bool>(false);
  auto config = std::make_shared<std::string>();
  in->add_option("name", *name, "Plugin name (libgrinder_venue_NAME.so) or path to a plugin file")->required();
  in->add_option("--plugin-dir", *in_dir, "Look only in this directory (default: the search path)");
  auto* cfg = in->add_option("--config", *config, "Also create an instance from this JSON config (opens no connection)");
  in->add_flag("--json", *in_json, "Print the result as JSON");
  in->callback([name, in_dir, in_json, config, cfg] { info(*name, *in_dir, *in_json, cfg->count() ? config.get() : nullptr); });
}

}  // namespace grinder::cli
