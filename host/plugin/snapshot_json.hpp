#pragma once
// Reading the snapshot document a plugin writes (its format is in
// venue_plugin.h, at the snapshot operation).
#include <string_view>

#include "grinder/plugin/venue_types.hpp"

namespace grinder::plugin {

// A document that is not JSON, or not an object, is an error. A source that
// is missing, says "ok": false, or holds a malformed item fails alone, with
// no items: half a list of orders would look like orders that vanished.
Result<Snapshot> parse_snapshot_json(std::string_view json);

}  // namespace grinder::plugin
