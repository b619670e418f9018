#pragma once
// The status page for people: the JSON that /status serves, rendered as one
// self-contained HTML page (inline CSS, no scripts, no external assets) so it
// opens in any browser on an operator's machine, even one without network
// access beyond the instance itself.
#include <string>

namespace grinder::runtime {

// Renders `status_json` (the /status document) as HTML. Reads only the fields
// it shows, by name, and renders whatever of them is present; a document that
// does not parse gives a short error page instead. Never throws for bad input.
std::string render_status_page(const std::string& status_json);

}  // namespace grinder::runtime
