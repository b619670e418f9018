#include "exchange.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "exchange_info.hpp"
#include "json.hpp"

namespace grinder::btcturk::sim {

namespace {

using JsonOut = rapidjson::Writer<rapidjson::StringBuffer>;

Decimal dec(const std::string& s) { return *Decimal::parse(s); }

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string capitalized(const std::string& s) {
  std::string out = s;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

void str(JsonOut& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void num(JsonOut& w, const char* key, const std::string& decimal_text) {
  w.Key(key);
  // RawValue, not RawNumber: RawNumber writes the text quoted.
  w.RawValue(decimal_text.c_str(), decimal_text.size(), rapidjson::kNumberType);
}

Refusal refuse(int code, std::string message, int status = 400) { return {status, code, std::move(message)}; }

// The venue takes the documented names and, like its own C# client sends
// them, the enum numbers: orderType buy 0 / sell 1, orderMethod limit 0 /
// market 1 / stoplimit 2 / stopmarket 3.
std::string side_of(const std::string& text) {
  std::string s = lower(text);
  if (s == "0") return "buy";
  if (s == "1") return "sell";
  return s;
}

std::string method_of(const std::string& text) {
  std::string s = lower(text);
  if (s == "0") return "limit";
  if (s == "1") return "market";
  if (s == "2") return "stoplimit";
  if (s == "3") return "stopmarket";
  return s;
}

std::string asset_name(const std::string& asset) {
  if (asset == "TRY") return "Türk Lirası";
  if (asset == "BTC") return "Bitcoin";
  if (asset == "ETH") return "Ethereum";
  if (asset == "USDT") return "Tether";
  if (asset == "XRP") return "Ripple";
  return asset;
}

}  // namespace

Exchange::Exchange(Market& market, std::function<std::int64_t()> now, int cancel_delay_ms)
    : market_(market), now_(std::move(now)), cancel_delay_ms_(cancel_delay_ms) {
  balances_["TRY"] = {dec("100000"), Decimal()};
  balances_["BTC"] = {dec("0.5"), Decimal()};
  balances_["ETH"] = {dec("5"), Decimal()};
  balances_["USDT"] = {dec("5000"), Decimal()};
  balances_["XRP"] = {Decimal(), Decimal()};  // listed and empty, as most assets are
}

std::string Exchange::price_text(const PairSpec& s, const Decimal& v) const { return v.fixed(s.denominator_scale); }

std::string Exchange::qty_text(const PairSpec& s, const Decimal& v) const { return v.fixed(s.numerator_scale); }

std::optional<Refusal> Exchange::check_order(const PairSpec& s, bool buy, bool market, const Decimal& price,
                                             const Decimal& qty) const {
  std::string method = market ? "MARKET" : "LIMIT";
  if (std::find(s.order_methods.begin(), s.order_methods.end(), method) == s.order_methods.end())
    return market ? refuse(1118, "FAILED_MARKET_ORDER") : refuse(1120, "FAILED_LIMIT_ORDER");
  if (!qty.positive()) return refuse(0, "FAILED_ORDER_PARAMETER");
  // A market BUY's quantity is an amount of the quote asset.
  int qty_scale = market && buy ? s.denominator_scale : s.numerator_scale;
  if (qty.scale() > qty_scale) return refuse(1127, "FAILED_INVALID_QUANTITY_SCALE");
  const Book& book = market_.book(s.symbol);
  if (!market) {
    if (!price.positive()) return refuse(0, "FAILED_ORDER_PARAMETER");
    if (price.scale() > s.denominator_scale || !price.is_multiple_of(dec(s.tick_size)))
      return refuse(1126, "FAILED_INVALID_PRICE_SCALE");
    if (price > dec(s.max_price)) return refuse(1226, "PRICE_MUST_BE_LESS_THAN_MAXPRICE");
    if (price < dec(s.min_price)) return refuse(1227, "PRICE_MUST_BE_LESS_THAN_MINPRICE");
  }
  Decimal total = !market ? price * qty : buy ? qty : book.bid * qty;
  if (total < dec(s.min_exchange_value)) return refuse(1123, "FAILED_MIN_TOTAL_AMOUNT");
  const std::string& asset = buy ? s.denominator : s.numerator;
  Decimal need = buy ? (market ? qty : price * qty) : qty;
  auto it = balances_.find(asset);
  Funds f = it == balances_.end() ? Funds{} : it->second;
  if (f.free < need)
    return f.free + f.locked >= need ? refuse(1122, "FAILED_ORDER_WITH_OPEN_ORDERS") : refuse(0, "BALANCE_NOT_ENOUGH");
  return std::nullopt;
}

Outcome Exchange::place(const OrderParams& p) {
  const PairSpec* s = market_.spec(p.pair);
  if (!s) return {std::nullopt, refuse(0, "FAILED_ORDER_PARAMETER")};
  std::string side = side_of(p.side), method = method_of(p.method);
  if (side != "buy" && side != "sell") return {std::nullopt, refuse(0, "FAILED_ORDER_PARAMETER")};
  if (method == "stoplimit" || method == "stopmarket")
    return {std::nullopt, refuse(1134, "ORDER_METHOD_NOT_SUPPORTED")};
  if (method != "limit" && method != "market") return {std::nullopt, refuse(1193, "ORDER_TYPE_NOT_SUPPORTED")};
  bool buy = side == "buy", market = method == "market";
  auto qty = parse_venue_decimal(p.qty);
  std::optional<Decimal> price = market ? std::optional<Decimal>(Decimal()) : parse_venue_decimal(p.price);
  if (!qty || !price) return {std::nullopt, refuse(0, "FAILED_ORDER_PARAMETER")};
  if (auto r = check_order(*s, buy, market, *price, *qty)) return {std::nullopt, *r};

  SimOrder o;
  o.id = next_id_++;
  // BTCTurk makes up a GUID-like id when none is sent.
  o.client_id = p.client_id.empty() ? "sim-" + std::to_string(o.id) : p.client_id;
  o.pair = s->symbol;
  o.side = side;
  o.method = method;
  o.status = "Untouched";
  o.price = *price;
  o.qty = *qty;
  o.time = o.update_time = now_();
  ++per_client_id_[o.client_id];

  const Book& book = market_.book(s->symbol);
  if (market) {
    Decimal base_step = unit_at_scale(s->numerator_scale);
    if (buy) {
      // Spend at most qty of the quote asset at the ask.
      Decimal base = Decimal::ceil_multiple_for(*qty, book.ask, base_step);
      if (base * book.ask > *qty) base = base - base_step;
      if (base.positive()) fill(o, base, book.ask);
    } else {
      fill(o, *qty, book.bid);
    }
    o.status = "Closed";
  } else {
    Funds& f = funds(buy ? s->denominator : s->numerator);
    o.locked = buy ? *price * *qty : *qty;
    f.free = f.free - o.locked;
    f.locked = f.locked + o.locked;
    bool crosses = buy ? *price >= book.ask : *price <= book.bid;
    if (crosses) fill(o, *qty, buy ? book.ask : book.bid);
  }
  orders_.push_back(o);
  return {o, {}};
}

void Exchange::fill(SimOrder& o, const Decimal& base_qty, const Decimal& price) {
  const PairSpec& s = *market_.spec(o.pair);
  Funds& base = funds(s.numerator);
  Funds& quote = funds(s.denominator);
  Decimal cost = base_qty * price;
  bool buy = o.side == "buy";
  if (o.method == "limit") {
    Decimal release = buy ? o.price * base_qty : base_qty;
    Funds& held = buy ? quote : base;
    held.locked = held.locked - release;
    o.locked = o.locked - release;
    if (buy) quote.free = quote.free + release;  // what the lock held, before paying
  }
  if (buy) {
    quote.free = quote.free - cost;
    base.free = base.free + base_qty;
  } else {
    if (o.method != "limit") base.free = base.free - base_qty;
    quote.free = quote.free + cost;
  }
  o.filled = o.filled + base_qty;
  o.update_time = now_();
  bool whole = o.method == "market" || o.filled >= o.qty;
  o.status = whole ? "Closed" : "Partial";
}

void Exchange::release(SimOrder& o) {
  const PairSpec& s = *market_.spec(o.pair);
  Funds& held = funds(o.side == "buy" ? s.denominator : s.numerator);
  held.locked = held.locked - o.locked;
  held.free = held.free + o.locked;
  o.locked = Decimal();
}

std::optional<Refusal> Exchange::cancel(std::int64_t id) {
  for (auto& o : orders_) {
    if (o.id != id) continue;
    if (!o.open()) return refuse(0, "ORDER_COULD_NOT_BE_CANCELED");
    if (o.cancel_at == 0) o.cancel_at = now_() + cancel_delay_ms_;
    if (cancel_delay_ms_ == 0) on_tick({});
    return std::nullopt;
  }
  return refuse(0, "NO_ORDER_MATCHES_YOUR_REQUEST");
}

Outcome Exchange::order(std::int64_t id) const {
  for (const auto& o : orders_)
    if (o.id == id) return {o, {}};
  return {std::nullopt, refuse(1152, "Order not found")};
}

std::vector<SimOrder> Exchange::open_orders(const std::string& pair) const {
  std::vector<SimOrder> out;
  for (const auto& o : orders_)
    if (o.open() && o.pair == pair) out.push_back(o);
  return out;
}

std::vector<SimOrder> Exchange::all_orders(const std::string& pair, std::int64_t start_ms, std::int64_t end_ms,
                                           std::size_t limit) const {
  std::vector<SimOrder> out;
  for (auto it = orders_.rbegin(); it != orders_.rend() && out.size() < limit; ++it)
    if (it->pair == pair && it->time >= start_ms && (end_ms == 0 || it->time <= end_ms)) out.push_back(*it);
  return out;
}

std::size_t Exchange::pending_cancels() const {
  return static_cast<std::size_t>(
      std::count_if(orders_.begin(), orders_.end(), [](const SimOrder& o) { return o.open() && o.cancel_at != 0; }));
}

void Exchange::on_tick(const std::vector<std::string>& moved) {
  std::int64_t now = now_();
  for (auto& o : orders_) {
    if (!o.open() || o.cancel_at == 0 || now < o.cancel_at) continue;
    release(o);
    o.status = "Canceled";
    o.update_time = now;
  }
  for (const auto& pair : moved) {
    const Book& b = market_.book(pair);
    for (auto& o : orders_) {
      if (o.pair != pair || !o.open() || o.method != "limit") continue;
      bool reached = o.side == "buy" ? b.ask <= o.price : b.bid >= o.price;
      if (reached) fill(o, o.qty - o.filled, o.price);  // a resting order fills at its own price
    }
  }
}

SimOrder Exchange::inject_order(const std::string& pair, const std::string& side, std::optional<Decimal> price,
                                std::optional<Decimal> qty, std::string client_id) {
  const PairSpec& s = *market_.spec(pair);
  const Book& b = market_.book(s.symbol);
  bool sell = lower(side) == "sell";
  Decimal tick = dec(s.tick_size);
  // 10% away from the touch, so it rests.
  Decimal p = price ? *price : sell ? (b.ask * dec("1.1")).ceil_to(tick) : (b.bid * dec("0.9")).floor_to(tick);
  Decimal q =
      qty ? *qty
          : Decimal::ceil_multiple_for(dec(s.min_exchange_value) * dec("2"), p, unit_at_scale(s.numerator_scale));
  SimOrder o;
  o.id = next_id_++;
  o.client_id = client_id.empty() ? "manual-" + std::to_string(o.id) : std::move(client_id);
  o.pair = s.symbol;
  o.side = sell ? "sell" : "buy";
  o.method = "limit";
  o.status = "Untouched";
  o.price = p;
  o.qty = q;
  o.time = o.update_time = now_();
  ++per_client_id_[o.client_id];
  // Funds are not held for it: it stands for an order from another account
  // view (the UI), and a drill must not fail for want of balance.
  orders_.push_back(o);
  return o;
}

void Exchange::set_free(const std::string& asset, const Decimal& free) { balances_[asset].free = free; }

std::string Exchange::order_json(const SimOrder& o) const {
  const PairSpec& s = *market_.spec(o.pair);
  rapidjson::StringBuffer buf;
  JsonOut w(buf);
  bool quote_qty = o.method == "market" && o.side == "buy";
  std::string qty = quote_qty ? price_text(s, o.qty) : qty_text(s, o.qty);
  Decimal left = o.open() ? o.qty - o.filled : Decimal();
  w.StartObject();
  w.Key("id");
  w.Int64(o.id);
  str(w, "price", price_text(s, o.price));
  str(w, "amount", qty);
  str(w, "quantity", qty);
  str(w, "stopPrice", "0");
  str(w, "pairSymbol", s.symbol);
  str(w, "pairSymbolNormalized", s.normalized());
  str(w, "type", o.side);
  str(w, "method", o.method);
  str(w, "orderClientId", o.client_id);
  w.Key("time");
  w.Int64(o.time);
  w.Key("updateTime");
  w.Int64(o.update_time);
  str(w, "status", o.status);
  str(w, "leftAmount", quote_qty ? price_text(s, left) : qty_text(s, left));
  w.EndObject();
  return buf.GetString();
}

std::string Exchange::ack_json(const SimOrder& o) const {
  const PairSpec& s = *market_.spec(o.pair);
  rapidjson::StringBuffer buf;
  JsonOut w(buf);
  w.StartObject();
  w.Key("id");
  w.Int64(o.id);
  w.Key("datetime");
  w.Int64(o.time);
  str(w, "type", capitalized(o.side));
  str(w, "method", capitalized(o.method));
  str(w, "price", price_text(s, o.price));
  str(w, "stopPrice", "0");
  str(w, "quantity", o.method == "market" && o.side == "buy" ? price_text(s, o.qty) : qty_text(s, o.qty));
  str(w, "pairSymbol", s.symbol);
  str(w, "pairSymbolNormalized", s.normalized());
  str(w, "newOrderClientId", o.client_id);
  w.EndObject();
  return buf.GetString();
}

std::string Exchange::balances_json() const {
  rapidjson::StringBuffer buf;
  JsonOut w(buf);
  w.StartArray();
  for (const auto& [asset, f] : balances_) {
    w.StartObject();
    str(w, "asset", asset);
    str(w, "assetname", asset_name(asset));
    str(w, "balance", (f.free + f.locked).fixed(8));
    str(w, "locked", f.locked.fixed(8));
    str(w, "free", f.free.fixed(8));
    str(w, "orderFund", f.locked.fixed(8));
    str(w, "requestFund", "0");
    w.Key("precision");
    w.Int(asset == "TRY" ? 2 : 8);
    w.Key("timestamp");
    w.Int64(now_());
    w.EndObject();
  }
  w.EndArray();
  return buf.GetString();
}

std::string Exchange::exchange_info_json() const {
  rapidjson::StringBuffer buf;
  JsonOut w(buf);
  w.StartObject();
  str(w, "timeZone", "UTC");
  str(w, "serverTime", std::to_string(now_()));
  w.Key("symbols");
  w.StartArray();
  int id = 1;
  for (const auto& s : market_.specs()) {
    w.StartObject();
    str(w, "id", std::to_string(id++));
    str(w, "name", s.symbol);
    str(w, "nameNormalized", s.normalized());
    str(w, "status", "TRADING");
    str(w, "numerator", s.numerator);
    str(w, "denominator", s.denominator);
    str(w, "numeratorScale", std::to_string(s.numerator_scale));
    str(w, "denominatorScale", std::to_string(s.denominator_scale));
    w.Key("hasFraction");
    w.Bool(s.denominator_scale > 0);
    w.Key("filters");
    w.StartArray();
    w.StartObject();
    str(w, "filterType", "PRICE_FILTER");
    str(w, "minPrice", s.min_price);
    str(w, "maxPrice", s.max_price);
    str(w, "tickSize", s.tick_size);
    str(w, "minExchangeValue", s.min_exchange_value);
    w.Key("minAmount");
    w.Null();
    w.Key("maxAmount");
    w.Null();
    w.EndObject();
    w.EndArray();
    w.Key("orderMethods");
    w.StartArray();
    for (const auto& m : s.order_methods) w.String(m.c_str());
    w.EndArray();
    str(w, "displayFormat", "#,###");
    w.Key("commissionFromNumerator");
    w.Bool(false);
    str(w, "order", "1000");
    w.Key("priceRounding");
    w.Bool(false);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return buf.GetString();
}

std::string Exchange::ticker_json(const std::string& pair) const {
  rapidjson::StringBuffer buf;
  JsonOut w(buf);
  w.StartArray();
  for (const auto& s : market_.specs()) {
    if (!pair.empty() && s.symbol != pair) continue;
    const Book& b = market_.book(s.symbol);
    Decimal mid = (b.bid + b.ask) * dec("0.5");
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.2f", (b.bid.to_double() - b.open.to_double()) / b.open.to_double() * 100);
    w.StartObject();
    str(w, "pair", s.symbol);
    str(w, "pairNormalized", s.normalized());
    w.Key("timestamp");
    w.Int64(b.ts_ms);
    num(w, "last", b.bid.str());
    num(w, "high", std::max(b.open, b.ask).str());
    num(w, "low", std::min(b.open, b.bid).str());
    num(w, "bid", b.bid.str());
    num(w, "ask", b.ask.str());
    num(w, "open", b.open.str());
    num(w, "volume", "11.32065888");
    num(w, "average", mid.str());
    num(w, "daily", (b.bid - b.open).str());
    num(w, "dailyPercent", pct);
    str(w, "denominatorSymbol", s.denominator);
    str(w, "numeratorSymbol", s.numerator);
    w.Key("order");
    w.Int(1000);
    w.EndObject();
  }
  w.EndArray();
  return buf.GetString();
}

}  // namespace grinder::btcturk::sim
