#include "streams.hpp"

#include <algorithm>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "json.hpp"
#include "rest_session.hpp"
#include "ws_client.hpp"

namespace grinder::binance {

namespace asio = boost::asio;
using std::chrono::milliseconds;

struct Streams::Io {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  asio::steady_timer listen_key_timer{io};
};

Streams::Streams(const Config& cfg, const Log& log, TimeSync& time, RateLimits& limits)
    : cfg_(cfg), log_(log), rest_(std::make_unique<RestSession>(cfg, time, limits, log)) {}

Streams::~Streams() {
  if (thread_.joinable()) {
    stopping_ = true;
    if (market_) market_->stop();
    if (user_) user_->stop();
    asio::post(io_->io, [this] { io_->listen_key_timer.cancel(); });
    io_->work.reset();
    thread_.join();
  }
  market_.reset();
  user_.reset();
  io_.reset();
  if (cfg_.close_listen_key && !listen_key_.empty()) {
    // The thread is gone: its REST connection is ours now.
    Reply r = rest_->call("DELETE", "/fapi/v1/listenKey", Query(), Security::ApiKey);
    if (r.ok())
      log_.info("user data stream closed (listenKey deleted)");
    else
      log_.debug(std::string("closing the listenKey failed: ") +
                 RestSession::failure_of(r, Op::UserStream, "listenKey").what());
  }
}

void Streams::start(bool user_stream) {
  if (io_) return;
  io_ = std::make_unique<Io>();
  auto jitter = static_cast<std::uint64_t>(wall_ms()) ^ reinterpret_cast<std::uintptr_t>(this);
  auto options = [&](std::string target) {
    net::WsOptions o;
    o.endpoint = cfg_.ws;
    o.target = std::move(target);
    o.tls.ca_file = cfg_.ca_file;
    o.connect_timeout = cfg_.http.connect;
    o.idle_timeout = cfg_.ws_idle_timeout;
    o.backoff_min = cfg_.ws_backoff_min;
    o.backoff_max = cfg_.ws_backoff_max;
    o.jitter_seed = ++jitter;
    return o;
  };
  if (!cfg_.symbols.empty()) {
    std::string streams;
    for (const auto& s : cfg_.symbols) {
      std::string lower = s;
      for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      streams += (streams.empty() ? "" : "/") + lower + "@bookTicker";
    }
    net::WsHandlers h;
    std::string where = cfg_.ws.url() + "/public/stream (" + std::to_string(cfg_.symbols.size()) + " symbols)";
    h.on_open = [this, where] {
      ++market_connection_;
      std::lock_guard lock(stats_mu_);
      opened(market_stats_, "market", where);
    };
    h.on_message = [this](std::string_view text) { on_market_message(text); };
    h.on_down = [this](const std::string& why, milliseconds retry_in) {
      std::lock_guard lock(stats_mu_);
      went_down(market_stats_, "market", why, retry_in);
    };
    market_ = std::make_unique<net::WsClient>(io_->io, options("/public/stream?streams=" + streams), std::move(h));
    market_stats_.running = true;
    market_->start();
  }
  if (user_stream) {
    net::WsHandlers h;
    h.on_open = [this] {
      std::lock_guard lock(stats_mu_);
      opened(user_stats_, "user data", cfg_.ws.url() + "/private/ws");
    };
    h.on_message = [this](std::string_view text) { on_user_message(text); };
    h.on_down = [this](const std::string& why, milliseconds retry_in) {
      std::lock_guard lock(stats_mu_);
      went_down(user_stats_, "user data", why, retry_in);
    };
    // The target is set once the listenKey is known.
    user_ = std::make_unique<net::WsClient>(io_->io, options(""), std::move(h));
    user_stats_.running = true;
    asio::post(io_->io, [this] { obtain_listen_key(); });
  }
  thread_ = std::thread([this] {
    for (;;) {
      try {
        io_->io.run();
        return;
      } catch (const std::exception& e) {
        log_.error(std::string("stream thread: ") + e.what());
      }
    }
  });
}

void Streams::opened(StreamStats& s, const char* name, const std::string& where) {
  s.connected = true;
  if (++s.connects > 1) ++s.reconnects;
  log_.info(std::string(name) + " stream connected to " + where +
            (s.connects > 1 ? " (reconnect " + std::to_string(s.reconnects) + ")" : ""));
}

void Streams::went_down(StreamStats& s, const char* name, const std::string& why, milliseconds retry_in) {
  bool was = s.connected;
  s.connected = false;
  s.last_down = why;
  std::string line = std::string(name) + " stream " + (was ? "dropped" : "connect failed") + ": " + why +
                     "; reconnecting in " + std::to_string(retry_in.count()) + " ms";
  if (was)
    log_.warn(line);
  else
    log_.info(line);
}

void Streams::on_market_message(std::string_view text) {
  {
    std::lock_guard lock(stats_mu_);
    ++market_stats_.messages;
    market_stats_.last_message_ms = wall_ms();
  }
  if (auto q = parse_book_ticker(text)) {
    q->second.connection = market_connection_.load();
    quotes_.put(q->first, std::move(q->second));
  }
}

void Streams::on_user_message(std::string_view text) {
  {
    std::lock_guard lock(stats_mu_);
    ++user_stats_.messages;
    user_stats_.last_message_ms = wall_ms();
  }
  UserEvent ev = parse_user_event(text);
  switch (ev.kind) {
    case UserEvent::Kind::Order:
      if (!ev.order) break;
      orders_.record(*ev.order);
      if (ev.execution_type == "TRADE")
        log_.info("fill " + ev.order->symbol + " " + ev.order->side + " " + ev.last_fill_qty + " @ " +
                  ev.last_fill_price + " client_order_id=" + ev.order->client_order_id + " status=" + ev.order->status);
      else if (ev.execution_type == "CANCELED" || ev.execution_type == "EXPIRED")
        log_.info("order " + ev.order->status + " client_order_id=" + ev.order->client_order_id);
      else
        log_.debug("order " + ev.execution_type + " client_order_id=" + ev.order->client_order_id);
      break;
    case UserEvent::Kind::Account:
      log_.debug("account update reason=" + ev.reason + " balances=" + std::to_string(ev.balances) +
                 " positions=" + std::to_string(ev.positions));
      break;
    case UserEvent::Kind::ListenKeyExpired:
      log_.warn("listenKey expired: renewing it");
      obtain_listen_key();
      break;
    case UserEvent::Kind::Other: break;
  }
}

void Streams::schedule(milliseconds after, void (Streams::*what)()) {
  if (stopping_) return;
  io_->listen_key_timer.expires_after(after);
  io_->listen_key_timer.async_wait([this, what](const boost::system::error_code& ec) {
    if (!ec && !stopping_) (this->*what)();
  });
}

void Streams::obtain_listen_key() {
  if (stopping_) return;
  Reply r = rest_->call("POST", "/fapi/v1/listenKey", Query(), Security::ApiKey);
  std::string key = r.ok() ? str_of(r.json, "listenKey") : "";
  if (key.empty()) {
    std::string why = r.ok() ? std::string("answer has no listenKey")
                             : RestSession::failure_of(r, Op::UserStream, "listenKey").what();
    log_.warn("user data stream: cannot obtain a listenKey: " + why + "; trying again in " +
              std::to_string(cfg_.ws_backoff_max.count()) + " ms");
    schedule(cfg_.ws_backoff_max, &Streams::obtain_listen_key);
    return;
  }
  bool renewed = !listen_key_.empty() && key != listen_key_;
  listen_key_ = key;
  // 2026 routing: user data only on /private, the listenKey as a query parameter.
  std::string target = "/private/ws?listenKey=" + key + "&events=ORDER_TRADE_UPDATE/ACCOUNT_UPDATE";
  user_->retarget(target);
  user_->start();
  if (renewed) log_.info("user data stream: listenKey renewed");
  schedule(cfg_.listen_key_keepalive, &Streams::keep_listen_key_alive);
}

void Streams::keep_listen_key_alive() {
  Reply r = rest_->call("PUT", "/fapi/v1/listenKey", Query(), Security::ApiKey);
  if (r.ok()) {
    log_.debug("listenKey kept alive");
    schedule(cfg_.listen_key_keepalive, &Streams::keep_listen_key_alive);
  } else if (r.api_code(code::kInvalidListenKey)) {
    log_.warn("listenKey no longer exists (-1125): obtaining a new one");
    obtain_listen_key();
  } else {
    log_.warn(std::string("keeping the listenKey alive failed: ") +
              RestSession::failure_of(r, Op::UserStream, "listenKey").what());
    schedule(std::min(cfg_.listen_key_keepalive, milliseconds(60000)), &Streams::keep_listen_key_alive);
  }
}

std::optional<Quote> Streams::live_quote(const std::string& symbol) const {
  {
    std::lock_guard lock(stats_mu_);
    if (!market_stats_.connected) return std::nullopt;
  }
  auto q = quotes_.get(symbol);
  if (!q || q->connection != market_connection_.load()) return std::nullopt;
  return q;
}

std::optional<VenueOrder> Streams::order_event(const std::string& client_order_id) const {
  return orders_.find(client_order_id);
}

StreamStats Streams::market() const {
  std::lock_guard lock(stats_mu_);
  return market_stats_;
}

StreamStats Streams::user() const {
  std::lock_guard lock(stats_mu_);
  return user_stats_;
}

}  // namespace grinder::binance
