#pragma once
// One WebSocket kept open on an io_context the caller runs: connect (TLS
// verified as for REST), read every message, and after any drop reconnect
// with exponential backoff and jitter, until stopped. Every callback runs on
// the io_context's thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "grinder/venue_kit/tls_options.hpp"
#include "kit.hpp"

namespace boost::asio {
class io_context;
}

namespace grinder::binance::net {

struct WsOptions {
  Endpoint endpoint;
  std::string target;  // path and query under the endpoint, e.g. /public/stream?streams=btcusdt@bookTicker
  venue_kit::TlsOptions tls;
  std::chrono::milliseconds connect_timeout{5000};  // TCP + TLS + WebSocket handshake
  // Silence longer than this (no message, no pong to our ping) ends the
  // connection: a half-open socket otherwise looks healthy forever.
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds backoff_min{500};
  std::chrono::milliseconds backoff_max{30000};
  std::uint64_t jitter_seed = 1;
};

struct WsHandlers {
  std::function<void()> on_open;
  std::function<void(std::string_view)> on_message;
  // The connection (or an attempt at one) ended; the next attempt follows
  // after `retry_in`.
  std::function<void(const std::string& why, std::chrono::milliseconds retry_in)> on_down;
};

class WsClient {
 public:
  // Throws std::runtime_error when the TLS setup fails.
  WsClient(boost::asio::io_context& io, WsOptions options, WsHandlers handlers);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  // All three may be called from any thread; they post to the io_context.
  void start();
  // No callback runs after the io_context has handled the stop.
  void stop();
  // Reconnects at once to a new target (a renewed listenKey).
  void retarget(std::string target);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace grinder::binance::net
