#pragma once
// The simulator's market: BTCUSDT, ETHUSDT and SOLUSDT with Binance-like
// filters, each a seeded random walk of the mid on its tick grid, quoted one
// tick wide. Same seed, same prices. A stale symbol stops moving (and its
// bookTicker stops), as the runbooks' stale-data drill needs.
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "kit.hpp"

namespace grinder::binance::sim {

struct SymbolSpec {
  std::string symbol;
  std::string base_asset;
  std::string tick_size, min_price, max_price;  // as exchangeInfo prints them
  std::string step_size, min_qty, max_qty;
  std::string market_step_size, market_min_qty, market_max_qty;
  std::string min_notional;
  std::string start_price;
  int price_precision = 2;
  int quantity_precision = 3;
};

struct Book {
  Decimal bid, ask;
  std::int64_t ts_ms = 0;  // when the top last changed
  std::int64_t update_id = 0;
  bool stale = false;
};

class Market {
 public:
  explicit Market(std::uint64_t seed, std::int64_t now_ms);

  const std::vector<SymbolSpec>& specs() const { return specs_; }
  const SymbolSpec* spec(const std::string& symbol) const;
  Book& book(const std::string& symbol) { return books_.at(symbol); }
  const Book& book(const std::string& symbol) const { return books_.at(symbol); }
  Decimal tick(const std::string& symbol) const;
  Decimal mark(const std::string& symbol) const;  // the mid

  // One step of every symbol that is not stale; returns the symbols moved.
  std::vector<std::string> step(std::int64_t now_ms);
  void set_stale(const std::string& symbol, bool stale);

 private:
  std::vector<SymbolSpec> specs_;
  std::map<std::string, Book> books_;
  std::map<std::string, std::mt19937_64> walks_;
};

}  // namespace grinder::binance::sim
