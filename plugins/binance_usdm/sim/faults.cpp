#include "faults.hpp"

namespace grinder::binance::sim {

std::string Faults::add(Fault f) {
  static const char* const kinds[] = {"latency", "timeout",   "status_503", "rate_limit",
                                      "ban",     "malformed", "truncated",  "error"};
  bool known = false;
  for (const char* k : kinds) known = known || f.kind == k;
  if (!known)
    return "unknown fault kind '" + f.kind +
           "' (latency, timeout, status_503, rate_limit, ban, malformed, truncated, error)";
  if (f.count == 0) return "count must not be 0";
  if (f.kind == "error" && f.code == 0) return "an error fault needs a code";
  faults_.push_back(std::move(f));
  return "";
}

std::optional<Fault> Faults::take(const std::string& method, const std::string& path) {
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (!it->method.empty() && it->method != method) continue;
    if (!it->path.empty() && it->path != path) continue;
    Fault f = *it;
    if (it->count > 0 && --it->count == 0) faults_.erase(it);
    return f;
  }
  return std::nullopt;
}

}  // namespace grinder::binance::sim
