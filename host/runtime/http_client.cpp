#include "grinder/runtime/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <sstream>

namespace grinder::runtime {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// Every step runs asynchronously under one deadline: Beast's stream timeouts
// apply to asynchronous operations only, and a peer that accepts the
// connection and then says nothing must not hold the caller past `timeout`.
HttpResult http_request(const std::string& host, int port, const std::string& method, const std::string& target,
                        const std::string& body, const std::map<std::string, std::string>& headers,
                        std::chrono::milliseconds timeout) {
  HttpResult out;
  const std::string where = host + ":" + std::to_string(port);
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  asio::steady_timer deadline(io);
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, host);
  req.set(http::field::user_agent, "grinder");
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = body;
  }
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  const char* step = "resolving";
  bool timed_out = false;
  bool done = false;
  beast::error_code failure;

  auto finish = [&](beast::error_code ec) {
    done = true;
    failure = ec;
    deadline.cancel();
    beast::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream.close();
  };
  deadline.expires_after(timeout);
  deadline.async_wait([&](const beast::error_code& ec) {
    if (ec || done) return;  // the request finished first
    timed_out = true;
    resolver.cancel();
    stream.cancel();
  });
  using Endpoints = asio::ip::tcp::resolver::results_type;
  resolver.async_resolve(host, std::to_string(port), [&](beast::error_code ec, Endpoints r) {
    if (ec) return finish(ec);
    step = "connecting";
    stream.async_connect(r, [&](beast::error_code ec, const asio::ip::tcp::endpoint&) {
      if (ec) return finish(ec);
      step = "sending";
      http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
        if (ec) return finish(ec);
        step = "waiting for the answer";
        http::async_read(stream, buffer, res, [&](beast::error_code ec, std::size_t) { finish(ec); });
      });
    });
  });
  io.run();

  if (timed_out) {
    out.error =
        "cannot reach " + where + ": no answer within " + std::to_string(timeout.count()) + " ms (" + step + ")";
  } else if (failure) {
    out.error = "cannot reach " + where + ": " + failure.message() + " (" + step + ")";
  } else {
    out.status = static_cast<int>(res.result_int());
    out.body = res.body();
  }
  return out;
}

std::map<std::string, double> parse_metrics(const std::string& text) {
  std::map<std::string, double> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::size_t sp = line.rfind(' ');
    if (sp == std::string::npos) continue;
    try {
      out[line.substr(0, sp)] = std::stod(line.substr(sp + 1));
    } catch (...) {
    }
  }
  return out;
}

}  // namespace grinder::runtime
