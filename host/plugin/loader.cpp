#include "grinder/plugin/loader.hpp"

#include <dlfcn.h>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "grinder/plugin/locate.hpp"

namespace fs = std::filesystem;

namespace grinder::plugin {

namespace {

// Messages are one line whatever the plugin or the dynamic linker wrote.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string failure(const std::string& label, const std::string& why) { return one_line("plugin " + label + ": " + why); }

std::string version_text(std::uint32_t major, std::uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

// dlopen's own message for a text file ("invalid ELF header", "file too
// short") is obscure; an operator who dropped a README into the plugin
// directory should read what happened.
bool has_elf_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
}

// dlerror() starts with the path; the caller's message already names it.
std::string dl_reason(const char* err, const std::string& path) {
  std::string s = err ? err : "unknown dynamic loader error";
  if (s.compare(0, path.size() + 2, path + ": ") == 0) s.erase(0, path.size() + 2);
  return s;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

}  // namespace

std::vector<std::string> capability_names(std::uint64_t caps) {
  static const std::pair<std::uint64_t, const char*> known[] = {
      {GRINDER_VENUE_CAP_POSITIONS, "positions"}, {GRINDER_VENUE_CAP_REDUCE_ONLY, "reduce_only"},
      {GRINDER_VENUE_CAP_CANCEL_ALL, "cancel_all"}, {GRINDER_VENUE_CAP_WEBSOCKET, "websocket"},
      {GRINDER_VENUE_CAP_DRILLS, "drills"}};
  std::vector<std::string> out;
  for (const auto& [bit, name] : known)
    if (caps & bit) out.push_back(name);
  for (unsigned b = 0; b < 64; ++b) {
    std::uint64_t bit = std::uint64_t{1} << b;
    bool is_known = false;
    for (const auto& k : known) is_known = is_known || k.first == bit;
    if ((caps & bit) && !is_known) out.push_back("bit" + std::to_string(b));
  }
  return out;
}

std::vector<std::string> check_table(const grinder_venue_plugin* t, const std::string& expected_name) {
  if (!t) return {GRINDER_VENUE_ENTRY_SYMBOL " returned no table"};
  constexpr std::size_t version_end = offsetof(grinder_venue_plugin, abi_minor) + sizeof(std::uint32_t);
  if (t->struct_size < version_end)
    return {"table of " + std::to_string(t->struct_size) + " bytes is too small to carry an ABI version"};

  const std::string host = version_text(GRINDER_VENUE_ABI_MAJOR, GRINDER_VENUE_ABI_MINOR);
  const std::string theirs = version_text(t->abi_major, t->abi_minor);
  if (t->abi_major != GRINDER_VENUE_ABI_MAJOR)
    return {"ABI " + theirs + " is not compatible with this grinder's ABI " + host +
            " (major versions differ; rebuild the plugin against SDK " + host + ")"};
  if (t->abi_minor > GRINDER_VENUE_ABI_MINOR)
    return {"ABI " + theirs + " is newer than this grinder's ABI " + host +
            " (upgrade grinder, or rebuild the plugin against SDK " + host + ")"};

  // Every operation of ABI 1.0 must lie within the table the plugin filled.
  constexpr std::size_t v1_0_end = offsetof(grinder_venue_plugin, drill) + sizeof(void (*)());
  if (t->struct_size < v1_0_end)
    return {"table of " + std::to_string(t->struct_size) + " bytes is smaller than ABI 1.0's " +
            std::to_string(v1_0_end)};

  std::vector<std::string> problems;
  if (!t->name || !valid_plugin_name(t->name)) {
    problems.push_back(std::string("name ") + (t->name ? "'" + std::string(t->name) + "'" : "(null)") +
                       " is not [a-z0-9_]+");
  } else if (!expected_name.empty() && expected_name != t->name) {
    problems.push_back("declares name '" + std::string(t->name) + "' but its file is named for '" + expected_name +
                       "'");
  }
  if (!t->version || !*t->version) problems.push_back("no version");
  if (!t->kind || !*t->kind) problems.push_back("no kind");

  std::vector<std::string> missing;
  if (!t->create) missing.push_back("create");
  if (!t->destroy) missing.push_back("destroy");
  if (!t->connect) missing.push_back("connect");
  if (!t->health) missing.push_back("health");
  if (!t->server_time) missing.push_back("server_time");
  if (!t->filters) missing.push_back("filters");
  if (!t->book_top) missing.push_back("book_top");
  if (!t->snapshot) missing.push_back("snapshot");
  if (!t->place) missing.push_back("place");
  if (!t->cancel) missing.push_back("cancel");
  if (!missing.empty()) problems.push_back("missing required operations: " + join(missing, ", "));

  // A capability is a promise the host acts on; an operation without its
  // capability (or the reverse) means the table is not what its author meant.
  bool cap_cancel_all = (t->capabilities & GRINDER_VENUE_CAP_CANCEL_ALL) != 0;
  bool cap_drills = (t->capabilities & GRINDER_VENUE_CAP_DRILLS) != 0;
  if (cap_cancel_all && !t->cancel_all) problems.push_back("declares cancel_all but has no cancel_all operation");
  if (!cap_cancel_all && t->cancel_all) problems.push_back("has a cancel_all operation but does not declare cancel_all");
  if (cap_drills && !t->drill) problems.push_back("declares drills but has no drill operation");
  if (!cap_drills && t->drill) problems.push_back("has a drill operation but does not declare drills");
  return problems;
}

LoadResult adopt_plugin_table(const grinder_venue_plugin* table, const std::string& label,
                              const std::string& expected_name) {
  auto problems = check_table(table, expected_name);
  if (!problems.empty()) return {nullptr, failure(label, join(problems, "; "))};
  PluginInfo info;
  info.path = label;
  info.name = table->name;
  info.version = table->version;
  info.kind = table->kind;
  info.description = table->description ? one_line(table->description) : "";
  info.abi_major = table->abi_major;
  info.abi_minor = table->abi_minor;
  info.capabilities = table->capabilities;
  return {std::make_shared<const Plugin>(std::move(info), table), ""};
}

LoadResult load_plugin(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return {nullptr, failure(path, "no such file")};
  if (!fs::is_regular_file(path, ec)) return {nullptr, failure(path, "not a regular file")};
  if (!has_elf_header(path)) return {nullptr, failure(path, "not a shared library (no ELF header)")};

  // RTLD_NOW: an unresolved symbol fails here, at startup, not at the first
  // order. RTLD_LOCAL: two plugins bundling the same library do not collide.
  // The handle is never closed (see loader.hpp), even when refused below.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) return {nullptr, failure(path, "cannot be loaded: " + dl_reason(dlerror(), path))};

  dlerror();
  void* sym = dlsym(handle, GRINDER_VENUE_ENTRY_SYMBOL);
  if (!sym)
    return {nullptr, failure(path, "not a grinder venue plugin: it does not export " GRINDER_VENUE_ENTRY_SYMBOL)};
  auto entry = reinterpret_cast<grinder_venue_plugin_entry_fn>(sym);
  return adopt_plugin_table(entry(), path, plugin_name_from_file(path).value_or(""));
}

}  // namespace grinder::plugin
