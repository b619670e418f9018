#include "grinder/ladder/limits.hpp"

#include <cstdio>

#include "grinder/util/json_escape.hpp"

namespace grinder::ladder {

Limits Limits::overlay(const Limits& top) const {
  Limits out = *this;
  auto take = [](auto& dst, const auto& src) {
    if (src) dst = src;
  };
  take(out.max_calls_per_run, top.max_calls_per_run);
  take(out.max_calls_per_day, top.max_calls_per_day);
  take(out.max_notional_per_run, top.max_notional_per_run);
  take(out.max_notional_per_day, top.max_notional_per_day);
  take(out.max_notional_per_order, top.max_notional_per_order);
  take(out.flatten_max_notional_per_call, top.flatten_max_notional_per_call);
  take(out.max_orders_per_action, top.max_orders_per_action);
  take(out.max_symbols_per_action, top.max_symbols_per_action);
  take(out.cooldown_seconds, top.cooldown_seconds);
  take(out.symbols, top.symbols);
  return out;
}

namespace {
std::string num(double d) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", d);
  return buf;
}
}  // namespace

std::string Limits::to_json() const {
  std::string out = "{";
  auto field = [&](const char* name, const std::string& value) {
    if (out.size() > 1) out += ",";
    out += "\"" + std::string(name) + "\":" + value;
  };
  if (max_calls_per_run) field("max_calls_per_run", std::to_string(*max_calls_per_run));
  if (max_calls_per_day) field("max_calls_per_day", std::to_string(*max_calls_per_day));
  if (max_notional_per_run) field("max_notional_per_run", num(*max_notional_per_run));
  if (max_notional_per_day) field("max_notional_per_day", num(*max_notional_per_day));
  if (max_notional_per_order) field("max_notional_per_order", num(*max_notional_per_order));
  if (flatten_max_notional_per_call) field("flatten_max_notional_per_call", num(*flatten_max_notional_per_call));
  if (max_orders_per_action) field("max_orders_per_action", std::to_string(*max_orders_per_action));
  if (max_symbols_per_action) field("max_symbols_per_action", std::to_string(*max_symbols_per_action));
  if (cooldown_seconds) field("cooldown_seconds", num(*cooldown_seconds));
  if (symbols) {
    std::string list = "[";
    for (std::size_t i = 0; i < symbols->size(); ++i) list += (i ? "," : "") + util::json_quote((*symbols)[i]);
    field("symbols", list + "]");
  }
  return out + "}";
}

}  // namespace grinder::ladder
