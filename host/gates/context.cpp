#include "grinder/gates/context.hpp"

namespace grinder::gates {

std::optional<double> MarketView::mid() const {
  if (bid && ask) return (*bid + *ask) / 2;
  if (bid) return bid;
  return ask;
}

std::optional<std::string> GateContext::env_value(const std::string& name) const {
  auto it = env.find(name);
  if (it == env.end()) return std::nullopt;
  return it->second;
}

}  // namespace grinder::gates
