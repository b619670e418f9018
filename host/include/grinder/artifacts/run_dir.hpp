#pragma once
// The artifacts run directory of Runbook 13:
//   $GRINDER_ARTIFACTS_DIR/YYYY-MM-DD/run_<HHMMSS>_<id>/
//     stdout.log  audit.jsonl  metrics.prom  metrics_summary.json  budget_state.json
// Old runs are pruned after GRINDER_ARTIFACT_TTL_DAYS.
#include <cstdint>
#include <optional>
#include <string>

namespace grinder::artifacts {

struct RunDir {
  std::string path;
  std::string run_id;

  std::string file(const std::string& name) const { return path + "/" + name; }
};

// Creates the run directory (and its date folder). nullopt + why on failure.
std::optional<RunDir> create_run_dir(const std::string& base, std::int64_t now_ms, const std::string& run_id,
                                     std::string& why);

// Removes date folders older than ttl_days (0 keeps everything). Returns how
// many run directories were removed.
int prune(const std::string& base, int ttl_days, std::int64_t now_ms);

// A short random id for runs ("a3f9c2").
std::string new_run_id();

}  // namespace grinder::artifacts
