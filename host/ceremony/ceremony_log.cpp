#include "grinder/ceremony/ceremony_log.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "grinder/budget/ledger.hpp"
#include "grinder/config/value.hpp"

extern char** environ;

namespace grinder::ceremony {

std::string operator_name(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* u = std::getenv("USER"); u && *u) return u;
  return "uid " + std::to_string(::getuid());
}

std::vector<std::string> env_snapshot() {
  static const char* const prefixes[] = {"GRINDER_", "ALLOW_",  "RECONCILE_", "REMEDIATION_", "MAX_",
                                         "BUDGET_",  "BINANCE_", "BTCTURK_",  "LIVE_TRADING", "DRY_RUN",
                                         "KILL_SWITCH", "SAFE_MODE", "ARMED", "GUARDED_LIVE_STAGE"};
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq == std::string::npos) continue;
    std::string name = kv.substr(0, eq);
    bool wanted = std::any_of(std::begin(prefixes), std::end(prefixes),
                              [&](const char* p) { return name.rfind(p, 0) == 0; });
    if (!wanted) continue;
    out.push_back(config::looks_secret(name) ? name + "=<redacted>" : kv);
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {
std::string git_sha(const std::string& dir) {
  std::string cmd = "git -C '" + dir + "' rev-parse HEAD 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return "";
  char buf[64] = {0};
  std::string out = fgets(buf, sizeof buf, p) ? std::string(buf) : std::string();
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}
}  // namespace

std::optional<std::string> write_ceremony_log(const config::Deployment& d, const CeremonyRecord& r, std::string& why) {
  std::time_t t = static_cast<std::time_t>(r.at_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32], iso[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d_%H%M%S", &tm);
  std::strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::string dir = d.artifacts_dir.empty() ? d.state_dir : d.artifacts_dir;
  std::string path = (std::filesystem::path(dir) / ("ceremony_" + std::string(stamp) + "_" + r.action + ".log")).string();
  std::string sha = git_sha(d.base_dir);
  std::string text = "=== CEREMONY LOG ===\n";
  text += "Action: " + r.action + "\n";
  text += "Operator: " + r.operator_name + "\n";
  text += "Timestamp: " + std::string(iso) + "\n";
  text += "Deployment: " + d.name + " (" + d.root_file + ")\n";
  text += "Config digest: " + d.digest + "\n";
  text += "Git SHA: " + (sha.empty() ? std::string("(not a git checkout)") : sha) + "\n\n";
  text += "=== WHAT WAS CHECKED AND DONE ===\n";
  for (const auto& l : r.lines) text += l + "\n";
  text += "\n=== ENV SNAPSHOT (secrets redacted) ===\n";
  for (const auto& l : env_snapshot()) text += l + "\n";
  if (!budget::atomic_write(path, text, why)) return std::nullopt;
  return path;
}

}  // namespace grinder::ceremony
