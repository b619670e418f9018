#pragma once
// The paper venue's config: the venue's `params` from the deployment, e.g.
//   {"seed": 42, "symbols": {"BTCUSDT": {"price": 65000, "tick_size": 0.1,
//    "step_size": 0.001, "min_notional": 100}}}
// with optional clock, market, account, latency, fault and drill settings
// (plugins/paper/README.md lists them all).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "drills.hpp"
#include "sim_clock.hpp"

namespace grinder::paper {

struct SymbolConfig {
  double price = 0;  // the mid at step 0
  double tick_size = 0;
  double step_size = 0;
  double min_notional = 0;
  double min_qty = 0;  // default: step_size
  int price_decimals = 0;
  int qty_decimals = 0;
};

struct PaperConfig {
  std::uint64_t seed = 0;
  std::map<std::string, SymbolConfig> symbols;
  ClockMode clock = ClockMode::Wall;
  std::int64_t tick_ms = 1000;
  std::int64_t start_ms = 1700000000000;  // manual clock: venue time of step 0
  double volatility_bps = 10;             // largest move of the mid per step
  std::int64_t spread_ticks = 1;
  double fee_bps = 0;
  std::string settlement_asset = "USDT";
  std::map<std::string, double> balances{{"USDT", 10000}};
  std::int64_t latency_ms = 0;
  std::vector<FaultRule> faults;
  std::vector<Drill> drills;  // applied at create, in order
};

// Throws venue_sdk::Failure(INVALID_ARGUMENT) naming every problem found.
PaperConfig parse_config(std::string_view json);

}  // namespace grinder::paper
