#pragma once
// A minimal synchronous HTTP/1.1 client for the ceremony commands to talk to
// a running instance on loopback (/metrics, /admin/...) and for HA to talk to
// etcd's JSON gateway on loopback. Plain HTTP only: neither leaves loopback.
// The whole exchange (connect, send, answer) is bounded by `timeout`.
#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace grinder::runtime {

struct HttpResult {
  int status = 0;  // 0: no answer (see error)
  std::string body;
  std::string error;
};

HttpResult http_request(const std::string& host, int port, const std::string& method, const std::string& target,
                        const std::string& body = {}, const std::map<std::string, std::string>& headers = {},
                        std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Parses Prometheus text: "name{labels}" -> value, for the series present.
std::map<std::string, double> parse_metrics(const std::string& text);

}  // namespace grinder::runtime
