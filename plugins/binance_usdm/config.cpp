#include "config.hpp"

#include "grinder/venue_kit/config_reader.hpp"
#include "grinder/venue_plugin.hpp"
#include "json.hpp"

namespace grinder::binance {

Config parse_config(std::string_view json) {
  using venue_sdk::Failure;
  std::vector<std::string> problems;
  std::string error;
  auto doc = parse_json(json.empty() ? std::string_view("{}") : json, error);
  if (!doc || !doc->IsObject())
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT,
                  "binance_usdm config: " + (doc ? std::string("must be a JSON object") : error));
  Config cfg;
  venue_kit::ConfigReader r(*doc, problems);
  r.only({"base_url", "ws_url", "ca_file", "recv_window_ms", "connect_timeout_ms", "request_timeout_ms",
          "keep_alive_idle_ms", "symbols", "user_stream", "close_listen_key", "listen_key_keepalive_ms",
          "ws_idle_timeout_ms", "ws_backoff_min_ms", "ws_backoff_max_ms", "time_sync_interval_ms",
          "exchange_info_ttl_ms", "unknown_state_lookups", "lookup_delay_ms", "credentials"},
         "");

  std::string base = "https://fapi.binance.com", ws = "wss://fstream.binance.com";
  r.text("base_url", base);
  r.text("ws_url", ws);
  if (auto e = parse_endpoint(base, "https http", error))
    cfg.rest = *e;
  else
    problems.push_back("base_url " + error);
  if (auto e = parse_endpoint(ws, "wss ws", error))
    cfg.ws = *e;
  else
    problems.push_back("ws_url " + error);
  r.text("ca_file", cfg.ca_file);

  // Binance caps recvWindow at 60000 ms.
  r.integer("recv_window_ms", cfg.recv_window_ms, 1, 60000);
  r.duration("connect_timeout_ms", cfg.http.connect, 1, 120000);
  r.duration("request_timeout_ms", cfg.http.request, 1, 120000);
  r.duration("keep_alive_idle_ms", cfg.http.keep_alive_idle, 0, 3600000);
  r.flag("user_stream", cfg.user_stream);
  r.flag("close_listen_key", cfg.close_listen_key);
  // A listenKey lives 60 minutes unless kept alive.
  r.duration("listen_key_keepalive_ms", cfg.listen_key_keepalive, 1000, 59 * 60 * 1000);
  r.duration("ws_idle_timeout_ms", cfg.ws_idle_timeout, 100, 3600000);
  r.duration("ws_backoff_min_ms", cfg.ws_backoff_min, 1, 600000);
  r.duration("ws_backoff_max_ms", cfg.ws_backoff_max, 1, 3600000);
  r.duration("time_sync_interval_ms", cfg.time_sync_interval, 1000, 86400000);
  r.duration("exchange_info_ttl_ms", cfg.exchange_info_ttl, 1000, 86400000);
  std::int64_t lookups = cfg.unknown_state_lookups;
  r.integer("unknown_state_lookups", lookups, 1, 20);
  cfg.unknown_state_lookups = static_cast<int>(lookups);
  r.duration("lookup_delay_ms", cfg.lookup_delay, 0, 60000);
  if (cfg.ws_backoff_max < cfg.ws_backoff_min) problems.push_back("ws_backoff_max_ms must be >= ws_backoff_min_ms");

  r.symbols("symbols", cfg.symbols, "upper-case symbols such as BTCUSDT");

  if (const auto* c = r.get("credentials")) venue_kit::read_credentials(*c, cfg.api_key, cfg.api_secret, problems);
  if (!problems.empty())
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "binance_usdm config: " + venue_kit::join_problems(problems));
  return cfg;
}

}  // namespace grinder::binance
