// The entry point of libgrinder_venue_paper.so.
#include "grinder/venue_plugin.hpp"
#include "paper_venue.hpp"

GRINDER_VENUE_PLUGIN(grinder::paper::PaperVenue)
