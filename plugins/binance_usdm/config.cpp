#include "config.hpp"

#include <cstring>
#include <optional>

#include "grinder/venue_plugin.hpp"
#include "json.hpp"

namespace grinder::binance {

namespace {

class Reader {
 public:
  Reader(const rapidjson::Value& obj, std::vector<std::string>& problems) : obj_(obj), problems_(problems) {}

  const rapidjson::Value* get(const char* key) const {
    auto it = obj_.FindMember(key);
    return it == obj_.MemberEnd() ? nullptr : &it->value;
  }

  // A JSON integer, or a string of digits (a YAML value substituted from the
  // environment may arrive either way).
  void integer(const char* key, std::int64_t& into, std::int64_t min, std::int64_t max) {
    const auto* v = get(key);
    if (!v) return;
    auto n = int_of(obj_, key);
    if (!n || *n < min || *n > max) {
      problems_.push_back(std::string(key) + " must be an integer in [" + std::to_string(min) + ", " +
                          std::to_string(max) + "]");
      return;
    }
    into = *n;
  }

  void duration(const char* key, milliseconds& into, std::int64_t min, std::int64_t max) {
    std::int64_t v = into.count();
    integer(key, v, min, max);
    into = milliseconds(v);
  }

  void text(const char* key, std::string& into) {
    const auto* v = get(key);
    if (!v) return;
    if (!v->IsString()) {
      problems_.push_back(std::string(key) + " must be a string");
      return;
    }
    into.assign(v->GetString(), v->GetStringLength());
  }

  void flag(const char* key, bool& into) {
    const auto* v = get(key);
    if (!v) return;
    if (v->IsBool())
      into = v->GetBool();
    else if (v->IsInt())
      into = v->GetInt() != 0;
    else
      problems_.push_back(std::string(key) + " must be true or false");
  }

  void only(std::initializer_list<const char*> known, const std::string& where) {
    for (const auto& m : obj_.GetObject()) {
      bool ok = false;
      for (const char* k : known) ok = ok || std::strcmp(k, m.name.GetString()) == 0;
      if (!ok) problems_.push_back(where + m.name.GetString() + " is not a known setting");
    }
  }

 private:
  const rapidjson::Value& obj_;
  std::vector<std::string>& problems_;
};

bool valid_symbol(const std::string& s) {
  if (s.empty() || s.size() >= GRINDER_VENUE_SYMBOL_MAX) return false;
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  return true;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "; ") + s;
  return out;
}

}  // namespace

Config parse_config(std::string_view json) {
  using venue_sdk::Failure;
  std::vector<std::string> problems;
  std::string error;
  auto doc = parse_json(json.empty() ? std::string_view("{}") : json, error);
  if (!doc || !doc->IsObject())
    throw Failure(GRINDER_VENUE_INVALID_ARGUMENT,
                  "binance_usdm config: " + (doc ? std::string("must be a JSON object") : error));
  Config cfg;
  Reader r(*doc, problems);
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

  if (const auto* s = r.get("symbols")) {
    bool ok = s->IsArray();
    if (ok)
      for (const auto& item : s->GetArray()) {
        std::string sym = item.IsString() ? std::string(item.GetString(), item.GetStringLength()) : "";
        if (!valid_symbol(sym)) {
          ok = false;
          break;
        }
        cfg.symbols.push_back(sym);
      }
    if (!ok) problems.push_back("symbols must be a list of upper-case symbols such as BTCUSDT");
  }

  if (const auto* c = r.get("credentials")) {
    if (!c->IsObject()) {
      problems.push_back("credentials must be an object {api_key, api_secret}");
    } else {
      Reader cr(*c, problems);
      cr.only({"api_key", "api_secret"}, "credentials.");
      cr.text("api_key", cfg.api_key);
      cr.text("api_secret", cfg.api_secret);
      if (cfg.api_key.empty() != cfg.api_secret.empty())
        problems.push_back("credentials: api_key and api_secret are set together or not at all");
    }
  }
  if (!problems.empty()) throw Failure(GRINDER_VENUE_INVALID_ARGUMENT, "binance_usdm config: " + join(problems));
  return cfg;
}

}  // namespace grinder::binance
