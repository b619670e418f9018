#include "grinder/venue_kit/tls_setup.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>
#include <stdexcept>

namespace grinder::venue_kit {

namespace ssl = boost::asio::ssl;

std::unique_ptr<ssl::context> make_tls_context(const TlsOptions& options) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  ctx->set_default_verify_paths();
  if (!options.ca_file.empty()) {
    boost::system::error_code ec;
    ctx->load_verify_file(options.ca_file, ec);
    if (ec) throw std::runtime_error("cannot load ca_file " + options.ca_file + ": " + ec.message());
  }
  ctx->set_verify_mode(ssl::verify_peer);
  return ctx;
}

void prepare_tls(SSL* ssl, const std::string& host) {
  std::string bare = host;
  if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']') bare = bare.substr(1, bare.size() - 2);
  boost::system::error_code ec;
  boost::asio::ip::make_address(bare, ec);
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (!ec) {
    X509_VERIFY_PARAM_set1_ip_asc(param, bare.c_str());
    return;
  }
  SSL_set_tlsext_host_name(ssl, bare.c_str());
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  SSL_set1_host(ssl, bare.c_str());
}

std::string tls_failure(const boost::system::error_code& ec, SSL* ssl, bool& verify_failed) {
  long result = ssl ? SSL_get_verify_result(ssl) : X509_V_OK;
  if (result != X509_V_OK) {
    verify_failed = true;
    return std::string("TLS certificate verification failed: ") + X509_verify_cert_error_string(result);
  }
  return "TLS handshake failed: " + ec.message();
}

}  // namespace grinder::venue_kit
