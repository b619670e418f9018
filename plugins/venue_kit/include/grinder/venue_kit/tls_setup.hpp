#pragma once
// For connection code only (it pulls in Asio's SSL): the client TLS context
// and the per-connection settings, shared by the HTTP client here and a
// plugin's own connections (a WebSocket client, say).
#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <memory>
#include <string>

#include "grinder/venue_kit/tls_options.hpp"

typedef struct ssl_st SSL;

namespace grinder::venue_kit {

// TLS 1.2 or newer, peer verification on, system CA paths loaded. Throws
// std::runtime_error when ca_file cannot be read.
std::unique_ptr<boost::asio::ssl::context> make_tls_context(const TlsOptions& options);

// On a fresh SSL object: SNI (host names only, RFC 6066) and the name the
// certificate must carry (a DNS name, or an IP address for an IP literal),
// checked by OpenSSL inside the chain verification, so a mismatch fails the
// handshake as X509_V_ERR_HOSTNAME_MISMATCH / IP_ADDRESS_MISMATCH.
void prepare_tls(SSL* ssl, const std::string& host);

// What went wrong in a handshake, naming a verification failure as such.
// Sets verify_failed when the peer's certificate was refused.
std::string tls_failure(const boost::system::error_code& ec, SSL* ssl, bool& verify_failed);

}  // namespace grinder::venue_kit
