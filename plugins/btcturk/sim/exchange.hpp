#pragma once
// The simulator's account and matching: orders that lock the funds they
// need, LIMIT orders that rest and fill when the market reaches them,
// crossing LIMIT and MARKET orders that fill at the touch, balances per
// asset, and cancels that are asynchronous as BTCTurk's have been since
// 2024-04-01: accepted after validation, carried out a moment later. It also
// counts orders per client order id, which is how a test proves an order
// was never sent twice. Commissions are left out.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "envelope.hpp"
#include "kit.hpp"
#include "market.hpp"

namespace grinder::btcturk::sim {

struct SimOrder {
  std::int64_t id = 0;
  std::string client_id, pair;
  std::string side;    // buy, sell
  std::string method;  // limit, market
  std::string status;  // Untouched, Partial, Canceled, Closed
  Decimal price;       // limit price (0 for market)
  Decimal qty;         // base asset; a market BUY's is in the quote asset, as on BTCTurk
  Decimal filled;      // base asset
  Decimal locked;      // funds held for what is left (quote for a buy, base for a sell)
  std::int64_t time = 0, update_time = 0;
  std::int64_t cancel_at = 0;  // a cancel was accepted and takes effect then; 0: none

  bool open() const { return status == "Untouched" || status == "Partial"; }
};

struct OrderParams {
  std::string pair, side, method, price, qty, client_id;
};

struct Outcome {
  std::optional<SimOrder> order;
  Refusal refusal;  // when !order
};

struct Funds {
  Decimal free, locked;
};

class Exchange {
 public:
  Exchange(Market& market, std::function<std::int64_t()> now, int cancel_delay_ms);

  Outcome place(const OrderParams& p);
  // Validates the cancel and schedules it; nullopt when accepted.
  std::optional<Refusal> cancel(std::int64_t id);
  Outcome order(std::int64_t id) const;
  std::vector<SimOrder> open_orders(const std::string& pair) const;
  // Newest first, at most limit.
  std::vector<SimOrder> all_orders(const std::string& pair, std::int64_t start_ms, std::int64_t end_ms,
                                   std::size_t limit) const;

  // Carries out the cancels that are due, then fills what the moved prices reach.
  void on_tick(const std::vector<std::string>& moved);

  // A drill: an order placed by someone else (by hand, another bot).
  SimOrder inject_order(const std::string& pair, const std::string& side, std::optional<Decimal> price,
                        std::optional<Decimal> qty, std::string client_id);
  void set_free(const std::string& asset, const Decimal& free);

  const std::map<std::string, int>& orders_per_client_id() const { return per_client_id_; }
  std::size_t pending_cancels() const;

  std::string order_json(const SimOrder& o) const;         // a listing's shape (openOrders, allOrders, order/{id})
  std::string ack_json(const SimOrder& o) const;           // POST /api/v1/order's data
  std::string balances_json() const;                       // GET /api/v1/users/balances's data
  std::string exchange_info_json() const;                  // GET /api/v2/server/exchangeinfo's data
  std::string ticker_json(const std::string& pair) const;  // GET /api/v2/ticker's data; "" for every pair

 private:
  void fill(SimOrder& o, const Decimal& base_qty, const Decimal& price);
  void release(SimOrder& o);
  std::optional<Refusal> check_order(const PairSpec& s, bool buy, bool market, const Decimal& price,
                                     const Decimal& qty) const;
  std::string price_text(const PairSpec& s, const Decimal& v) const;
  std::string qty_text(const PairSpec& s, const Decimal& v) const;
  Funds& funds(const std::string& asset) { return balances_[asset]; }

  Market& market_;
  std::function<std::int64_t()> now_;
  int cancel_delay_ms_;
  std::int64_t next_id_ = 9932534;
  std::vector<SimOrder> orders_;  // every order, in placement order
  std::map<std::string, Funds> balances_;
  std::map<std::string, int> per_client_id_;
};

}  // namespace grinder::btcturk::sim
