#pragma once
// A paper venue for one test: loaded from the built plugin, on a manual clock
// so that the market moves only when the test says so.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "grinder/plugin/loader.hpp"
#include "grinder/plugin/venue.hpp"

namespace grinder::test {

// BTCUSDT at 65000 (tick 0.1, step 0.001, min notional 100) and ETHUSDT at
// 3200 (tick 0.01, step 0.001, min notional 20); `extra` is spliced into the
// top-level object, e.g. R"("seed": 7,)".
inline std::string paper_config(const std::string& extra = "", const std::string& seed = "42") {
  return R"({"seed": )" + seed + R"(, "clock": "manual", "tick_ms": 1000, "start_ms": 1700000000000, )" + extra +
         R"( "symbols": {
      "BTCUSDT": {"price": 65000, "tick_size": 0.1, "step_size": 0.001, "min_notional": 100},
      "ETHUSDT": {"price": 3200, "tick_size": 0.01, "step_size": 0.001, "min_notional": 20}}})";
}

inline std::shared_ptr<const plugin::Plugin> paper_plugin() {
  plugin::LoadResult r = plugin::load_plugin(GRINDER_PAPER_PLUGIN);
  INFO(r.error);
  REQUIRE(r);
  return r.plugin;
}

inline plugin::Result<std::unique_ptr<plugin::Venue>> try_paper(const std::string& config) {
  return plugin::Venue::create(paper_plugin(), config, [](plugin::LogLevel, std::string_view) {});
}

inline std::unique_ptr<plugin::Venue> make_paper(const std::string& config = paper_config()) {
  auto v = try_paper(config);
  INFO((v ? std::string() : v.error().message));
  REQUIRE(v);
  return std::move(*v);
}

inline plugin::OrderRequest order(const std::string& symbol, plugin::Side side, double qty, double price,
                                  const std::string& coid, plugin::OrderType type = plugin::OrderType::Limit) {
  plugin::OrderRequest r;
  r.symbol = symbol;
  r.side = side;
  r.type = type;
  r.qty = qty;
  r.price = price;
  r.client_order_id = coid;
  return r;
}

inline plugin::OrderRequest market(const std::string& symbol, plugin::Side side, double qty, const std::string& coid) {
  return order(symbol, side, qty, 0, coid, plugin::OrderType::Market);
}

inline void advance(plugin::Venue& v, int steps) {
  REQUIRE(v.drill(R"({"drill": "advance", "steps": )" + std::to_string(steps) + "}"));
}

inline double balance(const plugin::Snapshot& s, const std::string& asset, bool locked = false) {
  for (const auto& b : s.balances)
    if (b.asset == asset) return locked ? b.locked : b.free;
  FAIL("no balance for " << asset);
  return 0;
}

inline const plugin::Position* position(const plugin::Snapshot& s, const std::string& symbol) {
  for (const auto& p : s.positions)
    if (p.symbol == symbol) return &p;
  return nullptr;
}

}  // namespace grinder::test
