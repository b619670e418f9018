// The entry point of libgrinder_venue_binance_usdm.so.
#include "binance_venue.hpp"
#include "grinder/venue_plugin.hpp"

GRINDER_VENUE_PLUGIN(grinder::binance::BinanceVenue)
