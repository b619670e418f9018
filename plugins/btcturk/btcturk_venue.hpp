#pragma once
// BTCTurk spot as a grinder venue: REST over HTTPS (Boost.Beast + OpenSSL,
// certificates verified), private calls signed with Authentication V1
// (X-PCK / X-Stamp / X-Signature).
//
// What BTCTurk's API makes different from a futures venue:
//   - spot: no positions (the snapshot says so with an empty list), and
//     balances per asset with what open orders lock;
//   - orders are cancelled by the venue's id, so a cancel by client order id
//     looks the order up in openOrders first; there is no cancel-all;
//   - a cancel is asynchronous (since 2024-04-01): the venue says yes after
//     validating it and removes the order later, so cancel waits a bounded
//     time to see it go, and says plainly when it has not;
//   - a market BUY's quantity is in the quote asset, which the ABI cannot
//     express: it is refused rather than guessed;
//   - nothing stops the venue taking one client order id twice, so this
//     plugin refuses to send an id it has sent before.
// The rules that keep an order from being sent twice are the binance
// plugin's: an answer lost after sending is UNKNOWN until the order is
// found by its client order id, and it is never sent again.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "exchange_info.hpp"
#include "grinder/venue_plugin.hpp"
#include "kit.hpp"
#include "order_json.hpp"
#include "rate_limit_hold.hpp"
#include "rest_session.hpp"
#include "time_sync.hpp"

namespace grinder::btcturk {

class BtcturkVenue {
 public:
  static constexpr const char* name = "btcturk";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* kind = "spot";
  static constexpr const char* description =
      "BTCTurk spot: REST over HTTPS, X-PCK / X-Stamp / X-Signature (HMAC-SHA256) authenticated";
  static constexpr std::uint64_t capabilities = 0;

  BtcturkVenue(const grinder_venue_host& host, std::string_view config_json);

  void connect();
  void health();
  std::int64_t server_time_ms();
  void filters(const std::string& symbol, grinder_venue_filters& out);
  void book_top(const std::string& symbol, grinder_venue_book_top& out);
  std::string snapshot(const std::vector<std::string>& symbols);
  void place(const venue_sdk::OrderRequest& req, grinder_venue_order& out);
  void cancel(const std::string& symbol, const std::string& client_order_id);

 private:
  const PairRules& pair_rules(const std::string& symbol);
  void load_exchange_info();
  void require_writes(const char* what) const;
  // Open orders of one pair (GET /api/v1/openOrders?pairSymbol=).
  std::vector<VenueOrder> open_orders(const std::string& symbol);
  // The order under this client order id among the pair's recent orders,
  // open or closed (GET /api/v1/allOrders), or nullopt with why.
  std::optional<VenueOrder> find_by_client_id(const std::string& symbol, const std::string& client_order_id,
                                              std::int64_t since_ms, std::string* why);
  // Resolves a placement whose outcome is unknown by looking the order up,
  // a few times with a growing pause. Never sends the order again.
  VenueOrder resolve_placement(const std::string& symbol, const std::string& client_order_id, std::int64_t sent_at_ms,
                               const std::string& why);
  // Whether the order with this venue id is still open (GET /api/v1/order/{id}).
  std::optional<VenueOrder> order_by_id(const std::string& id, bool* not_found, std::string* why);
  void sleep_for(std::chrono::milliseconds pause) const;

  Log log_;
  Config cfg_;
  TimeSync time_;
  RateLimitHold hold_;
  RestSession rest_;
  std::optional<ExchangeInfo> info_;
  std::int64_t info_loaded_ms_ = 0;
  // Client order ids this instance has sent: BTCTurk would take one twice.
  std::set<std::string> sent_client_ids_;
  // Accepted cancels not yet seen to take effect, by venue order id. The
  // snapshot marks those orders "cancel_pending".
  struct PendingCancel {
    std::string symbol;
    std::string client_order_id;
  };
  std::map<std::string, PendingCancel> cancels_pending_;
};

// The ABI's order struct from BTCTurk's order.
void fill_order(const VenueOrder& o, grinder_venue_order& out);
grinder_venue_order_status status_of(const VenueOrder& o);

}  // namespace grinder::btcturk
