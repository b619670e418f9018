#include "grinder/gates/context.hpp"

namespace grinder::gates {

std::optional<double> MarketView::mid() const {
  if (bid && ask) return (*bid + *ask) / 2;
  if (bid) return bid;
  return ask;
}

std::optional<std::string> GateContext::env_value(const std::string& name) const {
  if (const std::string* v = find_env(name)) return *v;
  return std::nullopt;
}

const std::string* GateContext::find_env(const std::string& name) const {
  auto it = env.find(name);
  return it == env.end() ? nullptr : &it->second;
}

}  // namespace grinder::gates
