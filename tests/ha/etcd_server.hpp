#pragma once
// A real etcd (Debian's etcd-server) on loopback, on free ports, with its own
// data folder, for the HA tests. Started in the constructor (healthy before it
// returns), killed in the destructor or by kill().
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "grinder/config/deployment.hpp"
#include "grinder/runtime/http_client.hpp"
#include "free_port.hpp"
#include "test_env.hpp"

extern char** environ;

namespace grinder::test {

class EtcdServer {
 public:
  static constexpr const char* kBinary = "/usr/bin/etcd";

  EtcdServer() : client_port_(free_port()), peer_port_(free_port()) {
    REQUIRE(::access(kBinary, X_OK) == 0);  // the etcd-server package
    std::string client = "http://127.0.0.1:" + std::to_string(client_port_);
    std::string peer = "http://127.0.0.1:" + std::to_string(peer_port_);
    std::vector<std::string> args = {kBinary,
                                     "--name",
                                     "default",
                                     "--data-dir",
                                     dir_.file("data"),
                                     "--listen-client-urls",
                                     client,
                                     "--advertise-client-urls",
                                     client,
                                     "--listen-peer-urls",
                                     peer,
                                     "--initial-advertise-peer-urls",
                                     peer,
                                     "--initial-cluster",
                                     "default=" + peer};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, dir_.file("stderr.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int rc = posix_spawn(&pid_, kBinary, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(rc == 0);
    for (int waited = 0; waited < 15000; waited += 50) {
      auto r =
          runtime::http_request("127.0.0.1", client_port_, "GET", "/health", {}, {}, std::chrono::milliseconds(500));
      if (r.status == 200 && r.body.find("true") != std::string::npos) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill();
    FAIL("etcd did not become healthy on " << client);
  }
  ~EtcdServer() { kill(); }
  EtcdServer(const EtcdServer&) = delete;
  EtcdServer& operator=(const EtcdServer&) = delete;

  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  int port() const { return client_port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(client_port_); }
  config::EtcdEndpoint endpoint() const { return {url(), "127.0.0.1", client_port_}; }

 private:
  TempDir dir_;
  int client_port_;
  int peer_port_;
  pid_t pid_ = -1;
};

// Polls until pred holds or timeout_ms passes; returns whether it held.
template <typename Pred>
bool eventually(Pred pred, int timeout_ms) {
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

}  // namespace grinder::test
