// The REST subset of BTCTurk the plugin uses, with the faults the admin
// interface has armed:
//   GET    /api/v2/server/time            {"serverTime", "serverTime2"}
//   GET    /api/v2/server/exchangeinfo    pairs, scales, PRICE_FILTER, order methods
//   GET    /api/v2/ticker[?pairSymbol=]   bid/ask as JSON numbers with the quote's timestamp
//   GET    /api/v1/users/balances         private
//   GET    /api/v1/openOrders?pairSymbol= private: {asks, bids}
//   GET    /api/v1/allOrders?pairSymbol=  private: newest first, startTime/endTime/limit
//   GET    /api/v1/order/{id}             private
//   POST   /api/v1/order                  private: JSON body (form or query accepted too)
//   DELETE /api/v1/order?id=              private: accepted now, carried out later
#include <charconv>
#include <iostream>

#include "auth.hpp"
#include "grinder/venue_kit/url_encoding.hpp"
#include "json.hpp"
#include "sim_venue.hpp"

namespace grinder::btcturk::sim {

namespace {

// The query string wins over the body, as the venue's docs say.
std::map<std::string, std::string> params_of(const Request& req) {
  std::map<std::string, std::string> out;
  venue_kit::decode_form(req.query, out, true);
  if (req.body.empty()) return out;
  std::string error;
  if (req.body.front() == '{') {
    if (auto doc = parse_json(req.body, error); doc && doc->IsObject())
      for (const auto& m : doc->GetObject())
        if (!out.count(m.name.GetString()) && m.value.IsString()) out[m.name.GetString()] = m.value.GetString();
  } else {
    venue_kit::decode_form(req.body, out, false);
  }
  return out;
}

std::string param(const std::map<std::string, std::string>& p, const char* key) {
  auto it = p.find(key);
  return it == p.end() ? std::string() : it->second;
}

std::int64_t integer(const std::string& s, std::int64_t fallback) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return s.empty() || ec != std::errc() || end != s.data() + s.size() ? fallback : v;
}

Reply ok(const std::string& data_json, const std::string& message = "") {
  return Reply::json(200, success_body(data_json, message));
}

}  // namespace

void SimVenue::build_routes() {
  auto need_pair = [this](const std::map<std::string, std::string>& p) -> std::optional<Reply> {
    std::string pair = param(p, "pairSymbol");
    // Open orders are listed per pair ("you need to enter the pairSymbol parameter").
    if (pair.empty()) return refusal_reply({400, 0, "pairSymbol is required"});
    if (!market_.spec(pair)) return refusal_reply({400, 0, "Invalid pairSymbol"});
    return std::nullopt;
  };

  routes_["GET /api/v2/server/time"] = {
      false, [this](const Request&, Params&) {
        std::int64_t now = now_ms();
        return Reply::json(
            200, "{\"serverTime\":" + std::to_string(now) + ",\"serverTime2\":\"" + std::to_string(now) + "\"}");
      }};
  routes_["GET /api/v2/server/exchangeinfo"] = {
      false, [this](const Request&, Params&) { return ok(exchange_.exchange_info_json()); }};
  routes_["GET /api/v2/ticker"] = {false, [this](const Request&, Params& p) {
                                     std::string pair = param(p, "pairSymbol");
                                     const PairSpec* s = pair.empty() ? nullptr : market_.spec(pair);
                                     if (!pair.empty() && !s) return refusal_reply({400, 0, "Invalid pairSymbol"});
                                     return ok(exchange_.ticker_json(s ? s->symbol : ""));
                                   }};
  routes_["GET /api/v1/users/balances"] = {true,
                                           [this](const Request&, Params&) { return ok(exchange_.balances_json()); }};
  routes_["GET /api/v1/openOrders"] = {
      true, [this, need_pair](const Request&, Params& p) {
        if (auto bad = need_pair(p)) return *bad;
        std::string asks = "[", bids = "[";
        for (const auto& o : exchange_.open_orders(market_.spec(param(p, "pairSymbol"))->symbol)) {
          std::string& list = o.side == "sell" ? asks : bids;
          list += (list.size() > 1 ? "," : "") + exchange_.order_json(o);
        }
        return ok("{\"asks\":" + asks + "],\"bids\":" + bids + "]}");
      }};
  routes_["GET /api/v1/allOrders"] = {
      true, [this, need_pair](const Request&, Params& p) {
        if (auto bad = need_pair(p)) return *bad;
        auto limit = integer(param(p, "limit"), 100);
        if (limit < 1 || limit > 1000) limit = 100;
        std::string out = "[";
        for (const auto& o :
             exchange_.all_orders(market_.spec(param(p, "pairSymbol"))->symbol, integer(param(p, "startTime"), 0),
                                  integer(param(p, "endTime"), 0), static_cast<std::size_t>(limit)))
          out += (out.size() > 1 ? "," : "") + exchange_.order_json(o);
        return ok(out + "]");
      }};
  routes_["GET /api/v1/order/{id}"] = {true, [this](const Request& req, Params&) {
                                         std::int64_t id = integer(req.path.substr(req.path.rfind('/') + 1), 0);
                                         Outcome o = exchange_.order(id);
                                         return o.order ? ok(exchange_.order_json(*o.order)) : refusal_reply(o.refusal);
                                       }};
  routes_["POST /api/v1/order"] = {true, [this](const Request&, Params& p) {
                                     OrderParams op;
                                     op.pair = param(p, "pairSymbol");
                                     op.side = param(p, "orderType");
                                     op.method = param(p, "orderMethod");
                                     op.price = param(p, "price");
                                     op.qty = param(p, "quantity");
                                     // The documented name, and the one CCXT sends.
                                     op.client_id = param(p, "newOrderClientId");
                                     if (op.client_id.empty()) op.client_id = param(p, "newClientOrderId");
                                     Outcome o = exchange_.place(op);
                                     return o.order ? ok(exchange_.ack_json(*o.order), "OK") : refusal_reply(o.refusal);
                                   }};
  routes_["DELETE /api/v1/order"] = {true, [this](const Request&, Params& p) {
                                       std::int64_t id = integer(param(p, "id"), 0);
                                       if (auto refused = exchange_.cancel(id)) return refusal_reply(*refused);
                                       return Reply::json(200, R"({"success":true,"message":"SUCCESS","code":0})");
                                     }};
}

Reply SimVenue::rest(const Request& req) {
  std::string key = route_key(req);
  ++requests_[key];
  auto finish = [&](Reply r) {
    if (options_.verbose) std::cerr << "sim: " << req.method << " " << req.path << " -> " << r.status << "\n";
    return r;
  };
  std::int64_t now = now_ms();
  // Inside a 429's block every request is refused again.
  if (now < limit_until_ms_) return finish(rate_limited(static_cast<int>((limit_until_ms_ - now + 999) / 1000)));

  auto it = routes_.find(key);
  if (it == routes_.end()) return finish(refusal_reply({404, 0, "Not Found"}));
  const Route& route = it->second;
  std::optional<Fault> fault = faults_.take(req.method, req.path);
  if (fault) {
    if (fault->kind == "rate_limit") {
      limit_until_ms_ = now + 1000 * static_cast<std::int64_t>(fault->retry_after_s);
      return finish(rate_limited(fault->retry_after_s));
    }
    if (fault->kind == "auth") {
      ++auth_refusals_;
      return finish(
          refusal_reply({401, 1037, fault->message.empty() ? "Unauthorized - Invalid Request" : fault->message}));
    }
    if (fault->kind == "error") return finish(refusal_reply({fault->status, fault->code, fault->message}));
  }
  if (route.is_private) {
    if (auto refused = check_auth(req, options_.api_key, options_.private_key_bytes, now)) {
      ++auth_refusals_;
      return finish(refusal_reply(*refused));
    }
  }
  auto params = params_of(req);
  bool skip = fault && !fault->apply && fault->kind != "latency";
  Reply reply = skip ? Reply::json(200, success_body("{}")) : route.handler(req, params);
  if (fault) {
    if (fault->kind == "latency") reply.delay_ms = fault->latency_ms;
    if (fault->kind == "timeout") reply.delivery = Reply::Delivery::Hang;
    if (fault->kind == "disconnect") reply.delivery = Reply::Delivery::Disconnect;
    if (fault->kind == "status_5xx") {
      // As the venue was seen to answer: the request may have been carried out.
      reply = refusal_reply({fault->status, 0, fault->status == 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_ERROR"});
    }
    if (fault->kind == "malformed") reply.body = reply.body.substr(0, reply.body.size() / 2) + "<!-- -->";
  }
  return finish(reply);
}

}  // namespace grinder::btcturk::sim
