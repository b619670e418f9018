#include "policy_engine.hpp"

#include "grinder/lua/policy_factory.hpp"

namespace grinder::cli {

gates::PolicyGateFactory policy_factory() { return lua::policy_gate_factory(); }

}  // namespace grinder::cli
