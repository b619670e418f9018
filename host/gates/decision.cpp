#include "grinder/gates/decision.hpp"

#include "grinder/util/json_escape.hpp"

namespace grinder::gates {

std::vector<std::string> Decision::reasons() const {
  std::vector<std::string> out;
  for (const auto& v : verdicts)
    if (!v.allow) out.push_back(v.reason);
  return out;
}

std::string Decision::to_json() const {
  std::string out = "{\"action\":" + action.to_json() + ",\"chain\":" + util::json_quote(chain) +
                    ",\"stage\":" + util::json_quote(stage) + ",\"generation\":" + std::to_string(generation) +
                    ",\"verdict\":\"" + (allow ? "ALLOW" : "DENY") + "\",\"reasons\":[";
  bool first = true;
  for (const auto& v : verdicts) {
    if (v.allow) continue;
    if (!first) out += ',';
    out += util::json_quote(v.reason);
    first = false;
  }
  out += "],\"gates\":[";
  for (std::size_t i = 0; i < verdicts.size(); ++i) {
    const auto& v = verdicts[i];
    out += std::string(i ? "," : "") + "{\"gate\":" + util::json_quote(v.gate) + ",\"kind\":" + util::json_quote(v.kind) +
           ",\"verdict\":\"" + (v.allow ? "ALLOW" : "DENY") + "\"";
    if (!v.allow) out += ",\"reason\":" + util::json_quote(v.reason);
    if (!v.detail.empty()) out += ",\"detail\":" + util::json_quote(v.detail);
    out += "}";
  }
  out += "],\"ts_ms\":" + std::to_string(ts_ms) + "}";
  return out;
}

}  // namespace grinder::gates
