#include "builtin_gates.hpp"

#include "grinder/config/deployment.hpp"
#include "grinder/util/number.hpp"

namespace grinder::gates::builtin {

std::optional<double> Params::number(const char* key) const {
  const config::Value* v = with.find(key);
  if (!v || !v->is_number()) return std::nullopt;
  return v->as_double();
}

std::optional<std::string> Params::text(const char* key) const {
  const config::Value* v = with.find(key);
  if (!v) return std::nullopt;
  switch (v->kind) {
    case config::Value::Kind::String: return v->text;
    case config::Value::Kind::Int: return std::to_string(v->integer);
    case config::Value::Kind::Double: return util::format_number(v->number);
    case config::Value::Kind::Bool: return std::string(v->boolean ? "true" : "false");
    default: return std::nullopt;
  }
}

std::optional<std::vector<std::string>> Params::list(const char* key) const {
  const config::Value* v = with.find(key);
  if (!v) return std::nullopt;
  if (v->is_array()) {
    std::vector<std::string> out;
    for (const auto& i : v->items) out.push_back(i.is_string() ? i.text : std::to_string(i.integer));
    return out;
  }
  return config::symbol_list(*v);
}

std::optional<double> reference_price(const Action& a, const GateContext& ctx) {
  if (a.price) return a.price;
  // A buy trades against the ask, a sell against the bid.
  if (a.side == Side::Buy && ctx.market.ask) return ctx.market.ask;
  if (a.side == Side::Sell && ctx.market.bid) return ctx.market.bid;
  return ctx.market.mid();
}

}  // namespace grinder::gates::builtin
