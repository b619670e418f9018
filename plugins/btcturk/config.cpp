#include "config.hpp"

#include <strings.h>

#include "grinder/venue_kit/config_reader.hpp"
#include "grinder/venue_plugin.hpp"
#include "json.hpp"
#include "signing.hpp"

namespace grinder::btcturk {

namespace {

void read_credentials(const rapidjson::Value& c, Config& cfg, std::vector<std::string>& problems) {
  std::string secret;
  if (!venue_kit::read_credentials(c, cfg.api_key, secret, problems) || secret.empty()) return;
  // BTCTurk hands out the private key as base64 text; the HMAC is keyed with
  // the bytes it encodes.
  auto bytes = base64_decode(secret);
  if (!bytes || bytes->empty())
    problems.push_back("credentials.api_secret is not base64 text (BTCTurk's private key is; its value is not shown)");
  else
    cfg.private_key_bytes = std::move(*bytes);
}

}  // namespace

const char* to_string(Mode m) { return m == Mode::LiveTrade ? "live_trade" : "read_only"; }

Config parse_config(std::string_view json) {
  using venue_sdk::Failure;
  std::vector<std::string> problems;
  std::string error;
  auto doc = parse_json(json.empty() ? std::string_view("{}") : json, error);
  if (!doc || !doc->IsObject())
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT,
                  "btcturk config: " + (doc ? std::string("must be a JSON object") : error));
  Config cfg;
  venue_kit::ConfigReader r(*doc, problems);
  r.only({"base_url", "ca_file", "mode", "symbols", "connect_timeout_ms", "request_timeout_ms", "keep_alive_idle_ms",
          "time_sync_interval_ms", "exchange_info_ttl_ms", "unknown_state_lookups", "lookup_delay_ms",
          "cancel_confirm_ms", "cancel_poll_ms", "credentials"},
         "");

  std::string base = "https://api.btcturk.com";
  r.text("base_url", base);
  if (auto e = parse_endpoint(base, "https http", error))
    cfg.rest = *e;
  else
    problems.push_back("base_url " + error);
  r.text("ca_file", cfg.ca_file);

  std::string mode = "read_only";
  r.text("mode", mode);
  if (strcasecmp(mode.c_str(), "live_trade") == 0)
    cfg.mode = Mode::LiveTrade;
  else if (strcasecmp(mode.c_str(), "read_only") != 0)
    problems.push_back("mode must be read_only or live_trade (got '" + mode + "')");

  r.duration("connect_timeout_ms", cfg.http.connect, 1, 120000);
  r.duration("request_timeout_ms", cfg.http.request, 1, 120000);
  r.duration("keep_alive_idle_ms", cfg.http.keep_alive_idle, 0, 3600000);
  r.duration("time_sync_interval_ms", cfg.time_sync_interval, 1000, 86400000);
  r.duration("exchange_info_ttl_ms", cfg.exchange_info_ttl, 1000, 86400000);
  std::int64_t lookups = cfg.unknown_state_lookups;
  r.integer("unknown_state_lookups", lookups, 1, 20);
  cfg.unknown_state_lookups = static_cast<int>(lookups);
  r.duration("lookup_delay_ms", cfg.lookup_delay, 0, 60000);
  r.duration("cancel_confirm_ms", cfg.cancel_confirm, 0, 60000);
  r.duration("cancel_poll_ms", cfg.cancel_poll, 10, 10000);

  r.symbols("symbols", cfg.symbols, "upper-case pairs such as BTCTRY");

  if (const auto* c = r.get("credentials")) read_credentials(*c, cfg, problems);
  // Fail closed: a deployment armed for writes with a key missing (an unset
  // BTCTURK_API_KEY, say) is refused here, not at the first order.
  if (cfg.mode == Mode::LiveTrade && !cfg.has_credentials())
    problems.push_back(
        "mode live_trade needs credentials.api_key and credentials.api_secret (one is missing or "
        "empty)");
  if (!problems.empty())
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "btcturk config: " + venue_kit::join_problems(problems));
  return cfg;
}

}  // namespace grinder::btcturk
