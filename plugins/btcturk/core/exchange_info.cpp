#include "exchange_info.hpp"

#include <algorithm>
#include <cctype>

#include "json.hpp"

namespace grinder::btcturk {

Decimal unit_at_scale(int scale) {
  if (scale <= 0) return Decimal::from_int(1);
  return *Decimal::parse("0." + std::string(static_cast<std::size_t>(scale - 1), '0') + "1");
}

Decimal PairRules::step_size() const { return unit_at_scale(quantity_scale); }

bool PairRules::takes(std::string_view method) const {
  return std::find(order_methods.begin(), order_methods.end(), method) != order_methods.end();
}

namespace {

// Scales above 18 do not fit the exact decimals; no pair comes near.
constexpr int kMaxScale = 18;

std::optional<PairRules> parse_pair(const rapidjson::Value& s, std::string& error) {
  PairRules r;
  r.symbol = text_of(s, "name");
  if (r.symbol.empty()) {
    error = "a symbol without a name";
    return std::nullopt;
  }
  r.status = text_of(s, "status");
  r.numerator = text_of(s, "numerator");
  r.denominator = text_of(s, "denominator");
  auto qs = int_of(s, "numeratorScale"), ps = int_of(s, "denominatorScale");
  if (!qs || !ps || *qs < 0 || *ps < 0 || *qs > kMaxScale || *ps > kMaxScale) {
    error = r.symbol + ": numeratorScale/denominatorScale missing or out of range";
    return std::nullopt;
  }
  r.quantity_scale = static_cast<int>(*qs);
  r.price_scale = static_cast<int>(*ps);
  r.tick_size = unit_at_scale(r.price_scale);

  if (const auto* filters = member(s, "filters"); filters && filters->IsArray()) {
    for (const auto& f : filters->GetArray()) {
      if (text_of(f, "filterType") != "PRICE_FILTER") continue;
      // A field that is present must be readable; null means "none".
      auto read = [&](const char* key, Decimal& into) {
        const rapidjson::Value* v = member(f, key);
        if (!v || v->IsNull()) return true;
        auto d = decimal_of(f, key);
        if (!d || d->negative()) {
          error = r.symbol + ": PRICE_FILTER." + key + " is not a decimal";
          return false;
        }
        into = *d;
        return true;
      };
      Decimal tick;
      if (!read("tickSize", tick) || !read("minPrice", r.min_price) || !read("maxPrice", r.max_price) ||
          !read("minExchangeValue", r.min_exchange_value))
        return std::nullopt;
      if (tick > r.tick_size) r.tick_size = tick;
    }
  }
  if (const auto* methods = member(s, "orderMethods"); methods && methods->IsArray()) {
    for (const auto& m : methods->GetArray()) {
      if (!m.IsString()) continue;
      std::string name = m.GetString();
      for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      r.order_methods.push_back(name);
    }
  }
  return r;
}

}  // namespace

std::optional<ExchangeInfo> parse_exchange_info(const rapidjson::Value& doc, std::string& error) {
  const rapidjson::Value* data = member(doc, "data");
  const rapidjson::Value& root = data ? *data : doc;
  const rapidjson::Value* symbols = member(root, "symbols");
  if (!symbols || !symbols->IsArray()) {
    error = "exchangeinfo has no symbols list";
    return std::nullopt;
  }
  ExchangeInfo info;
  info.server_time_ms = int_of(root, "serverTime").value_or(0);
  for (const auto& s : symbols->GetArray()) {
    auto pair = parse_pair(s, error);
    if (!pair) return std::nullopt;
    info.pairs[pair->symbol] = std::move(*pair);
  }
  return info;
}

}  // namespace grinder::btcturk
