#pragma once
// The plugin's own I/O thread and the two WebSockets it keeps open:
//   market  <ws_url>/public/stream?streams=<symbol>@bookTicker/...   (2026 URL split: /public)
//   user    <ws_url>/private/ws?listenKey=<key>&events=ORDER_TRADE_UPDATE/ACCOUNT_UPDATE
// Each reconnects after a drop with exponential backoff. The thread also
// keeps the listenKey alive (PUT every listen_key_keepalive_ms) and renews it
// when the venue says it expired (listenKeyExpired, or -1125 on the PUT).
//
// Threading: the host calls the plugin one call at a time; this thread runs
// beside those calls. What it shares with them (the latest quotes, order
// events, stream statistics, rate-limit counters) is behind locks; it has its
// own REST connection, so it never waits on, or interleaves with, a host call.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "config.hpp"
#include "kit.hpp"
#include "market_data.hpp"
#include "rate_limits.hpp"
#include "time_sync.hpp"
#include "user_data.hpp"

namespace grinder::binance {

namespace net {
class WsClient;
}
class RestSession;

struct StreamStats {
  bool running = false;  // configured and started
  bool connected = false;
  std::uint64_t connects = 0;
  std::uint64_t reconnects = 0;  // connections after the first
  std::uint64_t messages = 0;
  std::int64_t last_message_ms = 0;  // local wall clock
  std::string last_down;             // why the last connection ended
};

class Streams {
 public:
  Streams(const Config& cfg, const Log& log, TimeSync& time, RateLimits& limits);
  ~Streams();
  Streams(const Streams&) = delete;
  Streams& operator=(const Streams&) = delete;

  // Starts the thread, the market stream when symbols are configured, and
  // the user data stream when asked (it needs credentials). Once.
  void start(bool user_stream);

  // The symbol's quote, only if it came over the market connection that is
  // open now: after a drop the caller falls back to REST until a new quote
  // arrives.
  std::optional<Quote> live_quote(const std::string& symbol) const;
  std::optional<VenueOrder> order_event(const std::string& client_order_id) const;
  StreamStats market() const;
  StreamStats user() const;
  std::int64_t last_tick_ts_ms() const { return quotes_.latest_ts_ms(); }

 private:
  struct Io;
  void on_market_message(std::string_view text);
  void on_user_message(std::string_view text);
  void obtain_listen_key();      // I/O thread
  void keep_listen_key_alive();  // I/O thread
  void schedule(std::chrono::milliseconds after, void (Streams::*what)());
  void opened(StreamStats& s, const char* name, const std::string& where);
  void went_down(StreamStats& s, const char* name, const std::string& why, std::chrono::milliseconds retry_in);

  const Config& cfg_;
  const Log& log_;
  QuoteBook quotes_;
  OrderEvents orders_;
  mutable std::mutex stats_mu_;
  StreamStats market_stats_;
  StreamStats user_stats_;
  std::atomic<std::uint64_t> market_connection_{0};
  std::atomic<bool> stopping_{false};  // no timer is armed once set, so the thread can end
  std::unique_ptr<RestSession> rest_;  // listenKey calls: the I/O thread's own connection
  std::string listen_key_;             // I/O thread (and the destructor, after the join)
  std::unique_ptr<Io> io_;
  std::unique_ptr<net::WsClient> market_;  // destroyed before io_
  std::unique_ptr<net::WsClient> user_;
  std::thread thread_;
};

}  // namespace grinder::binance
