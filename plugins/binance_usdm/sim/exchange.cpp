#include "exchange.hpp"

#include <cstdio>

#include "client_order_id.hpp"
#include "grinder/venue_plugin.hpp"

namespace grinder::binance::sim {

using venue_sdk::JsonWriter;

namespace {

Decimal dec(const std::string& s) { return *Decimal::parse(s); }

// Averages need a division; the simulator rounds them to 8 places.
Decimal approx(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.8f", v);
  return dec(buf);
}

Refusal refuse(int code, std::string msg, int status = 400) { return {status, code, std::move(msg)}; }

int decimals_of(const std::string& text) {
  auto dot = text.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

}  // namespace

std::optional<Refusal> check_filters(const SymbolSpec& s, const OrderParams& p, const Decimal& price,
                                     const Decimal& qty, const Decimal& mark) {
  bool market = p.type == "MARKET";
  if (!qty.positive()) return refuse(-4003, "Quantity less than or equal to zero.");
  Decimal step = dec(market ? s.market_step_size : s.step_size);
  if (!qty.is_multiple_of(step)) return refuse(-4023, "Qty not increased by step size.");
  if (qty < dec(market ? s.market_min_qty : s.min_qty)) return refuse(-4004, "Quantity less than min quantity.");
  if (qty > dec(market ? s.market_max_qty : s.max_qty)) return refuse(-4005, "Quantity greater than max quantity.");
  if (!market) {
    if (!price.positive() || !price.is_multiple_of(dec(s.tick_size)))
      return refuse(-4014, "Price not increased by tick size.");
    if (price < dec(s.min_price)) return refuse(-4013, "Price less than min price.");
    if (price > dec(s.max_price)) return refuse(-4016, "Price greater than max price.");
  }
  // MIN_NOTIONAL: a MARKET order has no price, so the mark price is used.
  Decimal notional = (market ? mark : price) * qty;
  if (!p.reduce_only && notional < dec(s.min_notional))
    return refuse(-4164, "Order's notional must be no smaller than " + dec(s.min_notional).str() +
                             " (unless you choose reduce only).");
  return std::nullopt;
}

Exchange::Exchange(Market& market, Publish publish, std::function<std::int64_t()> now)
    : market_(market), publish_(std::move(publish)), now_(std::move(now)) {}

std::string Exchange::price_text(const std::string& symbol, const Decimal& v) const {
  return v.fixed(market_.spec(symbol)->price_precision);
}

std::string Exchange::qty_text(const std::string& symbol, const Decimal& v) const {
  return v.fixed(decimals_of(market_.spec(symbol)->step_size));
}

Outcome Exchange::place(const OrderParams& p) {
  Outcome out;
  const SymbolSpec* s = market_.spec(p.symbol);
  if (!s) return {std::nullopt, refuse(-1121, "Invalid symbol.")};
  if (p.side != "BUY" && p.side != "SELL") return {std::nullopt, refuse(-1117, "Invalid side.")};
  if (p.type != "LIMIT" && p.type != "MARKET") return {std::nullopt, refuse(-1116, "Invalid orderType.")};
  bool market = p.type == "MARKET";
  std::string tif = market ? "GTC" : p.tif;
  if (!market && tif.empty())
    return {std::nullopt,
            refuse(-1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed.")};
  if (tif != "GTC" && tif != "IOC" && tif != "FOK" && tif != "GTX")
    return {std::nullopt, refuse(-1115, "Invalid timeInForce.")};
  auto qty = Decimal::parse(p.qty);
  if (!qty)
    return {std::nullopt, refuse(-1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.")};
  std::optional<Decimal> price = market ? std::optional<Decimal>(Decimal()) : Decimal::parse(p.price);
  if (!price)
    return {std::nullopt, refuse(-1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.")};
  if (p.client_id.size() > 36 || !valid_client_order_id(p.client_id))
    return {std::nullopt, refuse(-4015, "Client order id is not valid.")};
  if (auto r = check_filters(*s, p, *price, *qty, market_.mark(p.symbol))) return {std::nullopt, *r};
  for (const auto& o : orders_)
    if (o.open() && o.client_id == p.client_id) return {std::nullopt, refuse(-4116, "clientOrderId is duplicated.")};
  const Book& book = market_.book(p.symbol);
  bool buy = p.side == "BUY";
  bool crosses = market || (buy ? *price >= book.ask : *price <= book.bid);
  if (!market && tif == "GTX" && crosses)
    return {std::nullopt,
            refuse(-5022, "Due to the order could not be executed as maker, the Post Only order will be rejected.")};
  Decimal pos = positions_.count(p.symbol) ? positions_[p.symbol].qty : Decimal();
  if (p.reduce_only && (pos.is_zero() || (buy ? !pos.negative() : pos.negative())))
    return {std::nullopt, refuse(-2022, "ReduceOnly Order is rejected.")};

  SimOrder o;
  o.id = next_id_++;
  o.client_id = p.client_id;
  o.symbol = p.symbol;
  o.side = p.side;
  o.type = p.type;
  o.tif = tif;
  o.status = "NEW";
  o.price = *price;
  o.qty = *qty;
  o.reduce_only = p.reduce_only;
  o.time = o.update_time = now_();
  ++per_client_id_[o.client_id];
  publish_order(o, "NEW", Decimal(), Decimal());
  if (crosses) {
    Decimal fill_qty = o.qty;
    if (o.reduce_only && fill_qty > pos.abs()) fill_qty = pos.abs();
    fill(o, fill_qty, buy ? book.ask : book.bid);
    if (o.filled < o.qty) {
      o.status = "EXPIRED";
      publish_order(o, "EXPIRED", Decimal(), Decimal());
    }
  } else if (tif == "IOC" || tif == "FOK") {
    o.status = "EXPIRED";
    publish_order(o, "EXPIRED", Decimal(), Decimal());
  }
  orders_.push_back(o);
  return {o, {}};
}

Outcome Exchange::cancel(const std::string& symbol, const std::string& client_id, std::int64_t order_id) {
  for (auto it = orders_.rbegin(); it != orders_.rend(); ++it) {
    SimOrder& o = *it;
    if (o.symbol != symbol || !o.open()) continue;
    if ((order_id && o.id == order_id) || (!client_id.empty() && o.client_id == client_id)) {
      o.status = "CANCELED";
      o.update_time = now_();
      publish_order(o, "CANCELED", Decimal(), Decimal());
      return {o, {}};
    }
  }
  return {std::nullopt, refuse(-2011, "Unknown order sent.")};
}

Outcome Exchange::query(const std::string& symbol, const std::string& client_id, std::int64_t order_id) const {
  for (auto it = orders_.rbegin(); it != orders_.rend(); ++it) {
    if (it->symbol != symbol) continue;
    if ((order_id && it->id == order_id) || (!client_id.empty() && it->client_id == client_id)) return {*it, {}};
  }
  return {std::nullopt, refuse(-2013, "Order does not exist.")};
}

void Exchange::cancel_all(const std::string& symbol) {
  for (auto& o : orders_) {
    if (o.symbol != symbol || !o.open()) continue;
    o.status = "CANCELED";
    o.update_time = now_();
    publish_order(o, "CANCELED", Decimal(), Decimal());
  }
}

std::vector<SimOrder> Exchange::open_orders(const std::string& symbol) const {
  std::vector<SimOrder> out;
  for (const auto& o : orders_)
    if (o.open() && (symbol.empty() || o.symbol == symbol)) out.push_back(o);
  return out;
}

void Exchange::on_prices(const std::vector<std::string>& moved) {
  for (const auto& sym : moved) {
    const Book& b = market_.book(sym);
    JsonWriter w;
    std::string stream = sym;
    for (char& c : stream) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    stream += "@bookTicker";
    w.begin_object().key("stream").string(stream).key("data").begin_object();
    w.key("e").string("bookTicker").key("u").integer(b.update_id).key("E").integer(now_()).key("T").integer(b.ts_ms);
    w.key("s").string(sym).key("b").string(price_text(sym, b.bid)).key("B").string("12.500");
    w.key("a").string(price_text(sym, b.ask)).key("A").string("8.750");
    w.end_object().end_object();
    publish_(stream, w.str());
    for (auto& o : orders_) {
      if (o.symbol != sym || !o.open() || o.type != "LIMIT") continue;
      bool reached = o.side == "BUY" ? b.ask <= o.price : b.bid >= o.price;
      if (!reached) continue;
      Decimal pos = positions_.count(sym) ? positions_[sym].qty : Decimal();
      Decimal qty = o.qty - o.filled;
      if (o.reduce_only && qty > pos.abs()) qty = pos.abs();
      if (qty.is_zero()) {
        o.status = "EXPIRED";
        publish_order(o, "EXPIRED", Decimal(), Decimal());
        continue;
      }
      fill(o, qty, o.price);  // a resting order fills at its own price
    }
  }
}

void Exchange::fill(SimOrder& o, const Decimal& qty, const Decimal& price) {
  o.filled = o.filled + qty;
  o.cum_quote = o.cum_quote + qty * price;
  o.status = o.filled == o.qty ? "FILLED" : "PARTIALLY_FILLED";
  o.update_time = now_();
  SimPosition& p = positions_[o.symbol];
  Decimal signed_qty = o.side == "BUY" ? qty : Decimal() - qty;
  Decimal next = p.qty + signed_qty;
  bool adds = p.qty.is_zero() || (p.qty.negative() == signed_qty.negative());
  if (adds) {
    p.entry = approx((p.qty.abs().to_double() * p.entry.to_double() + qty.to_double() * price.to_double()) /
                     next.abs().to_double());
  } else {
    Decimal closed = qty < p.qty.abs() ? qty : p.qty.abs();
    Decimal pnl = closed * (price - p.entry);
    wallet_ = p.qty.negative() ? wallet_ - pnl : wallet_ + pnl;
    if (next.is_zero())
      p.entry = Decimal();
    else if (next.negative() != p.qty.negative())
      p.entry = price;  // flipped through zero
  }
  p.qty = next;
  p.update_time = o.update_time;
  publish_order(o, "TRADE", qty, price);
  publish_account(o.symbol);
}

void Exchange::publish_order(const SimOrder& o, const std::string& execution, const Decimal& last_qty,
                             const Decimal& last_price) {
  JsonWriter w;
  std::int64_t now = now_();
  w.begin_object().key("e").string("ORDER_TRADE_UPDATE").key("E").integer(now).key("T").integer(now);
  w.key("o").begin_object();
  w.key("s").string(o.symbol).key("c").string(o.client_id).key("S").string(o.side).key("o").string(o.type);
  w.key("f").string(o.tif).key("q").string(qty_text(o.symbol, o.qty)).key("p").string(price_text(o.symbol, o.price));
  Decimal avg = o.filled.positive() ? approx(o.cum_quote.to_double() / o.filled.to_double()) : Decimal();
  w.key("ap").string(price_text(o.symbol, avg)).key("sp").string("0").key("x").string(execution);
  w.key("X").string(o.status).key("i").integer(o.id).key("l").string(qty_text(o.symbol, last_qty));
  w.key("z").string(qty_text(o.symbol, o.filled)).key("L").string(price_text(o.symbol, last_price));
  w.key("N").string("USDT").key("n").string("0").key("T").integer(now).key("t").integer(0);
  w.key("m").boolean(execution == "TRADE" && o.type == "LIMIT").key("R").boolean(o.reduce_only);
  w.key("wt").string("CONTRACT_PRICE").key("ot").string(o.type).key("ps").string("BOTH").key("cp").boolean(false);
  w.key("rp").string("0").key("V").string("NONE").key("pm").string("NONE").key("gtd").integer(0).key("er").string("0");
  w.end_object().end_object();
  publish_("user", w.str());
}

void Exchange::publish_account(const std::string& symbol) {
  const SimPosition& p = positions_[symbol];
  JsonWriter w;
  std::int64_t now = now_();
  w.begin_object().key("e").string("ACCOUNT_UPDATE").key("E").integer(now).key("T").integer(now);
  w.key("a").begin_object().key("m").string("ORDER");
  w.key("B").begin_array().begin_object().key("a").string("USDT").key("wb").string(wallet_.fixed(8));
  w.key("cw").string(wallet_.fixed(8)).key("bc").string("0").end_object().end_array();
  w.key("P").begin_array().begin_object().key("s").string(symbol).key("pa").string(qty_text(symbol, p.qty));
  w.key("ep").string(p.entry.fixed(8)).key("bep").string(p.entry.fixed(8)).key("cr").string("0");
  w.key("up").string(unrealized(symbol).fixed(8)).key("mt").string("cross").key("iw").string("0");
  w.key("ps").string("BOTH").end_object().end_array();
  w.end_object().end_object();
  publish_("user", w.str());
}

SimOrder Exchange::inject_order(const std::string& symbol, const std::string& side, std::optional<Decimal> price,
                                std::optional<Decimal> qty, std::string client_id) {
  const SymbolSpec& s = *market_.spec(symbol);
  const Book& b = market_.book(symbol);
  Decimal tick = dec(s.tick_size);
  bool buy = side != "SELL";
  SimOrder o;
  o.id = next_id_++;
  o.client_id = client_id.empty() ? "manual_" + std::to_string(o.id) : std::move(client_id);
  o.symbol = symbol;
  o.side = buy ? "BUY" : "SELL";
  o.type = "LIMIT";
  o.tif = "GTC";
  o.status = "NEW";
  // Far enough from the touch to rest, as a forgotten manual order does.
  o.price = price ? *price : (buy ? (b.bid * dec("0.9")).floor_to(tick) : (b.ask * dec("1.1")).ceil_to(tick));
  o.qty = qty ? *qty : Decimal::ceil_multiple_for(dec(s.min_notional), o.price, dec(s.step_size));
  if (o.qty < dec(s.min_qty)) o.qty = dec(s.min_qty);
  o.time = o.update_time = now_();
  ++per_client_id_[o.client_id];
  orders_.push_back(o);
  publish_order(o, "NEW", Decimal(), Decimal());
  return o;
}

void Exchange::set_position(const std::string& symbol, const Decimal& qty, std::optional<Decimal> entry) {
  SimPosition& p = positions_[symbol];
  p.qty = qty;
  p.entry = qty.is_zero() ? Decimal() : entry.value_or(market_.mark(symbol));
  p.update_time = now_();
  publish_account(symbol);
}

Decimal Exchange::unrealized(const std::string& symbol) const {
  auto it = positions_.find(symbol);
  if (it == positions_.end() || it->second.qty.is_zero()) return Decimal();
  return it->second.qty * (market_.mark(symbol) - it->second.entry);
}

Decimal Exchange::available() const {
  // 10x leverage: a tenth of what positions and open orders hold is margin.
  Decimal held, upnl;
  for (const auto& [sym, p] : positions_) {
    held = held + (p.qty.abs() * market_.mark(sym));
    upnl = upnl + unrealized(sym);
  }
  for (const auto& o : orders_)
    if (o.open()) held = held + (o.qty - o.filled) * o.price;
  Decimal a = wallet_ + upnl - held * dec("0.1");
  return a.negative() ? Decimal() : a;
}

std::string Exchange::order_json(const SimOrder& o) const {
  JsonWriter w;
  Decimal avg = o.filled.positive() ? approx(o.cum_quote.to_double() / o.filled.to_double()) : Decimal();
  w.begin_object().key("orderId").integer(o.id).key("symbol").string(o.symbol).key("status").string(o.status);
  w.key("clientOrderId").string(o.client_id).key("price").string(price_text(o.symbol, o.price));
  w.key("avgPrice").string(price_text(o.symbol, avg)).key("origQty").string(qty_text(o.symbol, o.qty));
  w.key("executedQty").string(qty_text(o.symbol, o.filled)).key("cumQty").string(qty_text(o.symbol, o.filled));
  w.key("cumQuote").string(o.cum_quote.fixed(5)).key("timeInForce").string(o.tif).key("type").string(o.type);
  w.key("reduceOnly").boolean(o.reduce_only).key("closePosition").boolean(false).key("side").string(o.side);
  w.key("positionSide").string("BOTH").key("stopPrice").string(price_text(o.symbol, Decimal()));
  w.key("workingType").string("CONTRACT_PRICE").key("priceProtect").boolean(false).key("origType").string(o.type);
  w.key("priceMatch").string("NONE").key("selfTradePreventionMode").string("NONE").key("goodTillDate").integer(0);
  w.key("time").integer(o.time).key("updateTime").integer(o.update_time).end_object();
  return w.take();
}

std::string Exchange::book_ticker_json(const std::string& symbol) const {
  const Book& b = market_.book(symbol);
  JsonWriter w;
  w.begin_object().key("symbol").string(symbol).key("bidPrice").string(price_text(symbol, b.bid));
  w.key("bidQty").string("12.500").key("askPrice").string(price_text(symbol, b.ask)).key("askQty").string("8.750");
  w.key("time").integer(b.ts_ms).end_object();
  return w.take();
}

std::string Exchange::positions_json() const {
  JsonWriter w;
  w.begin_array();
  for (const auto& [sym, p] : positions_) {
    bool has_orders = false;
    for (const auto& o : orders_) has_orders = has_orders || (o.open() && o.symbol == sym);
    if (p.qty.is_zero() && !has_orders) continue;  // v3 lists only symbols in use
    Decimal mark = market_.mark(sym);
    w.begin_object().key("symbol").string(sym).key("positionSide").string("BOTH");
    w.key("positionAmt").string(qty_text(sym, p.qty)).key("entryPrice").string(p.entry.fixed(8));
    w.key("breakEvenPrice").string(p.entry.fixed(8)).key("markPrice").string(mark.fixed(8));
    w.key("unRealizedProfit").string(unrealized(sym).fixed(8)).key("liquidationPrice").string("0");
    w.key("isolatedMargin").string("0").key("notional").string((p.qty * mark).fixed(8));
    w.key("marginAsset").string("USDT").key("isolatedWallet").string("0");
    w.key("initialMargin").string((p.qty.abs() * mark * dec("0.1")).fixed(8)).key("maintMargin").string("0");
    w.key("adl").integer(0).key("updateTime").integer(p.update_time).end_object();
  }
  w.end_array();
  return w.take();
}

std::string Exchange::balances_json() const {
  JsonWriter w;
  std::int64_t now = now_();
  Decimal upnl;
  for (const auto& [sym, _] : positions_) upnl = upnl + unrealized(sym);
  w.begin_array();
  w.begin_object().key("accountAlias").string("SgsR").key("asset").string("USDT");
  w.key("balance").string(wallet_.fixed(8)).key("crossWalletBalance").string(wallet_.fixed(8));
  w.key("crossUnPnl").string(upnl.fixed(8)).key("availableBalance").string(available().fixed(8));
  w.key("maxWithdrawAmount").string(available().fixed(8)).key("marginAvailable").boolean(true);
  w.key("updateTime").integer(now).end_object();
  w.begin_object().key("accountAlias").string("SgsR").key("asset").string("BNB");
  w.key("balance").string("0.00000000").key("crossWalletBalance").string("0.00000000");
  w.key("crossUnPnl").string("0.00000000").key("availableBalance").string("0.00000000");
  w.key("maxWithdrawAmount").string("0.00000000").key("marginAvailable").boolean(true);
  w.key("updateTime").integer(now).end_object();
  w.end_array();
  return w.take();
}

std::string Exchange::exchange_info_json() const {
  JsonWriter w;
  w.begin_object().key("timezone").string("UTC").key("serverTime").integer(now_());
  w.key("rateLimits").begin_array();
  w.begin_object().key("interval").string("MINUTE").key("intervalNum").integer(1).key("limit").integer(2400);
  w.key("rateLimitType").string("REQUEST_WEIGHT").end_object();
  w.begin_object().key("interval").string("MINUTE").key("intervalNum").integer(1).key("limit").integer(1200);
  w.key("rateLimitType").string("ORDERS").end_object();
  w.end_array().key("exchangeFilters").begin_array().end_array();
  w.key("symbols").begin_array();
  for (const auto& s : market_.specs()) {
    w.begin_object().key("symbol").string(s.symbol).key("pair").string(s.symbol);
    w.key("contractType").string("PERPETUAL").key("status").string("TRADING");
    w.key("baseAsset").string(s.base_asset).key("quoteAsset").string("USDT").key("marginAsset").string("USDT");
    w.key("pricePrecision").integer(s.price_precision).key("quantityPrecision").integer(s.quantity_precision);
    w.key("filters").begin_array();
    w.begin_object().key("filterType").string("PRICE_FILTER").key("maxPrice").string(s.max_price);
    w.key("minPrice").string(s.min_price).key("tickSize").string(s.tick_size).end_object();
    w.begin_object().key("filterType").string("LOT_SIZE").key("maxQty").string(s.max_qty);
    w.key("minQty").string(s.min_qty).key("stepSize").string(s.step_size).end_object();
    w.begin_object().key("filterType").string("MARKET_LOT_SIZE").key("maxQty").string(s.market_max_qty);
    w.key("minQty").string(s.market_min_qty).key("stepSize").string(s.market_step_size).end_object();
    w.begin_object().key("filterType").string("MAX_NUM_ORDERS").key("limit").integer(200).end_object();
    w.begin_object().key("filterType").string("MIN_NOTIONAL").key("notional").string(s.min_notional).end_object();
    w.end_array();
    w.key("orderTypes").begin_array().string("LIMIT").string("MARKET").end_array();
    w.key("timeInForce").begin_array().string("GTC").string("IOC").string("FOK").string("GTX").end_array();
    w.end_object();
  }
  w.end_array().end_object();
  return w.take();
}

}  // namespace grinder::binance::sim
