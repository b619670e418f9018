#include "policy_engine.hpp"

namespace grinder::cli {

// Until the Lua engine is linked in, a chain naming a policy fails to build
// with a diagnostic (never allows).
gates::PolicyGateFactory policy_factory() { return {}; }

}  // namespace grinder::cli
