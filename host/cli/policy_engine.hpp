#pragma once
// The policy gate factory the commands build chains with.
#include "grinder/gates/chain.hpp"

namespace grinder::cli {

gates::PolicyGateFactory policy_factory();

}  // namespace grinder::cli
