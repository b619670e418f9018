#pragma once
// The best bid and ask per symbol from the <symbol>@bookTicker stream: only
// the latest quote is kept, with the venue's transaction time, and with the
// connection it arrived on, so that after a drop an old quote is never
// passed off as live.
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace grinder::binance {

struct Quote {
  std::string bid;
  std::string ask;
  std::int64_t venue_ts_ms = 0;  // "T" (transaction time), else "E" (event time)
  std::uint64_t connection = 0;  // which stream connection delivered it
};

// A bookTicker message, raw ({"e":"bookTicker",...}) or from a combined
// stream ({"stream": "btcusdt@bookTicker", "data": {...}}): the symbol and
// its quote, or nullopt for anything else.
std::optional<std::pair<std::string, Quote>> parse_book_ticker(std::string_view message);

class QuoteBook {
 public:
  void put(const std::string& symbol, Quote q);
  std::optional<Quote> get(const std::string& symbol) const;
  std::int64_t latest_ts_ms() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, Quote> quotes_;
};

}  // namespace grinder::binance
