#include "server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <optional>
#include <stdexcept>

namespace grinder::btcturk::sim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Server::Impl {
  Impl(asio::io_context& io_, Routes r) : io(io_), acceptor(io_), routes(std::move(r)) {}
  asio::io_context& io;
  tcp::acceptor acceptor;
  Routes routes;
};

namespace {

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
    if (reply.delivery == Reply::Delivery::Hang) return read();  // never answered
    if (reply.delivery == Reply::Delivery::Disconnect) return close();
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(reply.status), 11);
    res->set(http::field::server, "grinder-btcturk-sim");
    res->set(http::field::content_type, "application/json; charset=utf-8");
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

Server::Server(asio::io_context& io, const std::string& address, std::uint16_t port, Routes routes)
    : impl_(std::make_shared<Impl>(io, std::move(routes))) {
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

}  // namespace grinder::btcturk::sim
