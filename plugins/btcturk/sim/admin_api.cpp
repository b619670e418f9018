// The admin interface (its own port): what the runbook rehearses, on demand.
// Every route takes and returns JSON.
//   GET  /admin/stats              orders per client id, requests per route, open orders, pending cancels,
//                                  authentication refusals, server time
//   POST /admin/fault              {"kind", "method"?, "path"?, "count"?, "latency_ms"?, "retry_after_s"?,
//                                   "status"?, "code"?, "message"?, "apply"?}
//   POST /admin/stale              {"pairs"?: [...], "stale"?: true, "age_ms"?: N}  tickers stop, their
//                                  timestamps too (age_ms: already that old, so no test has to wait)
//   POST /admin/clock              {"offset_ms"}  the venue's clock moves (Invalid Nonce rehearsals)
//   POST /admin/unexpected_order   {"pair", "side"?, "price"?, "qty"?, "client_order_id"?}
//   POST /admin/balance            {"asset", "free"}
//   POST /admin/clear              faults, stale tickers, clock offset, a 429's block: back to normal
#include <cstdio>

#include "grinder/venue_plugin.hpp"
#include "json.hpp"
#include "sim_venue.hpp"

namespace grinder::btcturk::sim {

using venue_sdk::JsonWriter;

namespace {

Reply bad(const std::string& why) {
  JsonWriter w;
  w.begin_object().key("error").string(why).end_object();
  return Reply::json(400, w.take());
}

Reply done(JsonWriter& w) { return Reply::json(200, w.end_object().take()); }

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
    w.end_object();
    std::int64_t open = 0;
    for (const auto& s : market_.specs()) open += static_cast<std::int64_t>(exchange_.open_orders(s.symbol).size());
    w.key("open_orders").integer(open);
    w.key("pending_cancels").integer(static_cast<std::int64_t>(exchange_.pending_cancels()));
    w.key("auth_refusals").integer(auth_refusals_);
    return done(w);
  }
  if (req.method != "POST") return bad("admin routes other than /admin/stats are POST");

  if (req.path == "/admin/fault") {
    Fault f;
    f.kind = text_of(in, "kind");
    f.method = text_of(in, "method");
    f.path = text_of(in, "path");
    f.count = static_cast<int>(int_of(in, "count").value_or(1));
    f.latency_ms = static_cast<int>(int_of(in, "latency_ms").value_or(0));
    f.retry_after_s = static_cast<int>(int_of(in, "retry_after_s").value_or(1));
    f.status = static_cast<int>(int_of(in, "status").value_or(0));
    f.code = static_cast<int>(int_of(in, "code").value_or(0));
    f.message = text_of(in, "message");
    f.apply = bool_of(in, "apply").value_or(true);
    std::string problem = faults_.add(f);
    if (!problem.empty()) return bad(problem);
    return done(w);
  }
  if (req.path == "/admin/stale") {
    bool stale = bool_of(in, "stale").value_or(true);
    std::int64_t age_ms = int_of(in, "age_ms").value_or(0);
    if (age_ms < 0) return bad("age_ms must be >= 0");
    std::vector<std::string> pairs;
    if (const auto* list = member(in, "pairs"); list && list->IsArray()) {
      for (const auto& s : list->GetArray())
        if (s.IsString()) pairs.emplace_back(s.GetString());
    } else {
      for (const auto& s : market_.specs()) pairs.push_back(s.symbol);
    }
    for (const auto& p : pairs) {
      const PairSpec* s = market_.spec(p);
      if (!s) return bad("unknown pair '" + p + "'");
      market_.set_stale(s->symbol, stale, now_ms());
      if (stale && age_ms > 0) market_.book(s->symbol).ts_ms = now_ms() - age_ms;
    }
    return done(w);
  }
  if (req.path == "/admin/clock") {
    auto offset = int_of(in, "offset_ms");
    if (!offset) return bad("needs offset_ms");
    clock_offset_ms_ = *offset;
    return done(w);
  }
  if (req.path == "/admin/unexpected_order") {
    const PairSpec* s = market_.spec(text_of(in, "pair"));
    if (!s) return bad("unknown pair '" + text_of(in, "pair") + "'");
    SimOrder o = exchange_.inject_order(s->symbol, text_of(in, "side"), decimal_of(in, "price"), decimal_of(in, "qty"),
                                        text_of(in, "client_order_id"));
    w.key("client_order_id").string(o.client_id).key("order_id").integer(o.id);
    w.key("price").string(o.price.str()).key("qty").string(o.qty.str());
    return done(w);
  }
  if (req.path == "/admin/balance") {
    auto free = decimal_of(in, "free");
    std::string asset = text_of(in, "asset");
    if (asset.empty() || !free || free->negative()) return bad("needs an asset and a free amount >= 0");
    exchange_.set_free(asset, *free);
    return done(w);
  }
  if (req.path == "/admin/clear") {
    faults_.clear();
    for (const auto& s : market_.specs()) market_.set_stale(s.symbol, false, now_ms());
    clock_offset_ms_ = 0;
    limit_until_ms_ = 0;
    return done(w);
  }
  return bad("unknown admin route " + req.path);
}

}  // namespace grinder::btcturk::sim
