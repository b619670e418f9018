#pragma once
// The ceremony log (Runbook 22 section 5.1): who, when (UTC), the config
// digest and git SHA, and the environment levers with every secret redacted,
// written under the artifacts folder for each promotion, rollback, drill and
// graduation.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "grinder/config/deployment.hpp"

namespace grinder::ceremony {

struct CeremonyRecord {
  std::string action;  // "promote", "rollback", "graduate", "drill_kill_switch", ...
  std::string operator_name;
  std::int64_t at_ms = 0;
  std::vector<std::string> lines;  // what was checked and done
};

// Returns the path written, or nullopt + why.
std::optional<std::string> write_ceremony_log(const config::Deployment& d, const CeremonyRecord& r, std::string& why);

// The operator: --operator, else $USER, else the uid.
std::string operator_name(const std::string& flag);

// "VAR=value" for the runbook's lever prefixes, secrets shown as <redacted>.
std::vector<std::string> env_snapshot();

}  // namespace grinder::ceremony
