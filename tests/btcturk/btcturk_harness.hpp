#pragma once
// The btcturk plugin for one test, loaded from the build and pointed at a
// SimProcess, with short timeouts so that faults cost milliseconds, and
// every log line and error it produces kept for the secret grep.
#include <catch2/catch.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "grinder/plugin/loader.hpp"
#include "grinder/plugin/venue.hpp"
#include "json.hpp"
#include "sim_process.hpp"

namespace grinder::test {

class Logs {
 public:
  plugin::LogSink sink() {
    return [this](plugin::LogLevel level, std::string_view msg) { add(static_cast<int>(level), std::string(msg)); };
  }
  void add(int level, const std::string& msg) {
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

// Neither form of the private key anywhere in text.
inline bool secret_free(const std::string& text) {
  return text.find(kApiSecret) == std::string::npos && text.find(kPrivateKeyBytes) == std::string::npos;
}

// `extra` is spliced into the config object, e.g. R"("cancel_confirm_ms": 0,)".
inline std::string btcturk_config(const SimProcess& sim, const std::string& extra = "",
                                  const std::string& mode = "live_trade", const std::string& key = kApiKey,
                                  const std::string& secret = kApiSecret) {
  return R"({"base_url": ")" + sim.base_url() + R"(", "mode": ")" + mode + R"(", "symbols": ["BTCTRY"], )" + extra +
         R"( "request_timeout_ms": 800, "connect_timeout_ms": 1000, "lookup_delay_ms": 20,
            "cancel_poll_ms": 20, "credentials": {"api_key": ")" +
         key + R"(", "api_secret": ")" + secret + R"("}})";
}

inline std::shared_ptr<const plugin::Plugin> btcturk_plugin() {
  plugin::LoadResult r = plugin::load_plugin(GRINDER_BTCTURK_PLUGIN);
  INFO(r.error);
  REQUIRE(r);
  return r.plugin;
}

// Created, not yet connected.
inline std::unique_ptr<plugin::Venue> create_btcturk(const std::string& config, Logs& logs) {
  auto v = plugin::Venue::create(btcturk_plugin(), config, logs.sink());
  INFO((v ? std::string() : v.error().message));
  REQUIRE(v);
  return std::move(*v);
}

// Created and connected.
inline std::unique_ptr<plugin::Venue> make_btcturk(const SimProcess& sim, Logs& logs, const std::string& extra = "") {
  auto v = create_btcturk(btcturk_config(sim, extra), logs);
  auto c = v->connect();
  INFO((c ? std::string() : c.error().to_string()));
  REQUIRE(c);
  return v;
}

inline plugin::OrderRequest limit_order(const std::string& coid, plugin::Side side, double price, double qty,
                                        const std::string& symbol = "BTCTRY") {
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
                                         const std::string& symbol = "BTCTRY") {
  plugin::OrderRequest r = limit_order(coid, side, 0, qty, symbol);
  r.type = plugin::OrderType::Market;
  return r;
}

inline const plugin::Order* find_order(const plugin::Snapshot& s, const std::string& coid) {
  for (const auto& o : s.orders)
    if (o.client_order_id == coid) return &o;
  return nullptr;
}

inline const plugin::Balance* find_balance(const plugin::Snapshot& s, const std::string& asset) {
  for (const auto& b : s.balances)
    if (b.asset == asset) return &b;
  return nullptr;
}

// The plugin driven through its C table directly, for what the host's
// Snapshot does not carry: the document itself (cancel_pending, the
// extra members).
class RawVenue {
 public:
  RawVenue(const std::string& config, Logs& logs) : plugin_(btcturk_plugin()), logs_(logs) {
    host_.struct_size = sizeof host_;
    host_.abi_major = GRINDER_VENUE_ABI_MAJOR;
    host_.abi_minor = GRINDER_VENUE_ABI_MINOR;
    host_.ctx = &logs_;
    host_.log = [](void* ctx, std::int32_t level, const char* msg) { static_cast<Logs*>(ctx)->add(level, msg); };
    grinder_venue_error err = error();
    REQUIRE(plugin_->table().create(&host_, config.c_str(), &inst_, &err) == GRINDER_VENUE_OK);
    err = error();
    grinder_venue_rc rc = plugin_->table().connect(inst_, &err);
    INFO(err.message);
    REQUIRE(rc == GRINDER_VENUE_OK);
  }
  ~RawVenue() { plugin_->table().destroy(inst_); }
  RawVenue(const RawVenue&) = delete;
  RawVenue& operator=(const RawVenue&) = delete;

  std::string snapshot_text() {
    std::vector<char> buf(1 << 20);
    std::size_t needed = 0;
    grinder_venue_error err = error();
    const char* symbols[] = {"BTCTRY"};
    grinder_venue_rc rc = plugin_->table().snapshot(inst_, symbols, 1, buf.data(), buf.size(), &needed, &err);
    INFO(err.message);
    REQUIRE(rc == GRINDER_VENUE_OK);
    return buf.data();
  }
  rapidjson::Document snapshot() {
    std::string error;
    auto doc = btcturk::parse_json(snapshot_text(), error);
    INFO(error);
    REQUIRE(doc);
    return std::move(*doc);
  }
  grinder_venue_rc cancel(const char* coid, std::string* message) {
    grinder_venue_error err = error();
    grinder_venue_rc rc = plugin_->table().cancel(inst_, "BTCTRY", coid, &err);
    if (message) *message = err.message;
    return rc;
  }
  grinder_venue_rc place_limit_buy(const char* coid, const char* price, const char* qty) {
    grinder_venue_order_request req{};
    req.struct_size = sizeof req;
    req.symbol = "BTCTRY";
    req.side = GRINDER_VENUE_SIDE_BUY;
    req.type = GRINDER_VENUE_TYPE_LIMIT;
    req.price = price;
    req.qty = qty;
    req.client_order_id = coid;
    grinder_venue_order out{};
    out.struct_size = sizeof out;
    grinder_venue_error err = error();
    grinder_venue_rc rc = plugin_->table().place(inst_, &req, &out, &err);
    INFO(err.message);
    return rc;
  }

 private:
  static grinder_venue_error error() {
    grinder_venue_error err{};
    err.struct_size = sizeof err;
    return err;
  }
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
