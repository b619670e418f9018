#include "grinder/venue_kit/http_client.hpp"

#include <poll.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>
#include <strings.h>

#include "grinder/venue_kit/tls_setup.hpp"

namespace grinder::venue_kit {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// A venue's exchange information (every symbol with its filters) is the
// largest answer: megabytes on a big venue.
constexpr std::uint64_t kBodyLimit = 64ull << 20;

std::string path_of(const std::string& target) { return target.substr(0, target.find('?')); }

HttpResult failure(HttpFailure f, std::string error) {
  HttpResult r;
  r.failure = f;
  r.error = std::move(error);
  return r;
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k.size() == name.size() && strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  return "";
}

struct HttpClient::Impl {
  Endpoint endpoint;
  HttpTimeouts timeouts;
  std::string user_agent;
  asio::io_context io;
  std::unique_ptr<asio::ssl::context> tls_ctx;
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;
  Clock::time_point last_used;

  bool connected() const { return plain || tls; }

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

  void run() {
    io.restart();
    io.run();
  }

  void close() {
    if (connected()) {
      beast::error_code ignored;
      lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
      lowest().close();
    }
    run();  // lets the cancelled operations' handlers finish
    tls.reset();
    plain.reset();
    buffer.clear();
  }

  // A kept-alive connection is reused only while the peer has not closed it:
  // readable with nothing expected means EOF or garbage.
  bool still_usable() {
    if (Clock::now() - last_used > timeouts.keep_alive_idle) return false;
    pollfd p{};
    p.fd = lowest().socket().native_handle();
    p.events = POLLIN;
    return ::poll(&p, 1, 0) == 0;
  }

  std::optional<std::string> connect(bool& verify_failed) {
    tcp::resolver resolver(io);
    tcp::resolver::results_type results;
    beast::error_code ec;
    bool timed_out = false;
    asio::steady_timer timer(io);
    timer.expires_after(timeouts.connect);
    resolver.async_resolve(endpoint.host, std::to_string(endpoint.port),
                           [&](beast::error_code e, tcp::resolver::results_type r) {
                             ec = e;
                             results = std::move(r);
                             timer.cancel();
                           });
    timer.async_wait([&](beast::error_code e) {
      if (!e) {
        timed_out = true;
        resolver.cancel();
      }
    });
    run();
    if (timed_out) return "resolving " + endpoint.host + " timed out";
    if (ec) return "resolving " + endpoint.host + ": " + ec.message();

    if (endpoint.tls()) {
      tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(io, *tls_ctx);
      prepare_tls(tls->native_handle(), endpoint.host);
    } else {
      plain = std::make_unique<beast::tcp_stream>(io);
    }
    lowest().expires_after(timeouts.connect);
    lowest().async_connect(results, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    run();
    if (ec) {
      std::string why = "connecting to " + endpoint.host_header() + ": " + ec.message();
      close();
      return why;
    }
    lowest().socket().set_option(tcp::no_delay(true), ec);
    if (tls) {
      lowest().expires_after(timeouts.connect);
      tls->async_handshake(asio::ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
      run();
      if (ec) {
        std::string why = tls_failure(ec, tls->native_handle(), verify_failed) + " (" + endpoint.host_header() + ")";
        close();
        return why;
      }
    }
    last_used = Clock::now();
    return std::nullopt;
  }

  template <class Stream>
  HttpResult exchange(Stream& stream, const HttpRequest& request, bool reused, bool& retry_on_fresh) {
    http::request<http::string_body> req;
    req.method(http::string_to_verb(request.method));
    req.target(endpoint.base_path + request.target);
    req.version(11);
    req.set(http::field::host, endpoint.host_header());
    req.set(http::field::user_agent, user_agent);
    for (const auto& [k, v] : request.headers) req.set(k, v);
    if (!request.body.empty()) {
      if (!request.content_type.empty()) req.set(http::field::content_type, request.content_type);
      req.body() = request.body;
    }
    req.keep_alive(true);
    req.prepare_payload();

    std::string path = path_of(request.target);
    beast::error_code ec;
    lowest().expires_after(timeouts.request);
    http::async_write(stream, req, [&](beast::error_code e, std::size_t) { ec = e; });
    run();
    if (ec) {
      close();
      retry_on_fresh = reused;
      return failure(HttpFailure::NotSent, request.method + " " + path + ": sending failed: " + ec.message());
    }

    http::response_parser<http::string_body> parser;
    parser.body_limit(kBodyLimit);
    lowest().expires_after(timeouts.request);
    http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
    run();
    if (ec) {
      bool got_some = parser.got_some();
      close();
      if (ec == beast::error::timeout)
        return failure(HttpFailure::NoAnswer, request.method + " " + path + ": no answer within " +
                                                  std::to_string(timeouts.request.count()) + " ms");
      if (!got_some)
        return failure(HttpFailure::NoAnswer,
                       request.method + " " + path + ": connection closed before any answer (" + ec.message() + ")");
      return failure(HttpFailure::BadAnswer,
                     request.method + " " + path + ": answer cut short or malformed (" + ec.message() + ")");
    }
    auto res = parser.release();
    HttpResult r;
    r.response.status = static_cast<int>(res.result_int());
    for (const auto& f : res.base())
      r.response.headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    r.response.body = std::move(res.body());
    last_used = Clock::now();
    if (!res.keep_alive()) close();
    return r;
  }
};

HttpClient::HttpClient(Endpoint endpoint, HttpTimeouts timeouts, TlsOptions tls, std::string user_agent)
    : impl_(std::make_unique<Impl>()) {
  impl_->endpoint = std::move(endpoint);
  impl_->timeouts = timeouts;
  impl_->user_agent = std::move(user_agent);
  if (impl_->endpoint.tls()) impl_->tls_ctx = make_tls_context(tls);
}

HttpClient::~HttpClient() { impl_->close(); }

const Endpoint& HttpClient::endpoint() const { return impl_->endpoint; }

void HttpClient::close() { impl_->close(); }

HttpResult HttpClient::send(const HttpRequest& request) {
  Impl& d = *impl_;
  // A write that fails on a reused connection found it closed by the peer:
  // nothing was delivered, so one fresh connection may carry the request.
  for (int attempt = 0; attempt < 2; ++attempt) {
    bool reused = d.connected();
    if (reused && !d.still_usable()) {
      d.close();
      reused = false;
    }
    if (!d.connected()) {
      bool verify_failed = false;
      if (auto why = d.connect(verify_failed)) {
        HttpResult r = failure(HttpFailure::NotSent, request.method + " " + path_of(request.target) + ": " + *why);
        r.tls_verify_failed = verify_failed;
        return r;
      }
    }
    bool retry_on_fresh = false;
    HttpResult r = d.tls ? d.exchange(*d.tls, request, reused, retry_on_fresh)
                         : d.exchange(*d.plain, request, reused, retry_on_fresh);
    if (retry_on_fresh && attempt == 0) continue;
    return r;
  }
  return failure(HttpFailure::NotSent, request.method + " " + path_of(request.target) + ": sending failed twice");
}

}  // namespace grinder::venue_kit
