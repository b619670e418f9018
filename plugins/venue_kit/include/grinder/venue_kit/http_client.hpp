#pragma once
// One keep-alive HTTP/1.1 connection to the venue, over TLS or plain TCP,
// used synchronously with a deadline on every step (resolve and connect,
// then the request and its answer). Not thread-safe: one caller at a time,
// which is the ABI's contract per instance.
//
// What matters most for orders is WHEN a failure happened: before the whole
// request left (nothing reached the venue: safe to retry) or after (the
// venue may have acted on it: the outcome is unknown). HttpResult says which.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grinder/venue_kit/endpoint.hpp"
#include "grinder/venue_kit/tls_options.hpp"

namespace grinder::venue_kit {

struct HttpTimeouts {
  std::chrono::milliseconds connect{5000};   // resolve + TCP + TLS handshake
  std::chrono::milliseconds request{10000};  // writing the request, then reading the answer
  // A kept-alive connection idle longer than this is replaced rather than
  // reused: a server that closed it meanwhile would turn the next order into
  // an unknown outcome.
  std::chrono::milliseconds keep_alive_idle{30000};
};

struct HttpRequest {
  std::string method;  // GET, POST, PUT, DELETE
  std::string target;  // path and query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // sent when not empty, as content_type
  // The venue's body format ("application/x-www-form-urlencoded",
  // "application/json"); empty sends no Content-Type with the body.
  std::string content_type;
};

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // Case-insensitive; "" when absent.
  std::string header(std::string_view name) const;
};

enum class HttpFailure {
  None,
  NotSent,    // resolve, connect, TLS or the write failed: the venue never had the whole request
  NoAnswer,   // the request left; no answer came (timeout, reset, closed)
  BadAnswer,  // the request left; the answer was cut short or was not HTTP
};

struct HttpResult {
  HttpFailure failure = HttpFailure::None;
  std::string error;  // one line, no secrets (names the path, never the query)
  bool tls_verify_failed = false;
  HttpResponse response;  // when failure == None

  bool ok() const { return failure == HttpFailure::None; }
  bool sent() const {
    return failure == HttpFailure::None || failure == HttpFailure::NoAnswer || failure == HttpFailure::BadAnswer;
  }
};

class HttpClient {
 public:
  // Throws std::runtime_error when the TLS setup fails (an unreadable ca_file).
  HttpClient(Endpoint endpoint, HttpTimeouts timeouts, TlsOptions tls = {}, std::string user_agent = "grinder");
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpResult send(const HttpRequest& request);
  // Drops the connection; the next send opens a new one.
  void close();
  const Endpoint& endpoint() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace grinder::venue_kit
