#include "state_checks.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "budget_reading.hpp"
#include "grinder/util/number.hpp"

namespace grinder::cli {

namespace fs = std::filesystem;

Check budget_state_check(const config::Deployment& d, std::int64_t now_ms) {
  // Reads only: doctor never reserves or resets.
  const BudgetReading b = read_budget(d, "doctor", now_ms);
  if (!b.error.empty()) return {"budget_state", CheckStatus::Fail, one_line(b.error)};
  if (!b.exists) return {"budget_state", CheckStatus::Pass, b.location + " is missing: the ledger starts fresh"};
  if (!b.stale_warning.empty()) return {"budget_state", CheckStatus::Warn, one_line(b.stale_warning)};
  char age[32];
  std::snprintf(age, sizeof age, "%.1f", b.age_hours.value_or(0));
  return {"budget_state", CheckStatus::Pass,
          b.location + (b.shared ? " (shared by scope " + d.ha.scope + ")" : "") + " is fresh (" + age +
              "h old, threshold " + util::format_number(d.budget_stale_hours) + "h); today " +
              std::to_string(b.view.calls_day) + " call(s), notional " + util::format_number(b.view.notional_day)};
}

namespace {

// Probes `dir`, or the nearest folder above it that exists when it does not
// yet (a run creates it there), without leaving anything behind.
std::string probe(const fs::path& dir) {
  fs::path at = dir.empty() ? fs::path(".") : dir;
  std::error_code ec;
  while (!fs::exists(at, ec) && at.has_parent_path() && at.parent_path() != at) at = at.parent_path();
  if (!fs::is_directory(at, ec)) return at.string() + " is not a folder";
  fs::path file = at / (".grinder-doctor-probe-" + std::to_string(::getpid()));
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return "cannot create a file in " + at.string() + ": " + std::strerror(errno);
  ::close(fd);
  if (::unlink(file.c_str()) != 0) return "cannot remove " + file.string() + ": " + std::strerror(errno);
  return {};
}

}  // namespace

Check paths_writable_check(const config::Deployment& d) {
  std::vector<std::pair<std::string, fs::path>> dirs;
  if (!d.artifacts_dir.empty()) dirs.emplace_back("artifacts", d.artifacts_dir);
  if (d.audit_enabled) dirs.emplace_back("audit", fs::path(d.audit_path).parent_path());
  dirs.emplace_back("budget", fs::path(d.budget_state_path).parent_path());
  dirs.emplace_back("state", d.state_dir);
  std::string ok, failed;
  for (const auto& [what, dir] : dirs) {
    std::string why = probe(dir);
    if (why.empty())
      ok += (ok.empty() ? "" : ", ") + what;
    else
      failed += (failed.empty() ? "" : "; ") + what + ": " + why;
  }
  if (!failed.empty()) return {"paths_writable", CheckStatus::Fail, failed};
  if (!d.audit_enabled)
    return {"paths_writable", CheckStatus::Warn,
            ok + " writable; the audit is disabled (GRINDER_AUDIT_ENABLED=0): no evidence is kept"};
  return {"paths_writable", CheckStatus::Pass, ok + " writable (probe file created and removed)"};
}

}  // namespace grinder::cli
