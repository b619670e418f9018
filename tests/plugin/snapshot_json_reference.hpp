#pragma once
// The DOM parser of the snapshot document, kept as the behaviour the library's
// streaming parser must match (see snapshot_json_reference.cpp).
#include <string_view>

#include "grinder/plugin/venue_types.hpp"

namespace grinder::plugin::reference {

Result<Snapshot> parse_snapshot_json_dom(std::string_view json);

}  // namespace grinder::plugin::reference
