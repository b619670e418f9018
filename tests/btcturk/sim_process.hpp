#pragma once
// grinder-btcturk-sim as a child process on free loopback ports, for one
// test: started with a pipe on stdin (it exits when the test does, however
// the test ends), its ports read from the lines it prints, its admin
// interface at hand.
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "grinder/venue_kit/http_client.hpp"
#include "json.hpp"
#include "test_env.hpp"

extern char** environ;

namespace grinder::test {

// Keys the simulator accepts. Both the private key's base64 text and the
// bytes it encodes are distinctive, so a grep of every output proves
// neither leaked.
inline const char* const kApiKey = "grinder-test-public-key-7f3a";
inline const char* const kPrivateKeyBytes = "PRIVATE-never-printed-0b5e1d9c4a7f2e8b6d3c";
inline const char* const kApiSecret = "UFJJVkFURS1uZXZlci1wcmludGVkLTBiNWUxZDljNGE3ZjJlOGI2ZDNj";

class SimProcess {
 public:
  explicit SimProcess(std::vector<std::string> extra = {}) {
    int in[2], out[2];
    REQUIRE(pipe(in) == 0);
    REQUIRE(pipe(out) == 0);
    err_file_ = dir_.file("sim.stderr");
    std::vector<std::string> args = {GRINDER_BTCTURK_SIM,
                                     "--port",
                                     "0",
                                     "--admin-port",
                                     "0",
                                     "--api-key",
                                     kApiKey,
                                     "--api-secret",
                                     kApiSecret,
                                     "--seed",
                                     "7",
                                     "--tick-ms",
                                     "50",
                                     "--exit-on-stdin-close",
                                     "-v"};
    args.insert(args.end(), extra.begin(), extra.end());
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

  ~SimProcess() {
    close(stdin_);
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    close(stdout_);
  }

  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // POST /admin/<route> (GET for stats); fails the test unless it answers 200.
  rapidjson::Document admin(const std::string& route, const std::string& body = "{}") {
    venue_kit::HttpRequest req;
    req.method = route == "stats" ? "GET" : "POST";
    req.target = "/admin/" + route;
    req.body = route == "stats" ? "" : body;
    req.content_type = "application/json";
    venue_kit::HttpResult r = admin_->send(req);
    INFO(r.error << " " << r.response.body);
    REQUIRE(r.ok());
    REQUIRE(r.response.status == 200);
    std::string error;
    auto doc = btcturk::parse_json(r.response.body, error);
    REQUIRE(doc);
    return std::move(*doc);
  }

  // Orders the venue accepted under this client order id.
  int orders_for(const std::string& client_order_id) {
    auto s = admin("stats");
    return static_cast<int>(btcturk::int_of(s["orders_by_client_id"], client_order_id.c_str()).value_or(0));
  }
  // REST requests seen on "METHOD /path" ("GET /api/v1/order/{id}" for an order's path).
  int requests(const std::string& route) {
    auto s = admin("stats");
    return static_cast<int>(btcturk::int_of(s["requests"], route.c_str()).value_or(0));
  }
  int private_requests() {
    auto s = admin("stats");
    int n = 0;
    for (const auto& m : s["requests"].GetObject())
      if (std::string(m.name.GetString()).find("/api/v1/") != std::string::npos)
        n += static_cast<int>(std::stoll(m.value.GetString()));
    return n;
  }
  std::int64_t stat(const char* key) { return btcturk::int_of(admin("stats"), key).value_or(-1); }

  // Everything it printed so far.
  std::string output() {
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
    std::string error;
    auto ep = venue_kit::parse_endpoint("http://127.0.0.1:" + std::to_string(admin_port_), "http", error);
    REQUIRE(ep);
    admin_ = std::make_unique<venue_kit::HttpClient>(*ep, venue_kit::HttpTimeouts{});
  }

  TempDir dir_;
  std::string err_file_;
  pid_t pid_ = -1;
  int stdin_ = -1, stdout_ = -1;
  std::string stdout_text_;
  std::uint16_t port_ = 0, admin_port_ = 0;
  std::unique_ptr<venue_kit::HttpClient> admin_;
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
