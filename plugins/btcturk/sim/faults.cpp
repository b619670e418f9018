#include "faults.hpp"

namespace grinder::btcturk::sim {

namespace {

bool path_matches(const std::string& pattern, const std::string& path) {
  if (pattern.empty()) return true;
  if (pattern.back() == '*') return path.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  return pattern == path;
}

}  // namespace

std::string Faults::add(Fault f) {
  static const char* const kinds[] = {"latency",    "timeout", "disconnect", "status_5xx",
                                      "rate_limit", "auth",    "malformed",  "error"};
  bool known = false;
  for (const char* k : kinds) known = known || f.kind == k;
  if (!known)
    return "unknown fault kind '" + f.kind +
           "' (latency, timeout, disconnect, status_5xx, rate_limit, auth, malformed, error)";
  if (f.count == 0) return "count must not be 0";
  if (f.kind == "error" && f.message.empty()) return "an error fault needs a message";
  if (f.kind == "status_5xx" && f.status == 0) f.status = 500;
  if (f.kind == "status_5xx" && (f.status < 500 || f.status > 599)) return "status_5xx needs a status in [500, 599]";
  if (f.kind == "error" && f.status == 0) f.status = 400;
  faults_.push_back(std::move(f));
  return "";
}

std::optional<Fault> Faults::take(const std::string& method, const std::string& path) {
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (!it->method.empty() && it->method != method) continue;
    if (!path_matches(it->path, path)) continue;
    Fault f = *it;
    if (it->count > 0 && --it->count == 0) faults_.erase(it);
    return f;
  }
  return std::nullopt;
}

}  // namespace grinder::btcturk::sim
