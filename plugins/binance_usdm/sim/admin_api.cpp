// The admin interface (its own port): what the runbooks rehearse, on
// demand. Every route takes and returns JSON.
//   GET  /admin/stats                 orders per client id, requests per route, WebSockets, server time
//   POST /admin/unexpected_order      {"symbol", "side"?, "price"?, "qty"?, "client_order_id"?}
//   POST /admin/unexpected_position   {"symbol", "qty", "entry_price"?}
//   POST /admin/stale                 {"symbols"?: [...], "stale"?: true}  prices stop moving
//   POST /admin/fault                 {"kind", "method"?, "path"?, "count"?, "latency_ms"?, "retry_after_s"?,
//                                      "status"?, "code"?, "msg"?, "apply"?}
//   POST /admin/drop_ws               {"kind"?: "market" | "user"}  connections closed without a close frame
//   POST /admin/expire_listen_key     listenKeyExpired to the user streams; the key is gone
//   POST /admin/clock                 {"offset_ms"}  the server's clock moves
//   POST /admin/clear                 faults, stale prices, clock offset, bans: back to normal
#include "grinder/venue_plugin.hpp"
#include "json.hpp"
#include "sim_venue.hpp"

namespace grinder::binance::sim {

using venue_sdk::JsonWriter;

namespace {

Reply bad(const std::string& why) {
  JsonWriter w;
  w.begin_object().key("error").string(why).end_object();
  return Reply::json(400, w.take());
}

Reply done(JsonWriter& w) { return Reply::json(200, w.end_object().take()); }

std::optional<Decimal> decimal_of(const rapidjson::Value& v, const char* key) {
  if (!v.HasMember(key)) return std::nullopt;
  const auto& m = v[key];
  if (m.IsString()) return Decimal::parse(m.GetString());
  if (m.IsInt64()) return Decimal::from_int(m.GetInt64());
  if (m.IsNumber()) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.8f", m.GetDouble());
    return Decimal::parse(buf);
  }
  return std::nullopt;
}

}  // namespace

Reply SimVenue::admin(const Request& req) {
  std::string error;
  auto doc = parse_json(req.body.empty() ? std::string_view("{}") : std::string_view(req.body), error);
  if (!doc || !doc->IsObject()) return bad("body must be a JSON object: " + error);
  const rapidjson::Value& in = *doc;
  JsonWriter w;
  w.begin_object().key("ok").boolean(true);

  if (req.method == "GET" && req.path == "/admin/stats") {
    w.key("server_time").integer(now_ms());
    w.key("orders_by_client_id").begin_object();
    for (const auto& [id, n] : exchange_.orders_per_client_id()) w.key(id).integer(n);
    w.end_object().key("requests").begin_object();
    for (const auto& [route, n] : requests_) w.key(route).integer(n);
    w.end_object().key("ws_accepted").begin_object();
    for (const auto& [kind, n] : hub_.accepted()) w.key(kind).integer(static_cast<std::int64_t>(n));
    w.end_object().key("ws_open").begin_object();
    w.key("market").integer(static_cast<std::int64_t>(hub_.open("market")));
    w.key("user").integer(static_cast<std::int64_t>(hub_.open("user")));
    w.end_object().key("open_orders").integer(static_cast<std::int64_t>(exchange_.open_orders("").size()));
    w.key("listen_key_active").boolean(!listen_key_.empty());
    return done(w);
  }
  if (req.method != "POST") return bad("admin routes other than /admin/stats are POST");

  std::string symbol = str_of(in, "symbol");
  if (req.path == "/admin/unexpected_order") {
    if (!market_.spec(symbol)) return bad("unknown symbol '" + symbol + "'");
    SimOrder o = exchange_.inject_order(symbol, str_of(in, "side"), decimal_of(in, "price"), decimal_of(in, "qty"),
                                        str_of(in, "client_order_id"));
    w.key("client_order_id").string(o.client_id).key("order_id").integer(o.id);
    w.key("price").string(o.price.str()).key("qty").string(o.qty.str());
    return done(w);
  }
  if (req.path == "/admin/unexpected_position") {
    auto qty = decimal_of(in, "qty");
    if (!market_.spec(symbol) || !qty) return bad("needs a known symbol and a qty");
    exchange_.set_position(symbol, *qty, decimal_of(in, "entry_price"));
    return done(w);
  }
  if (req.path == "/admin/stale") {
    bool stale = bool_of(in, "stale").value_or(true);
    std::vector<std::string> symbols;
    if (in.HasMember("symbols") && in["symbols"].IsArray()) {
      for (const auto& s : in["symbols"].GetArray())
        if (s.IsString()) symbols.emplace_back(s.GetString());
    } else {
      for (const auto& s : market_.specs()) symbols.push_back(s.symbol);
    }
    for (const auto& s : symbols) {
      if (!market_.spec(s)) return bad("unknown symbol '" + s + "'");
      market_.set_stale(s, stale);
    }
    return done(w);
  }
  if (req.path == "/admin/fault") {
    Fault f;
    f.kind = str_of(in, "kind");
    f.method = str_of(in, "method");
    f.path = str_of(in, "path");
    f.count = static_cast<int>(int_of(in, "count").value_or(1));
    f.latency_ms = static_cast<int>(int_of(in, "latency_ms").value_or(0));
    f.retry_after_s = static_cast<int>(int_of(in, "retry_after_s").value_or(1));
    f.status = static_cast<int>(int_of(in, "status").value_or(400));
    f.code = static_cast<int>(int_of(in, "code").value_or(0));
    f.msg = str_of(in, "msg");
    f.apply = bool_of(in, "apply").value_or(true);
    std::string problem = faults_.add(f);
    if (!problem.empty()) return bad(problem);
    return done(w);
  }
  if (req.path == "/admin/drop_ws") {
    w.key("dropped").integer(static_cast<std::int64_t>(hub_.drop(str_of(in, "kind"))));
    return done(w);
  }
  if (req.path == "/admin/expire_listen_key") {
    hub_.publish("user", "{\"e\":\"listenKeyExpired\",\"E\":\"" + std::to_string(now_ms()) + "\",\"listenKey\":\"" +
                             listen_key_ + "\"}");
    listen_key_.clear();
    hub_.drop("user");
    return done(w);
  }
  if (req.path == "/admin/clock") {
    auto offset = int_of(in, "offset_ms");
    if (!offset) return bad("needs offset_ms");
    clock_offset_ms_ = *offset;
    return done(w);
  }
  if (req.path == "/admin/clear") {
    faults_.clear();
    for (const auto& s : market_.specs()) market_.set_stale(s.symbol, false);
    clock_offset_ms_ = 0;
    limit_until_ms_ = ban_until_ms_ = 0;
    return done(w);
  }
  return bad("unknown admin route " + req.path);
}

}  // namespace grinder::binance::sim
