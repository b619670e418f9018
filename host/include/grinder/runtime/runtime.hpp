#pragma once
// `grinder run`: the running service the runbooks operate. One Boost.Asio
// io_context runs the reconcile timer, market data freshness, config reload,
// signals and the HTTP endpoints; venue calls run on a worker thread. The
// Runtime object owns the world: nothing else holds mutable global state.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "grinder/config/yaml_loader.hpp"

namespace grinder::runtime {

struct RunOptions {
  std::string config_path = "grinder.yaml";
  std::optional<double> duration_s;       // stop after this long
  std::optional<std::int64_t> max_cycles; // stop after this many reconcile cycles
  bool reset_budget_state = false;
  std::optional<std::string> audit_out;    // wins over the config and run dir
  std::optional<std::string> metrics_out;  // final metrics snapshot path
  std::optional<int> http_port;            // wins over the config
  config::EnvLookup env = config::process_env();
  std::ostream* out = nullptr;  // run log (stdout when null)
  // Called on the loop thread once the HTTP server listens (tests use it).
  std::function<void(std::uint16_t http_port)> on_ready;
};

class Runtime {
 public:
  explicit Runtime(RunOptions options);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  // Runs until stopped (signal, --duration, --max-cycles, stop()). Returns the
  // process exit code: 0 clean, 2 could not start (config, lock, port).
  int run();
  // Thread-safe.
  void stop();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace grinder::runtime
