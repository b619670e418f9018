// The REST subset of Binance USDT-M the plugin uses, with the faults the
// admin interface has armed.
#include <charconv>
#include <iostream>
#include <random>

#include "grinder/venue_plugin.hpp"
#include "sim_venue.hpp"

namespace grinder::binance::sim {

using venue_sdk::JsonWriter;

namespace {

std::int64_t id_param(const std::map<std::string, std::string>& p, const char* key) {
  auto it = p.find(key);
  if (it == p.end()) return 0;
  std::int64_t v = 0;
  std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  return v;
}

std::string param(std::map<std::string, std::string>& p, const char* key) {
  auto it = p.find(key);
  return it == p.end() ? std::string() : it->second;
}

}  // namespace

void SimVenue::build_routes() {
  auto ok = [](std::string body) { return Reply::json(200, std::move(body)); };
  auto outcome = [this](const Outcome& o) {
    return o.order ? Reply::json(200, exchange_.order_json(*o.order)) : refusal(o.refusal);
  };
  auto need_symbol = [this](std::map<std::string, std::string>& p) -> std::optional<Reply> {
    std::string s = param(p, "symbol");
    if (s.empty())
      return refusal({400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."});
    if (!market_.spec(s)) return refusal({400, -1121, "Invalid symbol."});
    return std::nullopt;
  };

  routes_["GET /fapi/v1/ping"] = {Security::None, [ok](const Request&, auto&) { return ok("{}"); }};
  routes_["GET /fapi/v1/time"] = {Security::None, [this, ok](const Request&, auto&) {
                                    return ok("{\"serverTime\":" + std::to_string(now_ms()) + "}");
                                  }};
  routes_["GET /fapi/v1/exchangeInfo"] = {
      Security::None, [this, ok](const Request&, auto&) { return ok(exchange_.exchange_info_json()); }};
  routes_["GET /fapi/v1/ticker/bookTicker"] = {Security::None, [this, ok](const Request&, auto& p) {
                                                 std::string s = param(p, "symbol");
                                                 if (!s.empty()) {
                                                   if (!market_.spec(s))
                                                     return refusal({400, -1121, "Invalid symbol."});
                                                   return ok(exchange_.book_ticker_json(s));
                                                 }
                                                 std::string all = "[";
                                                 for (const auto& spec : market_.specs())
                                                   all += (all.size() > 1 ? "," : "") +
                                                          exchange_.book_ticker_json(spec.symbol);
                                                 return ok(all + "]");
                                               }};
  routes_["POST /fapi/v1/order"] = {Security::Signed, [outcome, this](const Request&, auto& p) {
                                      OrderParams op;
                                      op.symbol = param(p, "symbol");
                                      op.side = param(p, "side");
                                      op.type = param(p, "type");
                                      op.tif = param(p, "timeInForce");
                                      op.price = param(p, "price");
                                      op.qty = param(p, "quantity");
                                      op.client_id = param(p, "newClientOrderId");
                                      // Binance makes one up when none is sent.
                                      if (op.client_id.empty()) op.client_id = "sim_" + std::to_string(now_ms());
                                      op.reduce_only = param(p, "reduceOnly") == "true";
                                      return outcome(exchange_.place(op));
                                    }};
  routes_["GET /fapi/v1/order"] = {
      Security::Signed, [outcome, need_symbol, this](const Request&, auto& p) {
        if (auto bad = need_symbol(p)) return *bad;
        return outcome(exchange_.query(param(p, "symbol"), param(p, "origClientOrderId"), id_param(p, "orderId")));
      }};
  routes_["DELETE /fapi/v1/order"] = {
      Security::Signed, [outcome, need_symbol, this](const Request&, auto& p) {
        if (auto bad = need_symbol(p)) return *bad;
        if (param(p, "origClientOrderId").empty() && !id_param(p, "orderId"))
          return refusal({400, -1102, "Either orderId or origClientOrderId must be sent."});
        return outcome(exchange_.cancel(param(p, "symbol"), param(p, "origClientOrderId"), id_param(p, "orderId")));
      }};
  routes_["DELETE /fapi/v1/allOpenOrders"] = {
      Security::Signed, [ok, need_symbol, this](const Request&, auto& p) {
        if (auto bad = need_symbol(p)) return *bad;
        exchange_.cancel_all(param(p, "symbol"));
        return ok(R"({"code":200,"msg":"The operation of cancel all open order is done."})");
      }};
  routes_["GET /fapi/v1/openOrders"] = {Security::Signed, [ok, this](const Request&, auto& p) {
                                          std::string s = param(p, "symbol");
                                          if (!s.empty() && !market_.spec(s))
                                            return refusal({400, -1121, "Invalid symbol."});
                                          std::string out = "[";
                                          for (const auto& o : exchange_.open_orders(s))
                                            out += (out.size() > 1 ? "," : "") + exchange_.order_json(o);
                                          return ok(out + "]");
                                        }};
  Route positions{Security::Signed, [ok, this](const Request&, auto&) { return ok(exchange_.positions_json()); }};
  routes_["GET /fapi/v2/positionRisk"] = positions;
  routes_["GET /fapi/v3/positionRisk"] = positions;
  Route balances{Security::Signed, [ok, this](const Request&, auto&) { return ok(exchange_.balances_json()); }};
  routes_["GET /fapi/v2/balance"] = balances;
  routes_["GET /fapi/v3/balance"] = balances;

  // listenKey: POST returns the active key (extending it) or a new one.
  routes_["POST /fapi/v1/listenKey"] = {Security::ApiKey, [ok, this](const Request&, auto&) {
                                          if (listen_key_.empty()) {
                                            std::mt19937_64 rng(options_.seed ^ static_cast<std::uint64_t>(now_ms()));
                                            static constexpr char chars[] =
                                                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
                                            for (int i = 0; i < 64; ++i) listen_key_ += chars[rng() % 62];
                                          }
                                          return ok("{\"listenKey\":\"" + listen_key_ + "\"}");
                                        }};
  routes_["PUT /fapi/v1/listenKey"] = {Security::ApiKey, [ok, this](const Request&, auto&) {
                                         if (listen_key_.empty())
                                           return refusal({400, -1125,
                                                           "This listenKey does not exist. Please use POST "
                                                           "/fapi/v1/listenKey to recreate listenKey"});
                                         return ok("{\"listenKey\":\"" + listen_key_ + "\"}");
                                       }};
  routes_["DELETE /fapi/v1/listenKey"] = {Security::ApiKey, [ok, this](const Request&, auto&) {
                                            listen_key_.clear();
                                            hub_.drop("user");
                                            return ok("{}");
                                          }};
}

Reply SimVenue::rest(const Request& req) {
  ++requests_[req.method + " " + req.path];
  std::int64_t now = now_ms();
  Reply reply;
  auto finish = [&](Reply r) {
    if (options_.verbose) std::cerr << "sim: " << req.method << " " << req.path << " -> " << r.status << "\n";
    return r;
  };

  // Binance bans an IP that keeps going after a 429 (418, Retry-After).
  if (now < ban_until_ms_) return finish(limited(418, ban_until_ms_));
  if (now < limit_until_ms_) {
    ban_until_ms_ = now + 2000 * static_cast<std::int64_t>(retry_after_s_);
    limit_until_ms_ = 0;
    return finish(limited(418, ban_until_ms_));
  }

  const Route* r = route(req.method, req.path);
  if (!r) return finish(refusal({404, -1, "Unknown endpoint " + req.method + " " + req.path}));
  std::optional<Fault> fault = faults_.take(req.method, req.path);
  if (fault) {
    if (fault->kind == "rate_limit") {
      retry_after_s_ = fault->retry_after_s;
      limit_until_ms_ = now + 1000 * static_cast<std::int64_t>(fault->retry_after_s);
      return finish(limited(429, limit_until_ms_));
    }
    if (fault->kind == "ban") {
      retry_after_s_ = fault->retry_after_s;
      ban_until_ms_ = now + 1000 * static_cast<std::int64_t>(fault->retry_after_s);
      return finish(limited(418, ban_until_ms_));
    }
    if (fault->kind == "error") return finish(refusal({fault->status, fault->code, fault->msg}));
  }
  auto params = request_params(req);
  if (auto refused = check_security(req, r->security, options_.api_key, options_.api_secret, now))
    return finish(refusal(*refused));

  bool skip = fault && !fault->apply && fault->kind != "latency";
  reply = skip ? Reply::json(200, "{}") : r->handler(req, params);
  add_usage(reply, req);
  if (fault) {
    if (fault->kind == "latency") reply.delay_ms = fault->latency_ms;
    if (fault->kind == "timeout") reply.delivery = Reply::Delivery::Hang;
    if (fault->kind == "status_503") {
      // Binance: "the execution status is UNKNOWN and could have been a success".
      reply.status = 503;
      reply.body = R"({"code":-1000,"msg":"Unknown error, please check your request or try again later."})";
    }
    if (fault->kind == "malformed") reply.body = reply.body.substr(0, reply.body.size() / 2) + "<!-- -->";
    if (fault->kind == "truncated") reply.delivery = Reply::Delivery::Truncate;
  }
  return finish(reply);
}

}  // namespace grinder::binance::sim
