#pragma once
// The shared venue helpers (plugins/venue_kit) this plugin uses under its own
// names. The rest of the kit (the HTTP client, TLS, config reading, HMAC) is
// named venue_kit:: where it is used.
#include "grinder/venue_kit/decimal.hpp"
#include "grinder/venue_kit/endpoint.hpp"
#include "grinder/venue_kit/log.hpp"

namespace grinder::binance {

// Prices, quantities and notionals. Binance speaks decimal strings ("0.10",
// "65000.1") and refuses a price with binary noise in it (48500.100000000006:
// -1111 BAD_PRECISION, -4014 PRICE_NOT_INCREASED_BY_TICK_SIZE).
using venue_kit::Decimal;

// base_url and ws_url: mainnet, a testnet, or the local simulator.
using venue_kit::Endpoint;
using venue_kit::parse_endpoint;

// Lines name paths, never a query string: a signed query holds the
// signature, a stream URL the listenKey.
using venue_kit::Log;

}  // namespace grinder::binance
