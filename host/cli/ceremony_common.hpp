#pragma once
// Shared by the ceremony commands (stage, kill-switch, drill, graduate):
// loading the deployment or exiting 2 (the clock is wall_clock.hpp).
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>

#include "grinder/config/deployment.hpp"
#include "wall_clock.hpp"

namespace grinder::cli {

inline config::Deployment load_or_exit(const std::string& path) {
  config::Diagnostics diags;
  auto d = config::load_deployment(path, diags);
  if (!d) {
    std::cerr << diags.render_text() << diags.size() << " error(s); nothing was loaded\n";
    throw CLI::RuntimeError(2);
  }
  return *d;
}

[[noreturn]] inline void fail(const std::string& command, const std::string& message, int code = 2) {
  std::cerr << "grinder " << command << ": " << message << "\n";
  throw CLI::RuntimeError(code);
}

}  // namespace grinder::cli
