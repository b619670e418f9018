#pragma once
// grinder-venue-sim as a child process on free loopback ports, for one test:
// started with a pipe on stdin (it exits when the test does, however the test
// ends), its ports read from the lines it prints, its admin interface at hand.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "grinder/venue_kit/http_client.hpp"
#include "json.hpp"
#include "sim_child.hpp"
#include "test_env.hpp"

namespace grinder::test {

// Credentials the simulator accepts. The secret is distinctive so that a
// grep of every output proves it never leaked.
inline const char* const kApiKey = "grinder-test-api-key-7f3a";
inline const char* const kApiSecret = "S3CRET-never-printed-0b5e1d9c4a7f2e8b6d3c";

class SimProcess {
 public:
  explicit SimProcess(std::vector<std::string> extra = {}) : child_(arguments(std::move(extra))) {
    std::string error;
    auto ep = venue_kit::parse_endpoint("http://127.0.0.1:" + std::to_string(child_.admin_port()), "http", error);
    REQUIRE(ep);
    admin_ = std::make_unique<venue_kit::HttpClient>(*ep, venue_kit::HttpTimeouts{});
  }

  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  std::uint16_t port() const { return child_.port(); }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(child_.port()); }
  std::string ws_url() const { return "ws://127.0.0.1:" + std::to_string(child_.port()); }

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
    auto doc = binance::parse_json(r.response.body, error);
    REQUIRE(doc);
    return std::move(*doc);
  }

  // Orders the venue accepted under this client order id.
  int orders_for(const std::string& client_order_id) {
    auto s = admin("stats");
    const auto& m = s["orders_by_client_id"];
    return m.HasMember(client_order_id.c_str()) ? m[client_order_id.c_str()].GetInt() : 0;
  }
  // REST requests seen on "METHOD /path".
  int requests(const std::string& route) {
    auto s = admin("stats");
    const auto& m = s["requests"];
    return m.HasMember(route.c_str()) ? m[route.c_str()].GetInt() : 0;
  }

  // Everything it printed so far.
  std::string output() const { return child_.output(); }

 private:
  static std::vector<std::string> arguments(std::vector<std::string> extra) {
    std::vector<std::string> args = {GRINDER_VENUE_SIM,
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
    return args;
  }

  SimChild child_;
  std::unique_ptr<venue_kit::HttpClient> admin_;
};

}  // namespace grinder::test
