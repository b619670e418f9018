#include "grinder/gates/identity.hpp"

#include <algorithm>

namespace grinder::gates {

std::optional<std::string> strategy_of(std::string_view id, std::string_view prefix) {
  if (prefix.empty() || id.size() <= prefix.size() || id.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::string_view rest = id.substr(prefix.size());
  std::size_t sep = rest.find('_');
  if (sep == 0 || sep == std::string_view::npos) return std::nullopt;
  return std::string(rest.substr(0, sep));
}

bool is_own_order(std::string_view id, std::string_view prefix, const std::vector<std::string>& strategies) {
  auto s = strategy_of(id, prefix);
  if (!s) return false;
  return strategies.empty() || std::find(strategies.begin(), strategies.end(), *s) != strategies.end();
}

}  // namespace grinder::gates
