#include "market_json.hpp"

#include "json.hpp"
#include "order_json.hpp"

namespace grinder::btcturk {

std::optional<Ticker> parse_ticker(const rapidjson::Value& doc, const std::string& pair, std::string& error) {
  const rapidjson::Value* data = member(doc, "data");
  if (!data || !data->IsArray()) {
    error = "ticker answer has no data list";
    return std::nullopt;
  }
  for (const auto& t : data->GetArray()) {
    if (normalize_pair(text_of(t, "pair")) != pair && normalize_pair(text_of(t, "pairNormalized")) != pair) continue;
    auto bid = decimal_of(t, "bid"), ask = decimal_of(t, "ask");
    if (!bid || !ask || !bid->positive() || !ask->positive() || *bid > *ask) {
      error =
          "ticker of " + pair + " has no usable bid/ask (bid " + text_of(t, "bid") + ", ask " + text_of(t, "ask") + ")";
      return std::nullopt;
    }
    Ticker out;
    out.pair = pair;
    out.bid = *bid;
    out.ask = *ask;
    out.timestamp_ms = int_of(t, "timestamp").value_or(0);
    return out;
  }
  error = "ticker answer has no entry for " + pair;
  return std::nullopt;
}

std::optional<std::int64_t> parse_server_time(const rapidjson::Value& doc) {
  if (auto t = int_of(doc, "serverTime")) return t;
  if (const rapidjson::Value* data = member(doc, "data")) return int_of(*data, "serverTime");
  return std::nullopt;
}

}  // namespace grinder::btcturk
