#include "server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cctype>
#include <deque>
#include <stdexcept>

namespace grinder::binance::sim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct Server::Impl {
  Impl(asio::io_context& io_, Routes r, WsRouter w, WsHub* h)
      : io(io_), acceptor(io_), routes(std::move(r)), ws_router(std::move(w)), hub(h) {}
  asio::io_context& io;
  tcp::acceptor acceptor;
  Routes routes;
  WsRouter ws_router;
  WsHub* hub;
};

namespace {

class WsSession final : public WsPeer, public std::enable_shared_from_this<WsSession> {
 public:
  explicit WsSession(tcp::socket socket) : ws_(std::move(socket)) {}

  void accept(http::request<http::string_body> req, WsHub& hub, WsRoute route) {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    auto self = shared_from_this();
    ws_.async_accept(req, [self, &hub, route](beast::error_code ec) {
      if (ec) return;
      hub.subscribe(self, route.channels, route.kind);
      self->read();
    });
  }

  void send(std::string text) override {
    if (closed_) return;
    queue_.push_back(std::move(text));
    if (queue_.size() == 1) write();
  }

  // A dropped connection, as the network drops it: no close frame.
  void close() override {
    if (closed_) return;
    closed_ = true;
    queue_.clear();
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).close();
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      if (ec) return self->close();
      self->buffer_.consume(n);
      self->read();
    });
  }

  void write() {
    ws_.async_write(asio::buffer(queue_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      if (!self->queue_.empty()) self->queue_.pop_front();
      if (!self->queue_.empty()) self->write();
    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  bool closed_ = false;
};

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class HttpSession final : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::shared_ptr<Server::Impl> server)
      : stream_(std::move(socket)), server_(std::move(server)), timer_(server_->io) {}

  void read() {
    parser_.emplace();
    parser_->body_limit(1u << 20);
    stream_.expires_after(std::chrono::minutes(5));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

 private:
  void on_read(beast::error_code ec) {
    if (ec) return close();
    http::request<http::string_body> req = parser_->release();
    Request view;
    view.method = std::string(req.method_string());
    view.target = std::string(req.target());
    std::size_t q = view.target.find('?');
    view.path = view.target.substr(0, q);
    view.query = q == std::string::npos ? "" : view.target.substr(q + 1);
    view.body = req.body();
    for (const auto& f : req.base()) view.headers[lower(std::string(f.name_string()))] = std::string(f.value());
    keep_alive_ = req.keep_alive();

    if (websocket::is_upgrade(req)) {
      std::optional<WsRoute> route;
      if (server_->ws_router && server_->hub) route = server_->ws_router(view);
      if (!route) return deliver(Reply::json(404, R"({"code":-1,"msg":"no such stream"})"));
      stream_.expires_never();
      auto ws = std::make_shared<WsSession>(stream_.release_socket());
      ws->accept(std::move(req), *server_->hub, std::move(*route));
      return;
    }
    Reply reply = server_->routes(view);
    if (reply.delay_ms > 0) {
      timer_.expires_after(std::chrono::milliseconds(reply.delay_ms));
      timer_.async_wait([self = shared_from_this(), reply](beast::error_code e) {
        if (!e) self->deliver(reply);
      });
      return;
    }
    deliver(reply);
  }

  void deliver(const Reply& reply) {
    if (reply.delivery == Reply::Delivery::Hang) {
      // Never answered; the connection lives until the client gives up.
      return read();
    }
    if (reply.delivery == Reply::Delivery::Truncate) {
      auto raw = std::make_shared<std::string>(
          "HTTP/1.1 " + std::to_string(reply.status) + " OK\r\nContent-Type: application/json\r\nContent-Length: " +
          std::to_string(reply.body.size()) + "\r\n\r\n" + reply.body.substr(0, reply.body.size() / 2));
      asio::async_write(stream_, asio::buffer(*raw),
                        [self = shared_from_this(), raw](beast::error_code, std::size_t) { self->close(); });
      return;
    }
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(reply.status), 11);
    res->set(http::field::server, "grinder-venue-sim");
    res->set(http::field::content_type, "application/json");
    for (const auto& [k, v] : reply.headers) res->set(k, v);
    res->body() = reply.body;
    res->keep_alive(keep_alive_);
    res->prepare_payload();
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec || !self->keep_alive_) return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  std::shared_ptr<Server::Impl> server_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool keep_alive_ = true;
};

void accept_loop(const std::shared_ptr<Server::Impl>& server) {
  server->acceptor.async_accept([server](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) std::make_shared<HttpSession>(std::move(socket), server)->read();
    accept_loop(server);
  });
}

}  // namespace

Server::Server(asio::io_context& io, const std::string& address, std::uint16_t port, Routes routes, WsRouter ws_router,
               WsHub* hub)
    : impl_(std::make_shared<Impl>(io, std::move(routes), std::move(ws_router), hub)) {
  beast::error_code ec;
  tcp::endpoint ep(asio::ip::make_address(address, ec), port);
  if (ec) throw std::runtime_error("bad address " + address);
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error("cannot listen on " + address + ":" + std::to_string(port) + ": " + ec.message());
  accept_loop(impl_);
}

Server::~Server() {
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
}

std::uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

}  // namespace grinder::binance::sim
