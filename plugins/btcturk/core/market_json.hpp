#pragma once
// The public answers the plugin reads: GET /api/v2/ticker?pairSymbol= (data
// is always a list, prices are JSON numbers, "timestamp" is when the venue
// computed the quote) and GET /api/v2/server/time ({"serverTime": ms}).
#include <rapidjson/document.h>

#include <cstdint>
#include <optional>
#include <string>

#include "kit.hpp"

namespace grinder::btcturk {

struct Ticker {
  std::string pair;
  Decimal bid, ask;
  std::int64_t timestamp_ms = 0;  // 0 when the venue gave none: every staleness check refuses it
};

// The pair's entry of a ticker answer (the whole envelope). nullopt with
// error when the pair is not there or its bid/ask is missing, not positive,
// or crossed (bid > ask): a quote that cannot be traded on is no quote.
std::optional<Ticker> parse_ticker(const rapidjson::Value& doc, const std::string& pair, std::string& error);

// serverTime of /api/v2/server/time, at the top level or under data.
std::optional<std::int64_t> parse_server_time(const rapidjson::Value& doc);

}  // namespace grinder::btcturk
