#pragma once
// The paper venue: an in-process simulated exchange for rehearsing every
// ceremony with no network and no keys. A seeded market (price_path), a
// clock (sim_clock), a matching engine and account (exchange), and the
// drills that make an unexpected order, an unexpected position, stale market
// data or an outage happen on demand (drills).
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "exchange.hpp"
#include "grinder/venue_plugin.hpp"
#include "price_path.hpp"
#include "sim_clock.hpp"

namespace grinder::paper {

class PaperVenue {
 public:
  static constexpr const char* name = "paper";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* kind = "simulated";
  static constexpr const char* description =
      "in-process simulated venue: seeded prices, deterministic matching, drills; no network";
  static constexpr std::uint64_t capabilities = GRINDER_VENUE_CAP_POSITIONS | GRINDER_VENUE_CAP_REDUCE_ONLY |
                                                GRINDER_VENUE_CAP_CANCEL_ALL | GRINDER_VENUE_CAP_DRILLS;

  PaperVenue(const grinder_venue_host& host, std::string_view config_json);
  // Holds references into itself (the exchange reads cfg_).
  PaperVenue(const PaperVenue&) = delete;
  PaperVenue& operator=(const PaperVenue&) = delete;

  void connect();
  void health();
  std::int64_t server_time_ms();
  void filters(const std::string& symbol, grinder_venue_filters& out);
  void book_top(const std::string& symbol, grinder_venue_book_top& out);
  std::string snapshot(const std::vector<std::string>& symbols);
  void place(const venue_sdk::OrderRequest& req, grinder_venue_order& out);
  void cancel(const std::string& symbol, const std::string& client_order_id);
  std::uint32_t cancel_all(const std::string& symbol);
  void drill(std::string_view command_json);

 private:
  struct ActiveFault {
    FaultRule rule;
    std::int64_t base = 0;  // calls of rule.op before the fault was armed
  };
  struct FrozenQuote {
    Quote quote;
    std::int64_t ts_ms = 0;
  };

  // Every operation starts here: latency, outage and faults, then the market
  // catches up with the clock. Returns a fault to raise after the operation
  // took effect (an "apply" fault).
  std::optional<FaultRule> enter(const char* op);
  [[noreturn]] void raise(const FaultRule& f) const;
  void catch_up();
  Quote quote_for(const std::string& symbol, double mid) const;
  void apply(const Drill& d);
  void log(std::int32_t level, const std::string& message) const;

  grinder_venue_host host_;
  PaperConfig cfg_;
  SimClock clock_;
  Exchange exchange_;
  std::map<std::string, PricePath> paths_;
  std::map<std::string, Quote> quotes_;
  std::uint64_t market_step_ = 0;

  std::map<std::string, FrozenQuote> stale_;
  bool outage_ = false;
  std::set<std::string> outage_sources_;
  std::vector<ActiveFault> faults_;
  std::map<std::string, std::int64_t> calls_;
};

}  // namespace grinder::paper
