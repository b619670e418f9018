#pragma once
// The plugin's config: the venue's `params` from the deployment, with the
// host-added "credentials" ({"api_key", "api_secret"}: BTCTurk's public and
// private key). Every key is listed in plugins/btcturk/README.md; an unknown
// one is refused, because a typo that passes silently becomes a live
// surprise.
//
// Writes are off unless the config arms them: mode "read_only" (the
// default) refuses place and cancel before anything is sent; "live_trade"
// allows them and then needs both keys, or create fails.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "grinder/venue_kit/http_client.hpp"
#include "kit.hpp"

namespace grinder::btcturk {

using std::chrono::milliseconds;

enum class Mode { ReadOnly, LiveTrade };

const char* to_string(Mode m);

struct Config {
  Endpoint rest;  // base_url, default https://api.btcturk.com
  std::string ca_file;
  Mode mode = Mode::ReadOnly;
  std::string api_key;            // X-PCK; only ever sent in that header
  std::string private_key_bytes;  // api_secret, base64-decoded; never logged, never in a message
  venue_kit::HttpTimeouts http;
  // Pairs whose open orders a snapshot lists when the host names none:
  // BTCTurk lists open orders per pair.
  std::vector<std::string> symbols;
  milliseconds time_sync_interval{10 * 60 * 1000};
  milliseconds exchange_info_ttl{60 * 60 * 1000};
  int unknown_state_lookups = 3;
  milliseconds lookup_delay{300};
  // A cancel is asynchronous on BTCTurk (since 2024-04-01): how long cancel
  // waits to see the order leave the book, and how often it looks.
  milliseconds cancel_confirm{2000};
  milliseconds cancel_poll{100};

  bool has_credentials() const { return !api_key.empty() && !private_key_bytes.empty(); }
};

// Throws venue_sdk::Failure(INVALID_ARGUMENT) naming every problem at once,
// never a credential's value.
Config parse_config(std::string_view json);

}  // namespace grinder::btcturk
