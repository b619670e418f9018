#include "grinder/artifacts/run_dir.hpp"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <regex>

namespace fs = std::filesystem;

namespace grinder::artifacts {

namespace {
std::tm utc(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}
}  // namespace

std::string new_run_id() {
  std::random_device rd;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%06x", rd() & 0xffffff);
  return buf;
}

std::optional<RunDir> create_run_dir(const std::string& base, std::int64_t now_ms, const std::string& run_id,
                                     std::string& why) {
  std::tm tm = utc(now_ms);
  char day[16], hms[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
  std::strftime(hms, sizeof hms, "%H%M%S", &tm);
  fs::path p = fs::path(base) / day / ("run_" + std::string(hms) + "_" + run_id);
  std::error_code ec;
  fs::create_directories(p, ec);
  if (ec) {
    why = "cannot create artifacts run directory " + p.string() + ": " + ec.message();
    return std::nullopt;
  }
  return RunDir{p.string(), run_id};
}

int prune(const std::string& base, int ttl_days, std::int64_t now_ms) {
  if (ttl_days <= 0 || !fs::is_directory(base)) return 0;
  static const std::regex day_re("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  std::tm cutoff_tm = utc(now_ms - static_cast<std::int64_t>(ttl_days) * 86400000);
  char cutoff[16];
  std::strftime(cutoff, sizeof cutoff, "%Y-%m-%d", &cutoff_tm);
  int removed = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(base, ec)) {
    std::string name = e.path().filename().string();
    // Only date folders we made are candidates; anything else is left alone.
    if (!e.is_directory() || !std::regex_match(name, day_re) || name >= cutoff) continue;
    for (const auto& run : fs::directory_iterator(e.path(), ec))
      if (run.path().filename().string().rfind("run_", 0) == 0) ++removed;
    fs::remove_all(e.path(), ec);
  }
  return removed;
}

}  // namespace grinder::artifacts
