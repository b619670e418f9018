#include "grinder/ceremony/state.hpp"

#include <fcntl.h>
#include <rapidjson/document.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "grinder/budget/ledger.hpp"
#include "grinder/util/json_escape.hpp"

namespace grinder::ceremony {

namespace {

// nullopt: missing. Sets why when present but unreadable as a JSON object.
std::optional<rapidjson::Document> read_json(const std::string& path, std::string& why, bool& corrupt) {
  corrupt = false;
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  rapidjson::Document d;
  d.Parse(ss.str().c_str());
  if (d.HasParseError() || !d.IsObject()) {
    corrupt = true;
    why = path + " is corrupt (not a JSON object); fix or remove it";
    return std::nullopt;
  }
  return d;
}

std::string str(const rapidjson::Value& o, const char* k) {
  return o.HasMember(k) && o[k].IsString() ? o[k].GetString() : std::string();
}
std::int64_t i64(const rapidjson::Value& o, const char* k) { return o.HasMember(k) && o[k].IsInt64() ? o[k].GetInt64() : 0; }

}  // namespace

std::string StateDir::path(const std::string& file) const { return (std::filesystem::path(dir_) / file).string(); }

std::optional<StageState> StateDir::stage(std::string& why) const {
  bool corrupt;
  auto d = read_json(path("stage.json"), why, corrupt);
  if (corrupt) return std::nullopt;
  StageState s;
  if (!d) return s;
  s.ceiling = str(*d, "ceiling");
  s.since_ms = i64(*d, "since_ms");
  s.changed_by = str(*d, "changed_by");
  s.reason = str(*d, "reason");
  return s;
}

bool StateDir::save_stage(const StageState& s, std::string& why) const {
  return budget::atomic_write(path("stage.json"),
                              "{\"version\":1,\"ceiling\":" + util::json_quote(s.ceiling) +
                                  ",\"since_ms\":" + std::to_string(s.since_ms) + ",\"changed_by\":" +
                                  util::json_quote(s.changed_by) + ",\"reason\":" + util::json_quote(s.reason) + "}\n",
                              why);
}

std::optional<std::map<std::string, DrillResult>> StateDir::drills(std::string& why) const {
  bool corrupt;
  auto d = read_json(path("drills.json"), why, corrupt);
  if (corrupt) return std::nullopt;
  std::map<std::string, DrillResult> out;
  if (!d) return out;
  for (auto it = d->MemberBegin(); it != d->MemberEnd(); ++it) {
    if (!it->value.IsObject()) continue;
    DrillResult r;
    r.passed = it->value.HasMember("passed") && it->value["passed"].IsBool() && it->value["passed"].GetBool();
    r.at_ms = i64(it->value, "at_ms");
    r.detail = str(it->value, "detail");
    out[it->name.GetString()] = r;
  }
  return out;
}

bool StateDir::save_drill(const std::string& name, const DrillResult& r, std::string& why) const {
  auto all = drills(why);
  if (!all) return false;
  (*all)[name] = r;
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : *all) {
    out += (first ? "" : ",") + util::json_quote(k) + ":{\"passed\":" + (v.passed ? "true" : "false") +
           ",\"at_ms\":" + std::to_string(v.at_ms) + ",\"detail\":" + util::json_quote(v.detail) + "}";
    first = false;
  }
  return budget::atomic_write(path("drills.json"), out + "}\n", why);
}

std::optional<GraduationState> StateDir::graduation(std::string& why) const {
  bool corrupt;
  auto d = read_json(path("graduation.json"), why, corrupt);
  if (corrupt) return std::nullopt;
  GraduationState g;
  if (!d) return g;
  g.step = static_cast<std::size_t>(std::max<std::int64_t>(0, i64(*d, "step")));
  g.since_ms = i64(*d, "since_ms");
  return g;
}

bool StateDir::save_graduation(const GraduationState& g, std::string& why) const {
  return budget::atomic_write(path("graduation.json"),
                              "{\"version\":1,\"step\":" + std::to_string(g.step) +
                                  ",\"since_ms\":" + std::to_string(g.since_ms) + "}\n",
                              why);
}

std::optional<std::string> StateDir::admin_token(bool create, std::string& why) const {
  std::string p = path("admin.token");
  std::ifstream in(p);
  if (in) {
    std::string t;
    std::getline(in, t);
    if (!t.empty()) return t;
  }
  if (!create) {
    why = "no admin token at " + p + " (is an instance running with this state folder?)";
    return std::nullopt;
  }
  std::random_device rd;
  std::string t;
  static const char* hex = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) t += hex[rd() & 15];
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  // Only the owner may read it: it is what authorises tripping the latch.
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || ::write(fd, (t + "\n").data(), t.size() + 1) < 0) {
    if (fd >= 0) ::close(fd);
    why = "cannot write admin token " + p;
    return std::nullopt;
  }
  ::fchmod(fd, 0600);
  ::close(fd);
  return t;
}

}  // namespace grinder::ceremony
