#pragma once
// The plugin's config: the venue's `params` from the deployment, with the
// host-added "credentials" ({"api_key", "api_secret"}). Every key is listed in
// plugins/binance_usdm/README.md; an unknown one is refused, because a typo
// that passes silently becomes a live surprise.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "grinder/venue_kit/http_client.hpp"
#include "kit.hpp"

namespace grinder::binance {

using std::chrono::milliseconds;

struct Config {
  Endpoint rest;  // base_url, default https://fapi.binance.com
  Endpoint ws;    // ws_url, default wss://fstream.binance.com (the /public and /private paths are added)
  std::string ca_file;
  std::string api_key;
  std::string api_secret;  // never logged, never in a message
  std::int64_t recv_window_ms = 5000;
  venue_kit::HttpTimeouts http;
  std::vector<std::string> symbols;  // streamed over @bookTicker
  bool user_stream = true;           // when credentials are set
  bool close_listen_key = true;      // DELETE the listenKey on destroy
  milliseconds listen_key_keepalive{30 * 60 * 1000};
  milliseconds ws_idle_timeout{60000};
  milliseconds ws_backoff_min{500};
  milliseconds ws_backoff_max{30000};
  milliseconds time_sync_interval{10 * 60 * 1000};
  milliseconds exchange_info_ttl{60 * 60 * 1000};
  int unknown_state_lookups = 3;
  milliseconds lookup_delay{300};

  bool has_credentials() const { return !api_key.empty() && !api_secret.empty(); }
};

// Throws venue_sdk::Failure(INVALID_ARGUMENT) naming every problem at once,
// never a credential's value.
Config parse_config(std::string_view json);

}  // namespace grinder::binance
