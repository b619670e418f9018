#include "ws_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <random>
#include <type_traits>

#include "grinder/venue_kit/tls_setup.hpp"

namespace grinder::binance::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;

namespace {

using PlainWs = websocket::stream<beast::tcp_stream>;
using TlsWs = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

// Binance sends one JSON object per message; a few megabytes is already wrong.
constexpr std::size_t kMessageMax = 16u << 20;

struct SessionEvents {
  std::function<void()> opened;
  std::function<void(std::string_view)> message;
  std::function<void(std::string)> ended;  // exactly once per session
};

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void close() = 0;
};

// One connection, from TCP connect to its end.
template <class Ws>
class Session final : public SessionBase, public std::enable_shared_from_this<Session<Ws>> {
 public:
  template <class... Args>
  Session(const WsOptions& options, SessionEvents events, Args&&... args)
      : ws_(std::forward<Args>(args)...), options_(options), events_(std::move(events)) {}

  void start(const tcp::resolver::results_type& results) {
    if constexpr (kTls) venue_kit::prepare_tls(ws_.next_layer().native_handle(), options_.endpoint.host);
    beast::get_lowest_layer(ws_).expires_after(options_.connect_timeout);
    beast::get_lowest_layer(ws_).async_connect(
        results,
        [self = this->shared_from_this()](beast::error_code ec, const tcp::endpoint&) { self->on_connect(ec); });
  }

  void close() override {
    if (done_) return;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).close();
  }

 private:
  static constexpr bool kTls = std::is_same_v<Ws, TlsWs>;

  void on_connect(beast::error_code ec) {
    if (ec) return end("connect: " + ec.message());
    beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), ec);
    if constexpr (kTls) {
      beast::get_lowest_layer(ws_).expires_after(options_.connect_timeout);
      ws_.next_layer().async_handshake(asio::ssl::stream_base::client,
                                       [self = this->shared_from_this()](beast::error_code e) { self->on_tls(e); });
    } else {
      on_tls({});
    }
  }

  void on_tls(beast::error_code ec) {
    if (ec) {
      if constexpr (kTls) {
        bool verify_failed = false;
        return end(venue_kit::tls_failure(ec, ws_.next_layer().native_handle(), verify_failed));
      }
      return end(ec.message());
    }
    // From here the WebSocket layer keeps its own deadlines: the handshake,
    // and an idle limit with pings at half of it.
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout t{};
    t.handshake_timeout = options_.connect_timeout;
    t.idle_timeout = options_.idle_timeout;
    t.keep_alive_pings = true;
    ws_.set_option(t);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::request_type& req) { req.set(http::field::user_agent, "grinder-binance-usdm"); }));
    ws_.read_message_max(kMessageMax);
    ws_.async_handshake(options_.endpoint.host_header(), options_.endpoint.base_path + options_.target,
                        [self = this->shared_from_this()](beast::error_code e) { self->on_handshake(e); });
  }

  void on_handshake(beast::error_code ec) {
    if (ec) return end("WebSocket handshake: " + ec.message());
    events_.opened();
    read();
  }

  void read() {
    ws_.async_read(buffer_,
                   [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec) {
      if (ec == websocket::error::closed) {
        std::string reason(ws_.reason().reason.c_str());
        return end("closed by the venue (code " + std::to_string(static_cast<int>(ws_.reason().code)) +
                   (reason.empty() ? "" : ", " + reason) + ")");
      }
      return end(ec == beast::error::timeout ? std::string("idle timeout") : ec.message());
    }
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    events_.message(text);
    read();
  }

  void end(std::string why) {
    if (done_) return;
    done_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).close();
    events_.ended(std::move(why));
  }

  Ws ws_;
  const WsOptions& options_;
  SessionEvents events_;
  beast::flat_buffer buffer_;
  bool done_ = false;
};

}  // namespace

struct WsClient::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context& io_, WsOptions o, WsHandlers h)
      : io(io_),
        options(std::move(o)),
        handlers(std::move(h)),
        resolver(io_),
        retry_timer(io_),
        resolve_timer(io_),
        rng(static_cast<std::minstd_rand::result_type>(options.jitter_seed | 1)) {
    if (options.endpoint.tls()) tls_ctx = venue_kit::make_tls_context(options.tls);
  }

  asio::io_context& io;
  WsOptions options;
  WsHandlers handlers;
  std::unique_ptr<asio::ssl::context> tls_ctx;
  tcp::resolver resolver;
  asio::steady_timer retry_timer;
  asio::steady_timer resolve_timer;
  std::shared_ptr<SessionBase> session;
  bool stopped = false;
  bool connecting = false;  // resolving, before a session exists
  bool waiting = false;     // in the backoff before the next attempt
  bool immediate = false;   // the next attempt follows without backoff
  int failures = 0;
  std::minstd_rand rng;

  milliseconds next_delay() {
    if (immediate) {
      immediate = false;
      return milliseconds(0);
    }
    long long base = options.backoff_min.count();
    for (int i = 0; i < failures && base < options.backoff_max.count(); ++i) base *= 2;
    if (base > options.backoff_max.count()) base = options.backoff_max.count();
    ++failures;
    // Up to a fifth more, so that many clients dropped together do not all
    // come back in the same millisecond.
    long long jitter = base > 0 ? static_cast<long long>(rng() % static_cast<unsigned long long>(base / 5 + 1)) : 0;
    return milliseconds(base + jitter);
  }

  void connect_now() {
    if (stopped) return;
    waiting = false;
    connecting = true;
    auto self = shared_from_this();
    resolve_timer.expires_after(options.connect_timeout);
    resolve_timer.async_wait([self](beast::error_code ec) {
      if (!ec) self->resolver.cancel();
    });
    resolver.async_resolve(options.endpoint.host, std::to_string(options.endpoint.port),
                           [self](beast::error_code ec, tcp::resolver::results_type results) {
                             self->resolve_timer.cancel();
                             self->connecting = false;
                             if (self->stopped) return;
                             if (ec)
                               return self->down("resolving " + self->options.endpoint.host + ": " + ec.message());
                             self->open(results);
                           });
  }

  void open(const tcp::resolver::results_type& results) {
    auto self = shared_from_this();
    SessionEvents ev;
    ev.opened = [self] {
      if (!self->stopped && self->handlers.on_open) self->handlers.on_open();
    };
    ev.message = [self](std::string_view text) {
      if (self->stopped) return;
      self->failures = 0;  // a message proves the stream works: the backoff starts over
      if (self->handlers.on_message) self->handlers.on_message(text);
    };
    ev.ended = [self](std::string why) {
      self->session.reset();
      self->down(std::move(why));
    };
    if (options.endpoint.tls()) {
      auto s = std::make_shared<Session<TlsWs>>(options, std::move(ev), io, *tls_ctx);
      session = s;
      s->start(results);
    } else {
      auto s = std::make_shared<Session<PlainWs>>(options, std::move(ev), io);
      session = s;
      s->start(results);
    }
  }

  void down(std::string why) {
    if (stopped) return;
    milliseconds delay = next_delay();
    if (handlers.on_down) handlers.on_down(why, delay);
    waiting = true;
    retry_timer.expires_after(delay);
    retry_timer.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->connect_now();
    });
  }
};

WsClient::WsClient(asio::io_context& io, WsOptions options, WsHandlers handlers)
    : impl_(std::make_shared<Impl>(io, std::move(options), std::move(handlers))) {}

WsClient::~WsClient() = default;

void WsClient::start() {
  asio::post(impl_->io, [i = impl_] {
    if (!i->stopped && !i->session && !i->connecting && !i->waiting) i->connect_now();
  });
}

void WsClient::stop() {
  asio::post(impl_->io, [i = impl_] {
    i->stopped = true;
    i->retry_timer.cancel();
    i->resolve_timer.cancel();
    i->resolver.cancel();
    if (i->session) i->session->close();
  });
}

void WsClient::retarget(std::string target) {
  asio::post(impl_->io, [i = impl_, t = std::move(target)]() mutable {
    i->options.target = std::move(t);
    if (i->stopped) return;
    i->failures = 0;
    if (i->session) {
      i->immediate = true;
      i->session->close();
    } else if (i->waiting) {
      i->retry_timer.cancel();
      i->connect_now();
    }
    // While resolving, the new target is picked up when the session opens.
  });
}

}  // namespace grinder::binance::net
