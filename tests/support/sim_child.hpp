#pragma once
// A venue simulator (grinder-venue-sim, grinder-btcturk-sim) as a child
// process for one test: started with a pipe on stdin, so it exits when the
// test does however the test ends; its ports read from the lines it prints
// ("listening on ...:P", "admin listening on ...:Q"); its stderr kept in a
// file so a test can grep everything it said.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "test_env.hpp"

extern char** environ;

namespace grinder::test {

class SimChild {
 public:
  // args[0]: the simulator's path; it must print both port lines.
  explicit SimChild(std::vector<std::string> args) {
    int in[2], out[2];
    REQUIRE(pipe(in) == 0);
    REQUIRE(pipe(out) == 0);
    err_file_ = dir_.file("sim.stderr");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&fa, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, err_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    int rc = posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    stdin_ = in[1];
    stdout_ = out[0];
    fcntl(stdin_, F_SETFD, FD_CLOEXEC);
    fcntl(stdout_, F_SETFD, FD_CLOEXEC);
    REQUIRE(rc == 0);
    read_ports();
  }

  ~SimChild() {
    close(stdin_);
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    close(stdout_);
  }

  SimChild(const SimChild&) = delete;
  SimChild& operator=(const SimChild&) = delete;

  std::uint16_t port() const { return port_; }
  std::uint16_t admin_port() const { return admin_port_; }

  // Everything it printed so far.
  std::string output() const {
    std::ifstream in(err_file_);
    std::stringstream ss;
    ss << in.rdbuf();
    return stdout_text_ + ss.str();
  }

 private:
  void read_ports() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (stdout_text_.find("admin listening on") == std::string::npos ||
           stdout_text_.find('\n', stdout_text_.find("admin listening on")) == std::string::npos) {
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      pollfd p{stdout_, POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      char buf[256];
      ssize_t n = read(stdout_, buf, sizeof buf);
      REQUIRE(n > 0);
      stdout_text_.append(buf, static_cast<std::size_t>(n));
    }
    auto port_after = [&](const std::string& marker) {
      std::size_t at = stdout_text_.find(marker);
      std::size_t colon = stdout_text_.find(':', at + marker.size());
      return static_cast<std::uint16_t>(std::stoi(stdout_text_.substr(colon + 1)));
    };
    port_ = port_after("listening on ");
    admin_port_ = port_after("admin listening on ");
  }

  TempDir dir_;
  std::string err_file_;
  pid_t pid_ = -1;
  int stdin_ = -1, stdout_ = -1;
  std::string stdout_text_;
  std::uint16_t port_ = 0, admin_port_ = 0;
};

// Polls until cond() holds or the time runs out.
template <class F>
bool eventually(F cond, int timeout_ms = 5000) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return cond();
}

}  // namespace grinder::test
