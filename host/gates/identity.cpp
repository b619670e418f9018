#include "grinder/gates/identity.hpp"

#include <algorithm>

namespace grinder::gates {

namespace {

// The strategy inside the id, as a view into it; empty when the id is not
// grinder's. The identity gate and reconcile call this for every order, so
// it builds no string.
std::string_view strategy_view(std::string_view id, std::string_view prefix) {
  if (prefix.empty() || id.size() <= prefix.size() || id.substr(0, prefix.size()) != prefix) return {};
  std::string_view rest = id.substr(prefix.size());
  std::size_t sep = rest.find('_');
  if (sep == 0 || sep == std::string_view::npos) return {};
  return rest.substr(0, sep);
}

}  // namespace

std::optional<std::string> strategy_of(std::string_view id, std::string_view prefix) {
  std::string_view s = strategy_view(id, prefix);
  if (s.empty()) return std::nullopt;
  return std::string(s);
}

bool is_own_order(std::string_view id, std::string_view prefix, const std::vector<std::string>& strategies) {
  std::string_view s = strategy_view(id, prefix);
  if (s.empty()) return false;
  return strategies.empty() || std::find(strategies.begin(), strategies.end(), s) != strategies.end();
}

}  // namespace grinder::gates
