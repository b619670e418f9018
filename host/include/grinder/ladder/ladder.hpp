#pragma once
// The stage ladder (DESIGN.md section 2): an ordered list of stages, lowest
// first, selected by one lever. The flags the gates read are derived from the
// stage, never set by hand (Runbook 22: REMEDIATION_MODE is the single lever).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "grinder/config/diagnostic.hpp"
#include "grinder/ladder/criterion.hpp"
#include "grinder/ladder/limits.hpp"

namespace grinder::ladder {

struct DerivedFlags {
  bool dry_run = true;                    // !execute
  bool allow_active_remediation = false;  // the stage plans something
  bool armed = false;                     // execute
};

struct Lever {
  std::string env;
  std::string default_value;
  config::SourceLocation loc;
};

struct Stage {
  std::string name;
  std::string description;
  std::string lever_value;
  std::vector<std::string> plan;  // action type names this stage may plan
  bool execute = false;
  std::string chain = "remediation";
  std::chrono::milliseconds soak{0};
  Limits limits;
  std::vector<Criterion> promote_when;
  std::vector<Criterion> rollback_when;
  config::SourceLocation loc;

  DerivedFlags flags() const;
  bool may_plan(const std::string& action) const;
};

struct Ladder {
  std::string name;
  std::string description;
  Lever lever;
  std::vector<Stage> stages;  // lowest first
  std::string file;

  // Index of the stage with this lever value, or nullopt.
  std::optional<std::size_t> index_of_lever_value(const std::string& value) const;
  std::optional<std::size_t> index_of_stage(const std::string& name) const;
};

// Which stage the lever selects, and why (for `stage show`).
struct LeverReading {
  std::string value;
  bool from_env = false;  // false: the ladder's default
  std::optional<std::size_t> stage_index;
};

struct GraduationStep {
  std::string name;
  std::chrono::milliseconds after{0};
  Limits limits;
  std::vector<Criterion> require;
  config::SourceLocation loc;
};

struct GraduationSchedule {
  std::vector<std::string> stages;
  std::vector<GraduationStep> steps;
  std::string file;

  bool applies_to(const std::string& stage) const;
};

// "24h", "30m", "90s", "500ms", "7d".
std::optional<std::chrono::milliseconds> parse_duration(const std::string& text);
std::string format_duration(std::chrono::milliseconds d);

}  // namespace grinder::ladder
