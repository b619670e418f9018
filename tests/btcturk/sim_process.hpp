#pragma once
// grinder-btcturk-sim as a child process on free loopback ports, for one
// test: started with a pipe on stdin (it exits when the test does, however
// the test ends), its ports read from the lines it prints, its admin
// interface at hand.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "grinder/venue_kit/http_client.hpp"
#include "json.hpp"
#include "sim_child.hpp"
#include "test_env.hpp"

namespace grinder::test {

// Keys the simulator accepts. Both the private key's base64 text and the
// bytes it encodes are distinctive, so a grep of every output proves
// neither leaked.
inline const char* const kApiKey = "grinder-test-public-key-7f3a";
inline const char* const kPrivateKeyBytes = "PRIVATE-never-printed-0b5e1d9c4a7f2e8b6d3c";
inline const char* const kApiSecret = "UFJJVkFURS1uZXZlci1wcmludGVkLTBiNWUxZDljNGE3ZjJlOGI2ZDNj";

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

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(child_.port()); }

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
  std::string output() const { return child_.output(); }

 private:
  static std::vector<std::string> arguments(std::vector<std::string> extra) {
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
    return args;
  }

  SimChild child_;
  std::unique_ptr<venue_kit::HttpClient> admin_;
};

}  // namespace grinder::test
