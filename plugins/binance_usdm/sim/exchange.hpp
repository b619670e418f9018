#pragma once
// The simulator's account and matching: orders (LIMIT rests, MARKET and
// crossing LIMIT orders fill at the touch, resting orders fill when the
// market reaches them), positions with an average entry, a USDT wallet, and
// the user data events every change produces. It also counts orders per
// client order id, which is how a test proves an order was never sent twice.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kit.hpp"
#include "market.hpp"

namespace grinder::binance::sim {

struct SimOrder {
  std::int64_t id = 0;
  std::string client_id, symbol, side, type, tif, status;
  Decimal price, qty, filled, cum_quote;
  bool reduce_only = false;
  std::int64_t time = 0, update_time = 0;

  bool open() const { return status == "NEW" || status == "PARTIALLY_FILLED"; }
};

struct SimPosition {
  Decimal qty;  // signed
  Decimal entry;
  std::int64_t update_time = 0;
};

// Binance's refusal: HTTP status, code and message.
struct Refusal {
  int status = 400;
  int code = 0;
  std::string msg;
};

struct OrderParams {
  std::string symbol, side, type, tif, price, qty, client_id;
  bool reduce_only = false;
};

struct Outcome {
  std::optional<SimOrder> order;
  Refusal refusal;  // when !order
};

class Exchange {
 public:
  using Publish = std::function<void(const std::string& channel, const std::string& text)>;
  Exchange(Market& market, Publish publish, std::function<std::int64_t()> now);

  Outcome place(const OrderParams& p);
  Outcome cancel(const std::string& symbol, const std::string& client_id, std::int64_t order_id);
  Outcome query(const std::string& symbol, const std::string& client_id, std::int64_t order_id) const;
  void cancel_all(const std::string& symbol);
  std::vector<SimOrder> open_orders(const std::string& symbol) const;

  // Publishes the moved symbols' book tickers and fills what they reach.
  void on_prices(const std::vector<std::string>& moved);

  // Drills: an order grinder did not place; a position nobody expects.
  SimOrder inject_order(const std::string& symbol, const std::string& side, std::optional<Decimal> price,
                        std::optional<Decimal> qty, std::string client_id);
  void set_position(const std::string& symbol, const Decimal& qty, std::optional<Decimal> entry);

  const std::map<std::string, int>& orders_per_client_id() const { return per_client_id_; }

  std::string order_json(const SimOrder& o) const;
  std::string book_ticker_json(const std::string& symbol) const;  // REST shape
  std::string positions_json() const;                             // /fapi/v3/positionRisk
  std::string balances_json() const;                              // /fapi/v3/balance
  std::string exchange_info_json() const;

 private:
  void fill(SimOrder& o, const Decimal& qty, const Decimal& price);
  void publish_order(const SimOrder& o, const std::string& execution, const Decimal& last_qty,
                     const Decimal& last_price);
  void publish_account(const std::string& symbol);
  std::string price_text(const std::string& symbol, const Decimal& v) const;
  std::string qty_text(const std::string& symbol, const Decimal& v) const;
  Decimal unrealized(const std::string& symbol) const;
  Decimal available() const;

  Market& market_;
  Publish publish_;
  std::function<std::int64_t()> now_;
  std::int64_t next_id_ = 8389765;
  std::vector<SimOrder> orders_;  // every order, in placement order
  std::map<std::string, SimPosition> positions_;
  Decimal wallet_ = *Decimal::parse("10000");
  std::map<std::string, int> per_client_id_;
};

// Reduce-only, GTX, IOC and FOK rules and the filters, in Binance's words.
std::optional<Refusal> check_filters(const SymbolSpec& s, const OrderParams& p, const Decimal& price,
                                     const Decimal& qty, const Decimal& mark);

}  // namespace grinder::binance::sim
