#include "live_run_checks.hpp"

#include <rapidjson/document.h>

#include <regex>

#include "grinder/ceremony/live_instance.hpp"
#include "grinder/safety/instance_lock.hpp"
#include "grinder/util/number.hpp"
#include "socket_owner.hpp"

namespace grinder::cli {

bool valid_instance_url(const std::string& url) {
  static const std::regex form(R"(^http://[A-Za-z0-9._-]+:([0-9]{1,5})/?$)");
  std::smatch m;
  return std::regex_match(url, m, form) && std::stoi(m[1]) > 0 && std::stoi(m[1]) < 65536;
}

std::string lock_scope(const config::Deployment& d) {
  return d.reconcile.venue.empty() ? "default" : d.reconcile.venue;
}

namespace {

struct Answer {
  std::string where;
  int port = 0;
  int http_status = 0;  // of /metrics; 0: nothing answered (error says why)
  bool up = false;      // grinder_up 1
  std::string deployment;
  std::optional<double> drawdown_pct;
  std::string stage;
  std::string error;
};

Answer ask(const config::Deployment& d, const std::string& url) {
  ceremony::LiveInstance live(d, url);
  Answer a;
  a.where = live.where();
  a.port = std::stoi(a.where.substr(a.where.rfind(':') + 1));
  auto m = live.get("/metrics");
  a.http_status = m.status;
  a.error = m.error;
  if (m.status != 200) return a;
  auto values = runtime::parse_metrics(m.body);
  auto up = values.find("grinder_up");
  a.up = up != values.end() && up->second == 1;
  if (auto st = live.status()) {
    rapidjson::Document doc;
    doc.Parse(st->raw.c_str());
    if (doc.IsObject() && doc.HasMember("deployment") && doc["deployment"].IsString())
      a.deployment = doc["deployment"].GetString();
    if (auto dd = st->values.find("drawdown_pct"); dd != st->values.end()) a.drawdown_pct = dd->second;
    a.stage = st->stage;
  }
  return a;
}

Check lock_check(const config::Deployment& d, const Answer& a, bool free, const std::string& holder) {
  std::string scope = lock_scope(d);
  if (free) return {"instance_lock", CheckStatus::Pass, "free: no run holds " + safety::lock_path(d.state_dir, scope)};
  // Held by the run that serves the endpoint we just read: that is the live
  // run the operator is checking, not a stray second instance.
  int pid = 0;
  try {
    pid = std::stoi(holder);
  } catch (...) {
  }
  if (pid > 0 && a.up && a.deployment == d.name && process_listens_on(pid, a.port))
    return {"instance_lock", CheckStatus::Pass, "held by pid " + holder + ", the live run serving " + a.where};
  return {"instance_lock", CheckStatus::Warn, "held by pid " + holder + " (a run is live)"};
}

Check endpoint_check(const config::Deployment& d, const Answer& a, bool url_given, bool lock_free) {
  // With --url the operator says a run is there: no answer is a failure.
  CheckStatus wrong = url_given ? CheckStatus::Fail : CheckStatus::Warn;
  if (a.http_status == 0) {
    if (url_given) return {"metrics_endpoint", CheckStatus::Fail, "no run answers at " + a.where + ": " + a.error};
    if (!lock_free)
      return {"metrics_endpoint", CheckStatus::Warn,
              "a run holds the lock but nothing answers at " + a.where + "; pass --url with its port"};
    return {"metrics_endpoint", CheckStatus::Pass, "no run is live (nothing answers at " + a.where + ")"};
  }
  if (a.http_status != 200)
    return {"metrics_endpoint", wrong, a.where + " answers /metrics with HTTP " + std::to_string(a.http_status)};
  if (!a.up) return {"metrics_endpoint", wrong, a.where + " answers /metrics without grinder_up 1"};
  if (a.deployment != d.name)
    return {"metrics_endpoint", wrong, a.where + " runs deployment '" + a.deployment + "', not '" + d.name + "'"};
  return {"metrics_endpoint", CheckStatus::Pass, "grinder_up 1 at " + a.where + " (deployment " + d.name + ")"};
}

}  // namespace

LiveRun check_live_run(const config::Deployment& d, const std::string& url) {
  Answer a = ask(d, url);
  std::string holder;
  bool free = safety::InstanceLock::is_free(d.state_dir, lock_scope(d), holder);
  LiveRun out;
  out.checks.push_back(lock_check(d, a, free, holder));
  out.checks.push_back(endpoint_check(d, a, !url.empty(), free));
  if (a.up && a.deployment == d.name) {
    out.drawdown_pct = a.drawdown_pct;
    if (!a.stage.empty()) out.stage = a.stage;
  }
  return out;
}

}  // namespace grinder::cli
