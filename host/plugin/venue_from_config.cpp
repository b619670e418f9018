#include "grinder/plugin/venue_from_config.hpp"

#include "grinder/plugin/locate.hpp"

namespace grinder::plugin {

namespace {

// params + {"credentials": {...}}, the JSON the ABI's create() receives.
// It holds the secrets in clear: it goes to the plugin and nowhere else.
std::string hand_over_json(const config::VenueConfig& venue) {
  config::Value params = venue.params;
  if (!params.is_object()) params.kind = config::Value::Kind::Object;
  if (!venue.credentials.empty()) {
    config::Value creds;
    creds.kind = config::Value::Kind::Object;
    for (const auto& [key, value] : venue.credentials) creds.members.push_back({key, {}, value});
    params.members.push_back({"credentials", {}, creds});
  }
  return params.to_json(true);
}

}  // namespace

Result<std::unique_ptr<Venue>> make_venue(const config::Deployment& deployment, const std::string& venue_name,
                                          LogSink log) {
  auto it = deployment.venues.find(venue_name);
  if (it == deployment.venues.end()) {
    std::string names;
    for (const auto& [name, _] : deployment.venues) names += (names.empty() ? "" : ", ") + name;
    return VenueError{ErrorClass::InvalidArgument, 0,
                      "the deployment has no venue '" + venue_name + "'" +
                          (names.empty() ? std::string(" (it has none)") : " (it has: " + names + ")")};
  }
  const config::VenueConfig& venue = it->second;
  if (venue.params.find("credentials"))
    return VenueError{ErrorClass::InvalidArgument, 0,
                      "venue '" + venue_name +
                          "': params must not hold 'credentials'; put them under the venue's "
                          "credentials, where they are never printed"};
  auto path = locate_plugin(venue.plugin, deployment.plugin_dir);
  if (!path) {
    std::string dirs;
    for (const auto& d : plugin_search_path(deployment.plugin_dir)) dirs += (dirs.empty() ? "" : ", ") + d;
    return VenueError{ErrorClass::NonRetryable, 0,
                      "venue '" + venue_name + "': plugin '" + venue.plugin + "' (" + plugin_file_name(venue.plugin) +
                          ") not found in " + (dirs.empty() ? std::string("any plugin directory") : dirs)};
  }
  LoadResult loaded = load_plugin(*path);
  if (!loaded) return VenueError{ErrorClass::NonRetryable, 0, "venue '" + venue_name + "': " + loaded.error};
  return Venue::create(loaded.plugin, hand_over_json(venue), std::move(log));
}

}  // namespace grinder::plugin
