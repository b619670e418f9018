#include "grinder/plugin/locate.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "grinder/venue_plugin.h"

namespace fs = std::filesystem;

namespace grinder::plugin {

namespace {

constexpr std::string_view kPrefix = GRINDER_VENUE_FILE_PREFIX;
constexpr std::string_view kSuffix = GRINDER_VENUE_FILE_SUFFIX;

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

// The directory of the running binary, so an installed or relocated grinder
// finds its own plugins rather than the ones of the tree it was built in.
std::optional<fs::path> exe_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return std::nullopt;
  return exe.parent_path();
}

std::vector<fs::path> default_candidates() {
  std::vector<fs::path> c;
  if (auto dir = exe_dir()) {
    c.push_back(*dir / ".." / "lib" / "grinder" / "plugins");
    c.push_back(*dir / ".." / "plugins");
  }
  c.push_back(GRINDER_DEFAULT_PLUGIN_DIR);
  return c;
}

}  // namespace

bool valid_plugin_name(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string plugin_file_name(std::string_view name) {
  return std::string(kPrefix) + std::string(name) + std::string(kSuffix);
}

std::optional<std::string> plugin_name_from_file(std::string_view path) {
  std::string file = fs::path(std::string(path)).filename().string();
  if (file.size() <= kPrefix.size() + kSuffix.size()) return std::nullopt;
  if (file.compare(0, kPrefix.size(), kPrefix) != 0) return std::nullopt;
  if (file.compare(file.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0) return std::nullopt;
  return file.substr(kPrefix.size(), file.size() - kPrefix.size() - kSuffix.size());
}

std::vector<std::string> plugin_search_path(const std::string& plugin_dir) {
  if (!plugin_dir.empty()) return {plugin_dir};
  std::vector<std::string> out;
  std::vector<fs::path> seen;
  for (const auto& c : default_candidates()) {
    if (!is_dir(c)) continue;
    std::error_code ec;
    fs::path canon = fs::canonical(c, ec);
    if (ec || std::find(seen.begin(), seen.end(), canon) != seen.end()) continue;
    seen.push_back(canon);
    out.push_back(canon.string());
  }
  return out;
}

std::string default_plugin_dir() {
  auto path = plugin_search_path();
  return path.empty() ? std::string(GRINDER_DEFAULT_PLUGIN_DIR) : path.front();
}

std::optional<std::string> locate_plugin(const std::string& name, const std::string& plugin_dir) {
  std::error_code ec;
  if (name.find('/') != std::string::npos) {
    if (fs::is_regular_file(name, ec)) return name;
    return std::nullopt;
  }
  if (!valid_plugin_name(name)) return std::nullopt;
  for (const auto& dir : plugin_search_path(plugin_dir)) {
    fs::path file = fs::path(dir) / plugin_file_name(name);
    if (fs::is_regular_file(file, ec)) return file.string();
  }
  return std::nullopt;
}

std::vector<std::string> plugin_files_in(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (plugin_name_from_file(it->path().filename().string())) out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace grinder::plugin
