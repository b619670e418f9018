#include "market.hpp"

#include <functional>

namespace grinder::binance::sim {

namespace {

Decimal dec(const std::string& s) { return *Decimal::parse(s); }

}  // namespace

Market::Market(std::uint64_t seed, std::int64_t now_ms) {
  // Filters as Binance lists these symbols (tick, step, min notional).
  specs_ = {
      {"BTCUSDT", "BTC", "0.10", "261.10", "809484", "0.001", "0.001", "1000", "0.001", "0.001", "120", "100",
       "65000.00", 2, 3},
      {"ETHUSDT", "ETH", "0.01", "39.86", "306177", "0.001", "0.001", "10000", "0.001", "0.001", "2000", "20",
       "3200.00", 2, 3},
      {"SOLUSDT", "SOL", "0.0100", "0.4200", "6857", "1", "1", "1000000", "1", "1", "5000", "5", "150.0000", 4, 0},
  };
  for (const auto& s : specs_) {
    Book b;
    b.bid = dec(s.start_price).floor_to(dec(s.tick_size));
    b.ask = b.bid + dec(s.tick_size);
    b.ts_ms = now_ms;
    b.update_id = 1;
    books_[s.symbol] = b;
    walks_.emplace(s.symbol, std::mt19937_64(seed ^ std::hash<std::string>{}(s.symbol)));
  }
}

const SymbolSpec* Market::spec(const std::string& symbol) const {
  for (const auto& s : specs_)
    if (s.symbol == symbol) return &s;
  return nullptr;
}

Decimal Market::tick(const std::string& symbol) const { return dec(spec(symbol)->tick_size); }

Decimal Market::mark(const std::string& symbol) const {
  const Book& b = book(symbol);
  return ((b.bid + b.ask) * dec("0.5")).floor_to(dec("0.00000001"));
}

std::vector<std::string> Market::step(std::int64_t now_ms) {
  std::vector<std::string> moved;
  for (const auto& s : specs_) {
    Book& b = books_.at(s.symbol);
    if (b.stale) continue;
    Decimal tick = dec(s.tick_size);
    // Up to 2 bps of the price per step, in whole ticks, at least one.
    double ticks_per_bp = b.bid.to_double() * 0.0001 / tick.to_double();
    auto range = static_cast<std::int64_t>(2 * ticks_per_bp);
    if (range < 1) range = 1;
    std::uniform_int_distribution<std::int64_t> d(-range, range);
    std::int64_t move = d(walks_.at(s.symbol));
    Decimal bid = b.bid + tick * Decimal::from_int(move);
    if (bid < dec(s.min_price)) bid = dec(s.min_price).ceil_to(tick);
    if (bid == b.bid) continue;
    b.bid = bid;
    b.ask = bid + tick;
    b.ts_ms = now_ms;
    ++b.update_id;
    moved.push_back(s.symbol);
  }
  return moved;
}

void Market::set_stale(const std::string& symbol, bool stale) { books_.at(symbol).stale = stale; }

}  // namespace grinder::binance::sim
