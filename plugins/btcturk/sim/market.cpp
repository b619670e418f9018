#include "market.hpp"

#include <functional>

#include "order_json.hpp"

namespace grinder::btcturk::sim {

namespace {

Decimal dec(const std::string& s) { return *Decimal::parse(s); }

}  // namespace

Market::Market(std::uint64_t seed, std::int64_t now_ms) {
  const std::vector<std::string> all = {"MARKET", "LIMIT", "STOP_MARKET", "STOP_LIMIT"};
  // Scales as BTCTurk's pair table gives them; filters in exchangeinfo's shape.
  specs_ = {
      {"BTCTRY", "BTC", "TRY", 8, 0, "1", "0.0000000000001", "100000000", "10", "2000000", all},
      {"ETHTRY", "ETH", "TRY", 8, 0, "1", "0.0000000000001", "10000000", "10", "110000", all},
      {"USDTTRY", "USDT", "TRY", 2, 2, "0.01", "0.0000000000001", "1000", "10", "34.50", all},
      {"BTCUSDT", "BTC", "USDT", 8, 0, "1", "0.0000000000001", "10000000", "10", "60000", all},
  };
  for (const auto& s : specs_) {
    Book b;
    b.bid = dec(s.start_price).floor_to(dec(s.tick_size));
    b.ask = b.bid + dec(s.tick_size);
    b.open = b.bid;
    b.ts_ms = now_ms;
    books_[s.symbol] = b;
    walks_.emplace(s.symbol, std::mt19937_64(seed ^ std::hash<std::string>{}(s.symbol)));
  }
}

const PairSpec* Market::spec(const std::string& pair) const {
  std::string normalized = normalize_pair(pair);
  for (const auto& s : specs_)
    if (s.symbol == normalized) return &s;
  return nullptr;
}

Decimal Market::tick(const std::string& symbol) const { return dec(spec(symbol)->tick_size); }

std::vector<std::string> Market::step(std::int64_t now_ms) {
  std::vector<std::string> moved;
  for (const auto& s : specs_) {
    Book& b = books_.at(s.symbol);
    if (b.stale) continue;
    b.ts_ms = now_ms;
    Decimal tick = dec(s.tick_size);
    // Up to 2 bps of the price per step, in whole ticks, at least one.
    double ticks_per_bp = b.bid.to_double() * 0.0001 / tick.to_double();
    auto range = static_cast<std::int64_t>(2 * ticks_per_bp);
    if (range < 1) range = 1;
    std::uniform_int_distribution<std::int64_t> d(-range, range);
    Decimal bid = b.bid + tick * Decimal::from_int(d(walks_.at(s.symbol)));
    if (!bid.positive()) bid = tick;
    if (bid == b.bid) continue;
    b.bid = bid;
    b.ask = bid + tick;
    moved.push_back(s.symbol);
  }
  return moved;
}

void Market::set_stale(const std::string& symbol, bool stale, std::int64_t now_ms) {
  Book& b = books_.at(symbol);
  if (b.stale && !stale) b.ts_ms = now_ms;
  b.stale = stale;
}

}  // namespace grinder::btcturk::sim
