#pragma once
// A deployment's venue, ready to use: its plugin located (the deployment's
// plugin_dir, or the default search path), loaded and checked, and an
// instance created from the venue's params with its credentials added under
// "credentials". Creating opens no connection; call connect() next.
//
// This is the one place where credentials leave the config tree: revealed
// for the hand-over to the plugin and for nothing else. Messages name the
// venue and the plugin, never a credential.
#include <memory>
#include <string>

#include "grinder/config/deployment.hpp"
#include "grinder/plugin/venue.hpp"

namespace grinder::plugin {

Result<std::unique_ptr<Venue>> make_venue(const config::Deployment& deployment, const std::string& venue_name,
                                          LogSink log = {});

}  // namespace grinder::plugin
