#pragma once
// Binance USDT-M futures as a grinder venue: REST over HTTPS (Boost.Beast +
// OpenSSL, certificates verified) for everything the host asks, HMAC-SHA256
// signed, and WebSocket streams on the plugin's own thread for the best
// bid/ask and the account's order events.
//
// The rules that keep an order from being sent twice:
//   - a request that may have reached the venue and got no usable answer
//     (timeout after sending, HTTP 5xx "Unknown error", a cut-short or
//     unreadable acknowledgement) is UNKNOWN until the order is looked up by
//     its client order id; it is never sent again;
//   - -4116 (clientOrderId is duplicated) means the order exists: it is
//     looked up and returned;
//   - -1021 is refused before anything happens: the clock is resynced and
//     the request signed and sent once more;
//   - -2011/-2013 on cancel mean the order is already gone: cancel is
//     idempotent.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "filters.hpp"
#include "grinder/venue_plugin.hpp"
#include "kit.hpp"
#include "order_json.hpp"
#include "rate_limits.hpp"
#include "rest_session.hpp"
#include "streams.hpp"
#include "time_sync.hpp"

namespace grinder::binance {

class BinanceVenue {
 public:
  static constexpr const char* name = "binance_usdm";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* kind = "usdm_futures";
  static constexpr const char* description =
      "Binance USDT-M futures: REST over HTTPS and WebSocket streams, HMAC-SHA256 signed";
  static constexpr std::uint64_t capabilities = GRINDER_VENUE_CAP_POSITIONS | GRINDER_VENUE_CAP_REDUCE_ONLY |
                                                GRINDER_VENUE_CAP_CANCEL_ALL | GRINDER_VENUE_CAP_WEBSOCKET;

  BinanceVenue(const grinder_venue_host& host, std::string_view config_json);
  ~BinanceVenue();
  BinanceVenue(const BinanceVenue&) = delete;
  BinanceVenue& operator=(const BinanceVenue&) = delete;

  void connect();
  void health();
  std::int64_t server_time_ms();
  void filters(const std::string& symbol, grinder_venue_filters& out);
  void book_top(const std::string& symbol, grinder_venue_book_top& out);
  std::string snapshot(const std::vector<std::string>& symbols);
  void place(const venue_sdk::OrderRequest& req, grinder_venue_order& out);
  void cancel(const std::string& symbol, const std::string& client_order_id);
  std::uint32_t cancel_all(const std::string& symbol);

 private:
  const SymbolFilters& symbol_filters(const std::string& symbol);
  void load_exchange_info();
  // GET /fapi/v1/order?origClientOrderId=...: the order, or nullopt with
  // *missing set when the venue says it does not exist (-2013).
  std::optional<VenueOrder> lookup(const std::string& symbol, const std::string& client_order_id, bool* missing,
                                   std::string* why);
  // Resolves a placement whose outcome is unknown by looking the order up,
  // a few times with a growing pause. Never sends the order again.
  VenueOrder resolve_placement(const std::string& symbol, const std::string& client_order_id, const std::string& why);
  void sleep_before_lookup(int attempt) const;

  Log log_;
  Config cfg_;
  TimeSync time_;
  RateLimits limits_;
  RestSession rest_;
  std::optional<ExchangeInfo> info_;
  std::int64_t info_loaded_ms_ = 0;
  std::unique_ptr<Streams> streams_;
};

// The ABI's order struct from Binance's order.
void fill_order(const VenueOrder& o, grinder_venue_order& out);

}  // namespace grinder::binance
