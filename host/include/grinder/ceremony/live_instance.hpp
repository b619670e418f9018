#pragma once
// Reaching the running instance of a deployment from a ceremony command:
// its HTTP port (the config's, or --url), /status, /metrics, and the admin
// endpoint with the token from the state folder.
#include <map>
#include <optional>
#include <string>

#include "grinder/config/deployment.hpp"
#include "grinder/runtime/http_client.hpp"

namespace grinder::ceremony {

struct LiveStatus {
  std::string stage;
  std::string lever_value;
  std::string run_id;
  bool stage_executes = false;
  std::map<std::string, double> values;  // criteria_values
  std::string raw;
};

class LiveInstance {
 public:
  // url: "http://127.0.0.1:9090" (empty: the deployment's http bind and port).
  LiveInstance(const config::Deployment& d, const std::string& url);

  // nullopt when nothing answers.
  std::optional<LiveStatus> status() const;
  std::optional<std::map<std::string, double>> metrics() const;
  runtime::HttpResult get(const std::string& path) const;
  // POST/GET to /admin/... with the token; error names what is missing.
  runtime::HttpResult admin(const std::string& method, const std::string& path, const std::string& body) const;
  std::string where() const { return host_ + ":" + std::to_string(port_); }

 private:
  std::string host_ = "127.0.0.1";
  int port_ = 9090;
  std::string state_dir_;
};

}  // namespace grinder::ceremony
