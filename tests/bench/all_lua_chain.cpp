#include "all_lua_chain.hpp"

#include <optional>
#include <stdexcept>
#include <string_view>

namespace grinder::bench {

namespace {

// Stack slots kept for the state's whole life: decide(), a, c, out.
constexpr int kDecide = 1, kA = 2, kC = 3, kOut = 4;

void set_string(lua_State* L, int t, const char* k, std::string_view v) {
  lua_pushlstring(L, v.data(), v.size());
  lua_setfield(L, t, k);
}
void set_number(lua_State* L, int t, const char* k, double v) {
  lua_pushnumber(L, v);
  lua_setfield(L, t, k);
}
void set_integer(lua_State* L, int t, const char* k, std::int64_t v) {
  lua_pushinteger(L, static_cast<lua_Integer>(v));
  lua_setfield(L, t, k);
}
void set_bool(lua_State* L, int t, const char* k, bool v) {
  lua_pushboolean(L, v);
  lua_setfield(L, t, k);
}
template <class T>
void set_optional(lua_State* L, int t, const char* k, const std::optional<T>& v) {
  if (v)
    lua_pushnumber(L, static_cast<lua_Number>(*v));
  else
    lua_pushnil(L);
  lua_setfield(L, t, k);
}

}  // namespace

AllLuaChain::AllLuaChain(const std::string& file) : L_(luaL_newstate()) {
  if (!L_) throw std::runtime_error("cannot create a Lua state");
  luaL_openlibs(L_);
  if (luaL_dofile(L_, file.c_str()) != LUA_OK) {
    std::string why = lua_tostring(L_, -1);
    lua_close(L_);
    throw std::runtime_error(why);
  }
  lua_settop(L_, 0);
  lua_getglobal(L_, "decide");
  lua_createtable(L_, 0, 12);  // a
  lua_createtable(L_, 1, 0);
  lua_setfield(L_, kA, "orders");
  lua_createtable(L_, 0, 24);  // c
  lua_createtable(L_, 19, 0);  // out
}

AllLuaChain::~AllLuaChain() { lua_close(L_); }

void AllLuaChain::set_generation(const gates::GateContext& c) {
  set_bool(L_, kC, "dry_run", c.flags.dry_run);
  set_bool(L_, kC, "allow_active_remediation", c.flags.allow_active_remediation);
  set_bool(L_, kC, "armed", c.flags.armed);
  auto env = c.env.find("ALLOW_MAINNET_TRADE");
  if (env != c.env.end())
    set_string(L_, kC, "allow_mainnet_trade", env->second);
  else {
    lua_pushnil(L_);
    lua_setfield(L_, kC, "allow_mainnet_trade");
  }
}

bool AllLuaChain::decide(const gates::Action& a, const gates::GateContext& c, FloorDecision& out) {
  lua_State* L = L_;
  set_string(L, kA, "type", gates::action_type_name(a.type));
  set_string(L, kA, "symbol", a.symbol);
  set_string(L, kA, "side", a.side == gates::Side::Buy ? "buy" : "sell");
  set_number(L, kA, "qty", a.qty);
  set_optional(L, kA, "price", a.price);
  set_bool(L, kA, "reduce_only", a.reduce_only);
  set_string(L, kA, "client_order_id", a.client_order_id);
  set_string(L, kA, "strategy", a.strategy);
  set_integer(L, kA, "n_orders", static_cast<std::int64_t>(a.orders.size()));
  lua_getfield(L, kA, "orders");
  for (std::size_t i = 0; i < a.orders.size(); ++i) {
    const auto n = static_cast<lua_Integer>(i + 1);
    if (lua_rawgeti(L, -1, n) != LUA_TTABLE) {  // first time this many orders: a table to reuse
      lua_pop(L, 1);
      lua_createtable(L, 0, 2);
      lua_pushvalue(L, -1);
      lua_rawseti(L, -3, n);
    }
    set_string(L, lua_gettop(L), "client_order_id", a.orders[i].client_order_id);
    set_string(L, lua_gettop(L), "symbol", a.orders[i].symbol);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);

  set_optional(L, kC, "bid", c.market.bid);
  set_optional(L, kC, "ask", c.market.ask);
  set_optional(L, kC, "market_age_ms", c.market.age_ms);
  set_number(L, kC, "position_qty", c.position_qty);
  set_integer(L, kC, "calls_run", c.budget.calls_run);
  set_integer(L, kC, "calls_day", c.budget.calls_day);
  set_number(L, kC, "notional_run", c.budget.notional_run);
  set_number(L, kC, "notional_day", c.budget.notional_day);
  if (c.budget.error.empty())
    lua_pushnil(L);
  else
    lua_pushlstring(L, c.budget.error.data(), c.budget.error.size());
  lua_setfield(L, kC, "budget_error");
  set_optional(L, kC, "last_action_ms", c.last_action_ms);
  set_bool(L, kC, "kill_switch", c.kill_switch);
  set_bool(L, kC, "circuit_open", c.circuit_open);
  set_bool(L, kC, "leader", c.leader);
  set_number(L, kC, "drawdown_pct", c.drawdown_pct);
  set_number(L, kC, "actions_last_hour", c.actions_last_hour);
  set_integer(L, kC, "now_ms", c.now_ms);

  lua_pushvalue(L, kDecide);
  lua_pushvalue(L, kA);
  lua_pushvalue(L, kC);
  lua_pushvalue(L, kOut);
  if (lua_pcall(L, 3, 1, 0) != LUA_OK) {
    lua_settop(L, kOut);
    out.allow = false;
    out.reasons.fill("all_lua_error");
    return false;
  }
  out.allow = lua_toboolean(L, -1);
  lua_settop(L, kOut);
  if (out.allow) {
    out.reasons.fill(nullptr);
  } else {
    for (int i = 0; i < kFloorChecks; ++i) {
      lua_rawgeti(L, kOut, i + 1);
      out.reasons[static_cast<std::size_t>(i)] = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : nullptr;
      lua_pop(L, 1);
    }
  }
  return out.allow;
}

}  // namespace grinder::bench
