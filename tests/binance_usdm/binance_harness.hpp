#pragma once
// The binance_usdm plugin for one test, loaded from the build and pointed at
// a SimProcess, with short timeouts so that faults cost milliseconds, and
// every log line it writes kept for the secret grep.
#include <catch2/catch.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "grinder/plugin/decimal.hpp"
#include "grinder/plugin/loader.hpp"
#include "grinder/plugin/venue.hpp"
#include "json.hpp"
#include "sim_process.hpp"

namespace grinder::test {

class Logs {
 public:
  plugin::LogSink sink() {
    return [this](plugin::LogLevel level, std::string_view msg) {
      std::lock_guard lock(mu_);
      lines_.push_back(std::to_string(static_cast<int>(level)) + " " + std::string(msg));
    };
  }
  void add(int level, const char* msg) {
    std::lock_guard lock(mu_);
    lines_.push_back(std::to_string(level) + " " + msg);
  }
  bool contains(const std::string& text) const {
    std::lock_guard lock(mu_);
    for (const auto& l : lines_)
      if (l.find(text) != std::string::npos) return true;
    return false;
  }
  std::string all() const {
    std::lock_guard lock(mu_);
    std::string out;
    for (const auto& l : lines_) out += l + "\n";
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
};

// `extra` is spliced into the config object, e.g. R"("symbols": ["BTCUSDT"],)".
inline std::string binance_config(const SimProcess& sim, const std::string& extra = "",
                                  const std::string& key = kApiKey, const std::string& secret = kApiSecret) {
  return R"({"base_url": ")" + sim.base_url() + R"(", "ws_url": ")" + sim.ws_url() + R"(", )" + extra +
         R"( "request_timeout_ms": 800, "connect_timeout_ms": 1000, "lookup_delay_ms": 20,
            "ws_backoff_min_ms": 50, "ws_backoff_max_ms": 200, "ws_idle_timeout_ms": 2000,
            "credentials": {"api_key": ")" +
         key + R"(", "api_secret": ")" + secret + R"("}})";
}

inline std::shared_ptr<const plugin::Plugin> binance_plugin() {
  plugin::LoadResult r = plugin::load_plugin(GRINDER_BINANCE_PLUGIN);
  INFO(r.error);
  REQUIRE(r);
  return r.plugin;
}

// Created, not yet connected.
inline std::unique_ptr<plugin::Venue> create_binance(const std::string& config, Logs& logs) {
  auto v = plugin::Venue::create(binance_plugin(), config, logs.sink());
  INFO((v ? std::string() : v.error().message));
  REQUIRE(v);
  return std::move(*v);
}

// Created and connected.
inline std::unique_ptr<plugin::Venue> make_binance(const SimProcess& sim, Logs& logs, const std::string& extra = "") {
  auto v = create_binance(binance_config(sim, extra), logs);
  auto c = v->connect();
  INFO((c ? std::string() : c.error().to_string()));
  REQUIRE(c);
  return v;
}

inline plugin::OrderRequest limit_order(const std::string& coid, plugin::Side side, double price, double qty,
                                        const std::string& symbol = "BTCUSDT") {
  plugin::OrderRequest r;
  r.symbol = symbol;
  r.side = side;
  r.type = plugin::OrderType::Limit;
  r.price = price;
  r.qty = qty;
  r.client_order_id = coid;
  return r;
}

inline plugin::OrderRequest market_order(const std::string& coid, plugin::Side side, double qty,
                                         const std::string& symbol = "BTCUSDT") {
  plugin::OrderRequest r = limit_order(coid, side, 0, qty, symbol);
  r.type = plugin::OrderType::Market;
  return r;
}

// The plugin driven through its C table directly, for the one thing the
// host's Snapshot does not carry: the document's extra members (rate-limit
// counters, stream health), which are what the host should export as metrics.
class RawVenue {
 public:
  RawVenue(const std::string& config, Logs& logs) : plugin_(binance_plugin()), logs_(logs) {
    host_.struct_size = sizeof host_;
    host_.abi_major = GRINDER_VENUE_ABI_MAJOR;
    host_.abi_minor = GRINDER_VENUE_ABI_MINOR;
    host_.ctx = &logs_;
    host_.log = [](void* ctx, std::int32_t level, const char* msg) { static_cast<Logs*>(ctx)->add(level, msg); };
    grinder_venue_error err{};
    err.struct_size = sizeof err;
    REQUIRE(plugin_->table().create(&host_, config.c_str(), &inst_, &err) == GRINDER_VENUE_OK);
    err = {};
    err.struct_size = sizeof err;
    grinder_venue_rc rc = plugin_->table().connect(inst_, &err);
    INFO(err.message);
    REQUIRE(rc == GRINDER_VENUE_OK);
  }
  ~RawVenue() { plugin_->table().destroy(inst_); }
  RawVenue(const RawVenue&) = delete;
  RawVenue& operator=(const RawVenue&) = delete;

  rapidjson::Document snapshot() {
    std::vector<char> buf(1 << 20);
    std::size_t needed = 0;
    grinder_venue_error err{};
    err.struct_size = sizeof err;
    grinder_venue_rc rc = plugin_->table().snapshot(inst_, nullptr, 0, buf.data(), buf.size(), &needed, &err);
    INFO(err.message);
    REQUIRE(rc == GRINDER_VENUE_OK);
    std::string error;
    auto doc = binance::parse_json(buf.data(), error);
    INFO(error);
    REQUIRE(doc);
    return std::move(*doc);
  }

  grinder_venue_book_top book_top(const char* symbol) {
    grinder_venue_book_top out{};
    out.struct_size = sizeof out;
    grinder_venue_error err{};
    err.struct_size = sizeof err;
    REQUIRE(plugin_->table().book_top(inst_, symbol, &out, &err) == GRINDER_VENUE_OK);
    return out;
  }

 private:
  std::shared_ptr<const plugin::Plugin> plugin_;
  Logs& logs_;
  grinder_venue_host host_{};
  grinder_venue_instance* inst_ = nullptr;
};

inline std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace grinder::test
