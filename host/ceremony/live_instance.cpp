#include "grinder/ceremony/live_instance.hpp"

#include <rapidjson/document.h>

#include "grinder/ceremony/state.hpp"

namespace grinder::ceremony {

LiveInstance::LiveInstance(const config::Deployment& d, const std::string& url) : state_dir_(d.state_dir) {
  host_ = d.http.bind == "0.0.0.0" || d.http.bind == "::" ? "127.0.0.1" : d.http.bind;
  port_ = d.http.port;
  if (!url.empty()) {
    std::string rest = url;
    if (rest.rfind("http://", 0) == 0) rest = rest.substr(7);
    auto slash = rest.find('/');
    if (slash != std::string::npos) rest = rest.substr(0, slash);
    auto colon = rest.rfind(':');
    if (colon != std::string::npos) {
      host_ = rest.substr(0, colon);
      port_ = std::stoi(rest.substr(colon + 1));
    } else {
      host_ = rest;
    }
  }
}

runtime::HttpResult LiveInstance::get(const std::string& path) const {
  return runtime::http_request(host_, port_, "GET", path, {}, {{"Accept", "application/json"}});
}

std::optional<LiveStatus> LiveInstance::status() const {
  auto r = get("/status");
  if (r.status != 200) return std::nullopt;
  rapidjson::Document d;
  d.Parse(r.body.c_str());
  if (d.HasParseError() || !d.IsObject()) return std::nullopt;
  LiveStatus s;
  s.raw = r.body;
  auto str = [&](const rapidjson::Value& o, const char* k) {
    return o.HasMember(k) && o[k].IsString() ? std::string(o[k].GetString()) : std::string();
  };
  s.stage = str(d, "stage");
  s.run_id = str(d, "run_id");
  if (d.HasMember("ladder") && d["ladder"].IsObject()) s.lever_value = str(d["ladder"], "lever_value");
  if (d.HasMember("flags") && d["flags"].IsObject() && d["flags"].HasMember("armed") && d["flags"]["armed"].IsBool())
    s.stage_executes = d["flags"]["armed"].GetBool();
  if (d.HasMember("criteria_values") && d["criteria_values"].IsObject())
    for (auto it = d["criteria_values"].MemberBegin(); it != d["criteria_values"].MemberEnd(); ++it)
      if (it->value.IsNumber()) s.values[it->name.GetString()] = it->value.GetDouble();
  return s;
}

std::optional<std::map<std::string, double>> LiveInstance::metrics() const {
  auto r = get("/metrics");
  if (r.status != 200) return std::nullopt;
  return runtime::parse_metrics(r.body);
}

runtime::HttpResult LiveInstance::admin(const std::string& method, const std::string& path,
                                        const std::string& body) const {
  std::string why;
  auto token = StateDir(state_dir_).admin_token(false, why);
  if (!token) {
    runtime::HttpResult r;
    r.error = why;
    return r;
  }
  return runtime::http_request(host_, port_, method, path, body, {{"Authorization", "Bearer " + *token}});
}

}  // namespace grinder::ceremony
