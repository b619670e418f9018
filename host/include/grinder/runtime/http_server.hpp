#pragma once
// A small HTTP/1.1 server (Boost.Beast) on the runtime's io_context. Handlers
// run on the loop thread and must answer from state they already hold: venue
// calls never happen here, so /metrics answers while a venue hangs or a
// reload runs.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace grinder::runtime {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query
  std::string path;    // target without the query
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote_address;

  std::string header(const std::string& lower_name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::map<std::string, std::string> headers;

  static HttpResponse json(int status, std::string body);
  static HttpResponse text(int status, std::string body);
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  // Binds at construction (throws std::runtime_error naming address:port on
  // failure); port 0 picks a free port, see port().
  HttpServer(boost::asio::io_context& io, const std::string& bind_address, std::uint16_t port, HttpHandler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const;
  void stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace grinder::runtime
