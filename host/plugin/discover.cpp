#include "grinder/plugin/discover.hpp"

#include <map>

#include "grinder/plugin/locate.hpp"

namespace grinder::plugin {

std::vector<DiscoveredPlugin> discover_plugins(const std::vector<std::string>& dirs) {
  std::vector<DiscoveredPlugin> out;
  std::map<std::string, std::string> first_by_name;  // plugin name -> the file locate_plugin would pick
  for (const auto& dir : dirs) {
    for (const auto& file : plugin_files_in(dir)) {
      DiscoveredPlugin d{file, load_plugin(file), ""};
      std::string name = plugin_name_from_file(file).value_or(file);
      auto [it, inserted] = first_by_name.emplace(name, file);
      if (!inserted) d.shadowed_by = it->second;
      out.push_back(std::move(d));
    }
  }
  return out;
}

}  // namespace grinder::plugin
