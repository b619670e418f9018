#pragma once
// What the ceremony commands remember between runs, in the state folder
// (GRINDER_STATE_DIR), each file replaced atomically:
//   stage.json       the highest stage an operator has approved (the ceiling)
//                    and when the running stage was entered (its soak clock)
//   drills.json      the last result of each drill (kill_switch, rollback)
//   graduation.json  the current graduation step and when it began
//   admin.token      the secret a running instance's admin endpoint wants
//
// The ceiling is why a restart with a higher lever value does not arm
// anything: a deployment runs at min(lever stage, ceiling) until
// `grinder stage promote` raises the ceiling after checking the criteria.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace grinder::ceremony {

struct StageState {
  std::string ceiling;     // stage name; empty: never promoted (the lowest stage)
  std::int64_t since_ms = 0;  // when the current stage was entered
  std::string changed_by;
  std::string reason;
};

struct DrillResult {
  bool passed = false;
  std::int64_t at_ms = 0;
  std::string detail;
};

struct GraduationState {
  std::size_t step = 0;
  std::int64_t since_ms = 0;
};

class StateDir {
 public:
  explicit StateDir(std::string dir) : dir_(std::move(dir)) {}
  const std::string& dir() const { return dir_; }
  std::string path(const std::string& file) const;

  // Missing file: a default. Corrupt: nullopt + why (callers fail closed).
  std::optional<StageState> stage(std::string& why) const;
  bool save_stage(const StageState& s, std::string& why) const;

  std::optional<std::map<std::string, DrillResult>> drills(std::string& why) const;
  bool save_drill(const std::string& name, const DrillResult& r, std::string& why) const;

  std::optional<GraduationState> graduation(std::string& why) const;
  bool save_graduation(const GraduationState& g, std::string& why) const;

  // The admin token, created (0600) when missing.
  std::optional<std::string> admin_token(bool create, std::string& why) const;

 private:
  std::string dir_;
};

}  // namespace grinder::ceremony

namespace grinder::config {
struct Deployment;
}

namespace grinder::ceremony {

// The approved ceiling as a stage index. With no stage.json yet, it is the
// last stage before the first that executes: everything up to plan-only can
// be rehearsed freely, sending orders takes a promotion. A ceiling naming a
// stage the ladder no longer has, or an unreadable state file, is the lowest
// stage (fail closed); `why` says so.
std::size_t approved_ceiling(const config::Deployment& d, std::string& why);

}  // namespace grinder::ceremony
