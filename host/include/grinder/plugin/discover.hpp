#pragma once
// Every plugin file along a search path, loaded and checked: what
// `grinder plugins list` shows, broken files included.
#include <string>
#include <vector>

#include "grinder/plugin/loader.hpp"

namespace grinder::plugin {

struct DiscoveredPlugin {
  std::string path;
  LoadResult load;          // the plugin, or its one-line error
  std::string shadowed_by;  // an earlier file with the same name, which locate_plugin picks instead
};

// Files in directory order, then name order.
std::vector<DiscoveredPlugin> discover_plugins(const std::vector<std::string>& dirs);

}  // namespace grinder::plugin
