#pragma once
// Where venue plugins live. Plugin NAME is the file libgrinder_venue_NAME.so,
// looked up in an explicit plugin directory when one is given (the
// deployment's `plugin_dir` or --plugin-dir), otherwise along the default
// search path:
//   <exe_dir>/../lib/grinder/plugins   an installed grinder
//   <exe_dir>/../plugins               a build tree (bin/ and plugins/ side by side)
//   GRINDER_DEFAULT_PLUGIN_DIR         where this build put its plugins
// Only directories that exist are on the path; the first match wins.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace grinder::plugin {

// [a-z0-9_]+, as the deployment schema says.
bool valid_plugin_name(std::string_view name);

// "libgrinder_venue_" + name + ".so"
std::string plugin_file_name(std::string_view name);

// The NAME in a file name libgrinder_venue_NAME.so (any directory part is
// ignored), or nullopt when the file name does not follow the convention.
std::optional<std::string> plugin_name_from_file(std::string_view path);

// The directories searched, in order: {plugin_dir} when it is not empty,
// otherwise the default search path above.
std::vector<std::string> plugin_search_path(const std::string& plugin_dir = "");

// The first directory of the default search path (the build's plugin
// directory when none exists yet).
std::string default_plugin_dir();

// The file of plugin `name`, or nullopt when no directory has it, so that
// validating a deployment reports a missing plugin instead of failing later.
// A name containing '/' is a path to the file itself.
std::optional<std::string> locate_plugin(const std::string& name, const std::string& plugin_dir = "");

// Every libgrinder_venue_*.so in dir, sorted; empty if dir does not exist.
std::vector<std::string> plugin_files_in(const std::string& dir);

}  // namespace grinder::plugin
