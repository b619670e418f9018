// What a plugin reports beyond the three snapshot sources reaches the host as
// flattened numbers (Binance: used weight, order counts, stream health).
#include <catch2/catch.hpp>

#include "../../host/plugin/snapshot_json.hpp"

using namespace grinder::plugin;

TEST_CASE("extra snapshot members become dotted numeric stats", "[plugin][snapshot]") {
  auto s = parse_snapshot_json(R"({"venue_ts_ms":5,
    "orders":{"ok":true,"items":[]},"positions":{"ok":true,"items":[]},"balances":{"ok":true,"items":[]},
    "rate_limits":{"used_weight":{"1m":12},"order_count":{"10s":1,"1m":3},"retry_after_ms":0},
    "streams":{"market":{"connected":true,"reconnects":2,"last_down":"eof"}},
    "time_offset_ms":-4})");
  REQUIRE(s);
  CHECK(s->stats.at("rate_limits.used_weight.1m") == 12);
  CHECK(s->stats.at("rate_limits.order_count.1m") == 3);
  CHECK(s->stats.at("streams.market.connected") == 1);
  CHECK(s->stats.at("streams.market.reconnects") == 2);
  CHECK(s->stats.at("time_offset_ms") == -4);
  CHECK(s->stats.count("streams.market.last_down") == 0);  // text is not a number
}
