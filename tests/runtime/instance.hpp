#pragma once
// A grinder instance run in-process on the paper venue, with its own state,
// audit and artifacts folders, reached over real HTTP on loopback.
#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <map>
#include <regex>
#include <sstream>
#include <thread>

#include "grinder/runtime/runtime.hpp"
#include "test_env.hpp"

namespace grinder::test {

using Env = std::map<std::string, std::string>;

class Instance {
 public:
  // env: the process environment the instance sees (nothing else leaks in).
  // ceiling: the stage an operator has approved (written to stage.json as
  // `grinder stage promote` would); empty: none yet.
  Instance(std::map<std::string, std::string> env, std::string config = source_dir() + "/examples/paper",
           runtime::RunOptions extra = {}, const std::string& ceiling = "") {
    if (!ceiling.empty())
      dir_.write("var/stage.json", "{\"version\":1,\"ceiling\":\"" + ceiling + "\",\"since_ms\":" +
                                       std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                          std::chrono::system_clock::now().time_since_epoch())
                                                          .count()) +
                                       ",\"changed_by\":\"test\",\"reason\":\"\"}\n");
    env.emplace("GRINDER_STATE_DIR", dir_.file("var"));
    env.emplace("GRINDER_ARTIFACTS_DIR", dir_.file("artifacts"));
    env.emplace("GRINDER_AUDIT_PATH", dir_.file("audit/reconcile.jsonl"));
    env.emplace("BUDGET_STATE_PATH", dir_.file("var/budget.json"));
    env.emplace("RECONCILE_INTERVAL_MS", "100");
    env_ = env;
    runtime::RunOptions o = std::move(extra);
    o.config_path = config;
    o.env = fake_env(env);
    o.http_port = 0;
    o.out = &log_;
    std::promise<std::uint16_t> ready;
    auto ready_future = ready.get_future();
    o.on_ready = [&ready](std::uint16_t p) { ready.set_value(p); };
    rt_ = std::make_unique<runtime::Runtime>(std::move(o));
    thread_ = std::thread([this] { exit_code_ = rt_->run(); });
    if (ready_future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      rt_->stop();
      thread_.join();
      FAIL("instance did not start:\n" << log_.str());
    }
    port_ = ready_future.get();
  }
  ~Instance() { stop(); }

  void stop() {
    if (thread_.joinable()) {
      rt_->stop();
      thread_.join();
    }
  }

  CommandResult get(const std::string& path) const {
    return run_command("curl -s -m 5 -w '\\n%{http_code}' http://127.0.0.1:" + std::to_string(port_) + path);
  }
  int status(const std::string& path) const {
    auto r = get(path);
    return std::stoi(r.output.substr(r.output.rfind('\n') + 1));
  }
  std::string body(const std::string& path) const {
    auto r = get(path);
    return r.output.substr(0, r.output.rfind('\n'));
  }
  // A sample from /metrics, e.g. metric("grinder_reconcile_action_blocked_total{reason=\"dry_run\"}"); 0 if absent.
  double metric(const std::string& series) const {
    std::istringstream in(body("/metrics"));
    std::string line;
    while (std::getline(in, line))
      if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
    return 0;
  }
  // Waits until the metric reaches at least `value`.
  bool wait_metric(const std::string& series, double value, int timeout_ms = 8000) const {
    for (int waited = 0; waited < timeout_ms; waited += 50) {
      if (metric(series) >= value) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  std::string log() const { return log_.str(); }
  const std::map<std::string, std::string>& env() const { return env_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // "env -i VAR=... " for running the grinder binary against this instance's
  // deployment with exactly the environment the instance sees.
  std::string shell_env() const {
    std::string out = "env -i PATH=/usr/bin:/bin ";
    for (const auto& [k, v] : env_) out += k + "='" + v + "' ";
    return out;
  }
  const TempDir& dir() const { return dir_; }
  int exit_code() const { return exit_code_; }
  std::uint16_t port() const { return port_; }

 private:
  TempDir dir_;
  std::map<std::string, std::string> env_;
  std::ostringstream log_;
  std::unique_ptr<runtime::Runtime> rt_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  int exit_code_ = -1;
};

}  // namespace grinder::test
