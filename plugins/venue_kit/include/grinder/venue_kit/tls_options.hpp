#pragma once
// How a connection to the venue authenticates it. Verification is always on:
// the certificate chain against the system CA store (plus ca_file when set)
// and the certificate's names against the host in the URL, with SNI.
#include <string>

namespace grinder::venue_kit {

struct TlsOptions {
  std::string ca_file;  // extra trusted CAs (PEM), e.g. a testnet proxy's; empty: system store only
};

}  // namespace grinder::venue_kit
