#pragma once
// The simulator's market: BTCTRY, ETHTRY, USDTTRY and BTCUSDT with BTCTurk's
// scales and price filters, each a seeded random walk of the bid on its tick
// grid, quoted one tick wide. Same seed, same prices. The ticker's timestamp
// is when the venue last computed the quote, every step; a stale pair stops
// moving and its timestamp stops with it, which is what the host's
// freshness gate sees.
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "kit.hpp"

namespace grinder::btcturk::sim {

struct PairSpec {
  std::string symbol;  // BTCTRY
  std::string numerator, denominator;
  int numerator_scale = 8;    // quantity decimals
  int denominator_scale = 0;  // price decimals
  std::string tick_size, min_price, max_price, min_exchange_value;
  std::string start_price;
  std::vector<std::string> order_methods;

  std::string normalized() const { return numerator + "_" + denominator; }
};

struct Book {
  Decimal bid, ask;
  Decimal open;  // the first price, for the ticker's daily change
  std::int64_t ts_ms = 0;
  bool stale = false;
};

class Market {
 public:
  Market(std::uint64_t seed, std::int64_t now_ms);

  const std::vector<PairSpec>& specs() const { return specs_; }
  // By "BTCTRY" or "BTC_TRY"; nullptr when unknown.
  const PairSpec* spec(const std::string& pair) const;
  Book& book(const std::string& symbol) { return books_.at(symbol); }
  const Book& book(const std::string& symbol) const { return books_.at(symbol); }
  Decimal tick(const std::string& symbol) const;

  // One step of every pair that is not stale; returns the pairs moved.
  std::vector<std::string> step(std::int64_t now_ms);
  // Back from stale, the quote is recomputed at once: now_ms is its time.
  void set_stale(const std::string& symbol, bool stale, std::int64_t now_ms);

 private:
  std::vector<PairSpec> specs_;
  std::map<std::string, Book> books_;
  std::map<std::string, std::mt19937_64> walks_;
};

}  // namespace grinder::btcturk::sim
