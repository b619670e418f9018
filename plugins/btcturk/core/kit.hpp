#pragma once
// The shared venue helpers (plugins/venue_kit) this plugin uses under its own
// names. The rest of the kit (the HTTP client, TLS, config reading, HMAC) is
// named venue_kit:: where it is used.
#include "grinder/venue_kit/decimal.hpp"
#include "grinder/venue_kit/endpoint.hpp"
#include "grinder/venue_kit/log.hpp"

namespace grinder::btcturk {

// Prices, quantities and totals. BTCTurk speaks decimal text ("0.001",
// "2000000") and checks its scales (FAILED_INVALID_PRICE_SCALE 1126,
// FAILED_INVALID_QUANTITY_SCALE 1127): binary noise in a price is refused.
using venue_kit::Decimal;

// base_url: the live API or the local simulator.
using venue_kit::Endpoint;
using venue_kit::parse_endpoint;

// Lines name the method and path; never a header (X-Signature, X-PCK), never
// a credential.
using venue_kit::Log;

}  // namespace grinder::btcturk
