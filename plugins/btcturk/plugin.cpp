// The entry point of libgrinder_venue_btcturk.so.
#include "btcturk_venue.hpp"
#include "grinder/venue_plugin.hpp"

GRINDER_VENUE_PLUGIN(grinder::btcturk::BtcturkVenue)
