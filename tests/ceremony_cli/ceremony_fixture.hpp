#pragma once
// A deployment on the BTCTurk guarded-live ladder and chains with the paper
// venue trading BTCTRY, in its own temp folder (state, audit, budget,
// artifacts all inside), and the grinder binary run against it with exactly
// the environment a test gives (env -i: nothing leaks in from the shell).
#include <netinet/in.h>
#include <rapidjson/document.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "free_port.hpp"
#include "test_env.hpp"

namespace grinder::test {

// Every arming variable set to go (BTCTurk runbook, stage 2), lever on stage.
inline std::map<std::string, std::string> armed(const std::string& lever = "canary_once") {
  return {{"LIVE_TRADING", "true"}, {"LIVE_TRADING_ACK", "I_UNDERSTAND"},
          {"DRY_RUN", "false"},     {"KILL_SWITCH", "false"},
          {"SAFE_MODE", "false"},   {"GUARDED_LIVE_STAGE", lever}};
}

struct PaperDeployment {
  TempDir dir;
  int http_port = free_port();

  // extra_params: YAML lines added under the venue's params (6 spaces in);
  // credentials: a flow mapping for the venue's credentials, or empty.
  explicit PaperDeployment(const std::string& extra_params = "", const std::string& credentials = "",
                           const std::string& plugin = "paper", const std::string& plugin_dir = "") {
    std::string y = "version: 1\nname: btcturk-test\n";
    y += "ladder: " + source_dir() + "/stages/btcturk-guarded-live/ladder.yaml\n";
    y += "chains: " + source_dir() + "/stages/btcturk-guarded-live/chains.yaml\n";
    if (!plugin_dir.empty()) y += "plugin_dir: " + plugin_dir + "\n";
    y += "venues:\n  paper:\n    plugin: " + plugin + "\n    params:\n";
    y += "      seed: 7\n      symbols: { BTCTRY: { price: 2000000, tick_size: 1, step_size: 0.00001, min_notional: 10 "
         "} }\n";
    y += extra_params;
    if (!credentials.empty()) y += "    credentials: " + credentials + "\n";
    y += "identity: { prefix: grinder_, strategies: [\"1\"] }\n";
    y += "reconcile: { interval_ms: \"${RECONCILE_INTERVAL_MS:-100}\", venue: paper, symbols: [BTCTRY] }\n";
    y += "http: { port: \"${GRINDER_HTTP_PORT}\", bind: 127.0.0.1 }\n";
    y += "artifacts: { dir: artifacts }\naudit: { path: audit/guarded_live.jsonl }\n";
    y += "budget: { state_path: var/budget.json }\nstate_dir: var\n";
    dir.write("grinder.yaml", y);
  }

  std::string root() const { return dir.path(); }
  std::string audit_path() const { return dir.file("audit/guarded_live.jsonl"); }
  std::string budget_path() const { return dir.file("var/budget.json"); }

  // The approved ceiling, as `grinder stage promote` records it.
  void approve(const std::string& stage) const {
    dir.write("var/stage.json",
              "{\"version\":1,\"ceiling\":\"" + stage + "\",\"since_ms\":0,\"changed_by\":\"test\",\"reason\":\"\"}\n");
  }

  // `grinder ARGS --config ROOT` with only `env` (and the HTTP port) set.
  CommandResult grinder(const std::string& args, std::map<std::string, std::string> env = {}) const {
    env.emplace("GRINDER_HTTP_PORT", std::to_string(http_port));
    std::string cmd = "env -i";
    for (const auto& [k, v] : env) cmd += " " + k + "='" + v + "'";
    return run_command(cmd + " " + grinder_bin() + " " + args + " --config " + root());
  }

  std::vector<std::string> audit_events(const std::string& type) const {
    std::vector<std::string> out;
    std::ifstream in(audit_path());
    std::string line;
    while (std::getline(in, line))
      if (line.find("\"event\":\"" + type + "\"") != std::string::npos) out.push_back(line);
    return out;
  }
};

// The JSON document a --json command printed: its last line that is an
// object (plugin warnings may precede it on stderr).
inline rapidjson::Document json_of(const std::string& output) {
  std::istringstream in(output);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty() && line.front() == '{') last = line;
  rapidjson::Document d;
  d.Parse(last.c_str());
  return d;
}

// The status and detail doctor printed for one check: "PASS no run is live".
inline std::string check_line(const std::string& output, const std::string& name) {
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string first, status;
    if (row >> first >> status && first == name) {
      std::string rest;
      std::getline(row, rest);
      auto start = rest.find_first_not_of(' ');
      return status + " " + (start == std::string::npos ? "" : rest.substr(start));
    }
  }
  return "";
}

inline std::string last_line(const std::string& output) {
  std::string s = output;
  while (!s.empty() && s.back() == '\n') s.pop_back();
  auto nl = s.rfind('\n');
  return nl == std::string::npos ? s : s.substr(nl + 1);
}

}  // namespace grinder::test
