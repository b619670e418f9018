#pragma once
// The simulator's view of HTTP, free of Beast: what a route handler reads and
// what it answers, including the ways a faulty venue answers badly.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace grinder::btcturk::sim {

struct Request {
  std::string method;
  std::string target;  // path and query, as sent
  std::string path;
  std::string query;  // raw, after '?'
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names

  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct Reply {
  enum class Delivery {
    Normal,
    Hang,        // accept the request and never answer
    Disconnect,  // close the connection without an answer
  };
  int status = 200;
  std::string body = "{}";
  std::vector<std::pair<std::string, std::string>> headers;
  int delay_ms = 0;
  Delivery delivery = Delivery::Normal;

  static Reply json(int status, std::string body) {
    Reply r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
};

}  // namespace grinder::btcturk::sim
