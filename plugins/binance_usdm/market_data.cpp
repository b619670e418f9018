#include "market_data.hpp"

#include "json.hpp"
#include "kit.hpp"

namespace grinder::binance {

std::optional<std::pair<std::string, Quote>> parse_book_ticker(std::string_view message) {
  std::string error;
  auto doc = parse_json(message, error);
  if (!doc || !doc->IsObject()) return std::nullopt;
  const rapidjson::Value* data = &*doc;
  if (doc->HasMember("data") && (*doc)["data"].IsObject()) data = &(*doc)["data"];
  if (str_of(*data, "e") != "bookTicker") return std::nullopt;
  auto bid = Decimal::parse(str_of(*data, "b"));
  auto ask = Decimal::parse(str_of(*data, "a"));
  std::string symbol = str_of(*data, "s");
  if (!bid || !ask || symbol.empty()) return std::nullopt;
  Quote q;
  q.bid = bid->str();
  q.ask = ask->str();
  q.venue_ts_ms = int_of(*data, "T").value_or(int_of(*data, "E").value_or(0));
  return std::make_pair(symbol, q);
}

void QuoteBook::put(const std::string& symbol, Quote q) {
  std::lock_guard lock(mu_);
  quotes_[symbol] = std::move(q);
}

std::optional<Quote> QuoteBook::get(const std::string& symbol) const {
  std::lock_guard lock(mu_);
  auto it = quotes_.find(symbol);
  if (it == quotes_.end()) return std::nullopt;
  return it->second;
}

std::int64_t QuoteBook::latest_ts_ms() const {
  std::lock_guard lock(mu_);
  std::int64_t ts = 0;
  for (const auto& [_, q] : quotes_)
    if (q.venue_ts_ms > ts) ts = q.venue_ts_ms;
  return ts;
}

}  // namespace grinder::binance
