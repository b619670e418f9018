#include "handles.hpp"

#include <algorithm>
#include <iterator>
#include <cstdint>
#include <optional>
#include <string_view>
#include <type_traits>

#include "sandbox.hpp"

namespace grinder::lua {

namespace {

enum class Kind : std::uint8_t { Action, Ctx, Env, Budget, Limits, Symbols, OpenOrders, OpenOrder, ActionOrders, OrderRef };

struct FieldNames;

// serial 0: a handle that lives across calls (it reads whatever the current
// call hands in). Element handles carry their call's serial.
struct Handle {
  std::uint64_t serial;
  // The handle's field names (a list's: its elements'), kept alive by its
  // metatable's __index, which holds them as an upvalue. Reached from here
  // in one load; from the upvalue it took a Lua API call on every read.
  const FieldNames* names;
  std::uint32_t index;
  Kind kind;
};

// Field names per handle, in the order of the ids the __index switches read.
constexpr const char* kActionFields[] = {"type",           "symbol",   "side",      "qty",         "price",
                                         "reduce_only",    "client_order_id", "strategy", "adds_risk", "notional",
                                         "order_count",    "symbol_count", "orders"};
enum ActionField { A_TYPE, A_SYMBOL, A_SIDE, A_QTY, A_PRICE, A_REDUCE_ONLY, A_CLIENT_ORDER_ID, A_STRATEGY,
                   A_ADDS_RISK, A_NOTIONAL, A_ORDER_COUNT, A_SYMBOL_COUNT, A_ORDERS };

constexpr const char* kCtxFields[] = {"stage",         "dry_run",      "allow_active_remediation",
                                      "armed",         "graduation_step", "generation",
                                      "env",           "bid",          "ask",
                                      "mid",           "market_age_ms", "market_ts_ms",
                                      "min_notional",  "position_qty", "open_orders",
                                      "budget",        "limits",       "drawdown_pct",
                                      "reject_rate",   "actions_last_hour", "now_ms"};
enum CtxField { C_STAGE, C_DRY_RUN, C_ALLOW_ACTIVE, C_ARMED, C_GRADUATION_STEP, C_GENERATION, C_ENV, C_BID, C_ASK,
                C_MID, C_MARKET_AGE, C_MARKET_TS, C_MIN_NOTIONAL, C_POSITION, C_OPEN_ORDERS, C_BUDGET, C_LIMITS,
                C_DRAWDOWN, C_REJECT_RATE, C_ACTIONS_LAST_HOUR, C_NOW };

constexpr const char* kBudgetFields[] = {"calls_run",      "calls_day",      "notional_run",      "notional_day",
                                         "calls_run_left", "calls_day_left", "notional_run_left", "notional_day_left",
                                         "error"};
enum BudgetField { B_CALLS_RUN, B_CALLS_DAY, B_NOTIONAL_RUN, B_NOTIONAL_DAY, B_CALLS_RUN_LEFT, B_CALLS_DAY_LEFT,
                   B_NOTIONAL_RUN_LEFT, B_NOTIONAL_DAY_LEFT, B_ERROR };

constexpr const char* kLimitsFields[] = {"max_calls_per_run",      "max_calls_per_day",
                                         "max_notional_per_run",   "max_notional_per_day",
                                         "max_notional_per_order", "flatten_max_notional_per_call",
                                         "max_orders_per_action",  "max_symbols_per_action",
                                         "cooldown_seconds",       "symbols"};
enum LimitsField { L_CALLS_RUN, L_CALLS_DAY, L_NOTIONAL_RUN, L_NOTIONAL_DAY, L_NOTIONAL_ORDER, L_FLATTEN_NOTIONAL,
                   L_ORDERS_PER_ACTION, L_SYMBOLS_PER_ACTION, L_COOLDOWN, L_SYMBOLS };

constexpr const char* kOrderFields[] = {"client_order_id", "symbol", "qty", "price"};
enum OrderField { O_CLIENT_ORDER_ID, O_SYMBOL, O_QTY, O_PRICE };

constexpr const char* kKindNames[] = {"action", "ctx", "ctx.env", "ctx.budget", "ctx.limits", "ctx.limits.symbols",
                                      "ctx.open_orders", "an open order", "action.orders", "an order of the action"};

const char* kind_name(Kind k) { return kKindNames[static_cast<int>(k)]; }

const CallFrame& live_frame(lua_State* L, const Handle& h) {
  const CallFrame& f = Sandbox::of(L).frame;
  if (!f.ctx || !f.action || (h.serial != 0 && h.serial != f.serial))
    luaL_error(L, "%s is only valid during the evaluate() call that received it", kind_name(h.kind));
  return f;
}

const Handle& self(lua_State* L) { return *static_cast<const Handle*>(lua_touserdata(L, 1)); }

// A handle's field names as Lua interned them. Lua keeps one copy of every
// short string, so a key is one of ours exactly when its pointer is: no
// hashing of the text, no table access. The pointers of one handle's names
// are spread over the heap, so some shift of them, masked to 64 slots, sends
// each to its own slot (found when the names are made): a lookup is then one
// slot read and one pointer compare. The userdata's user value holds the
// strings so they stay alive.
struct FieldNames {
  static constexpr std::size_t kSlots = 64;
  std::size_t count;
  const char* names[24];
  int shift;                    // -1: no shift separates them; compare in turn
  std::uint8_t slot_id[kSlots];  // id + 1, 0 for an empty slot

  std::size_t slot_of(const char* p) const { return (reinterpret_cast<std::uintptr_t>(p) >> shift) & (kSlots - 1); }

  void index() {
    for (shift = 0; shift < 24; ++shift) {
      std::fill(std::begin(slot_id), std::end(slot_id), std::uint8_t{0});
      bool clash = false;
      for (std::size_t i = 0; i < count && !clash; ++i) {
        std::uint8_t& slot = slot_id[slot_of(names[i])];
        clash = slot != 0;
        slot = static_cast<std::uint8_t>(i + 1);
      }
      if (!clash) return;
    }
    shift = -1;
  }

  int find(const char* key) const {
    if (shift >= 0) {
      const int id = slot_id[slot_of(key)] - 1;
      return id >= 0 && names[id] == key ? id : -1;
    }
    for (std::size_t i = 0; i < count; ++i)
      if (names[i] == key) return static_cast<int>(i);
    return -1;
  }
};

// The id of the field named by the key at index 2. Unknown names are
// errors, so a typo denies instead of reading nil.
int field_id(lua_State* L, const Handle& h) {
  if (lua_type(L, 2) == LUA_TSTRING) {
    const char* key = lua_tostring(L, 2);
    const int id = h.names->find(key);
    if (id >= 0) return id;
    luaL_error(L, "%s has no field '%s'", kind_name(h.kind), key);
  }
  return luaL_error(L, "%s has no field of type %s", kind_name(h.kind), luaL_typename(L, 2));
}

void push_str(lua_State* L, std::string_view s) { lua_pushlstring(L, s.data(), s.size()); }

template <typename T>
void push_opt_number(lua_State* L, const std::optional<T>& v) {
  if (!v)
    lua_pushnil(L);
  else if constexpr (std::is_integral_v<T>)
    lua_pushinteger(L, static_cast<lua_Integer>(*v));
  else
    lua_pushnumber(L, static_cast<lua_Number>(*v));
}

}  // namespace

void push_value(lua_State* L, const CtxValue& v) {
  switch (v.type) {
    case CtxValue::Type::Boolean: lua_pushboolean(L, v.flag); break;
    case CtxValue::Type::Integer: lua_pushinteger(L, v.whole); break;
    case CtxValue::Type::Number: lua_pushnumber(L, v.real); break;
    case CtxValue::Type::Text: push_str(L, v.chars); break;
    default: lua_pushnil(L);
  }
}

namespace {

// Remaining budget: nil when no limit applies, never below zero.
template <typename T>
void push_left(lua_State* L, const std::optional<T>& limit, T used) {
  if (!limit) {
    lua_pushnil(L);
    return;
  }
  T left = std::max<T>(*limit - used, T{0});
  if constexpr (std::is_integral_v<T>)
    lua_pushinteger(L, static_cast<lua_Integer>(left));
  else
    lua_pushnumber(L, static_cast<lua_Number>(left));
}

// A new element handle for this call.
void push_element(lua_State* L, Kind kind, const FieldNames* names, std::uint32_t index, std::uint64_t serial,
                  int meta_upvalue) {
  auto* h = static_cast<Handle*>(lua_newuserdatauv(L, sizeof(Handle), 0));
  h->serial = serial;
  h->names = names;
  h->index = index;
  h->kind = kind;
  lua_pushvalue(L, lua_upvalueindex(meta_upvalue));
  lua_setmetatable(L, -2);
}

// upvalues: 1 names, 2 action type names (array), 3 side names, 4 orders handle
int action_index(lua_State* L) {
  const Handle& h = self(L);
  const int id = field_id(L, h);
  const CallFrame& f = live_frame(L, h);
  const gates::Action& a = *f.action;
  switch (id) {
    case A_TYPE: lua_rawgeti(L, lua_upvalueindex(2), static_cast<int>(a.type) + 1); break;
    case A_SYMBOL: push_str(L, a.symbol); break;
    case A_SIDE: lua_rawgeti(L, lua_upvalueindex(3), static_cast<int>(a.side) + 1); break;
    case A_QTY: lua_pushnumber(L, a.qty); break;
    case A_PRICE: push_opt_number(L, a.price); break;
    case A_REDUCE_ONLY: lua_pushboolean(L, a.reduce_only); break;
    case A_CLIENT_ORDER_ID: push_str(L, a.client_order_id); break;
    case A_STRATEGY: push_str(L, a.strategy); break;
    case A_ADDS_RISK: lua_pushboolean(L, a.adds_risk()); break;
    case A_NOTIONAL: push_opt_number(L, a.notional(f.ctx->market.mid())); break;
    case A_ORDER_COUNT: lua_pushinteger(L, static_cast<lua_Integer>(a.order_count())); break;
    case A_SYMBOL_COUNT: lua_pushinteger(L, static_cast<lua_Integer>(a.symbol_count())); break;
    case A_ORDERS: lua_pushvalue(L, lua_upvalueindex(4)); break;
    default: lua_pushnil(L);
  }
  return 1;
}

template <typename T>
CtxValue opt_value(const std::optional<T>& v) {
  if (!v) return CtxValue::nil();
  if constexpr (std::is_integral_v<T>)
    return CtxValue::integer(static_cast<lua_Integer>(*v));
  else
    return CtxValue::number(static_cast<lua_Number>(*v));
}

CtxValue text_or_nil(std::string_view s) { return s.empty() ? CtxValue::nil() : CtxValue::text(s); }

}  // namespace

// ctx's fields that are values rather than handles, read from the C++ struct:
// what both ctx_index and CtxMirror hand to Lua, so the two cannot differ.
CtxValue ctx_value(int id, const gates::GateContext& c) {
  switch (id) {
    case C_STAGE: return c.stage ? CtxValue::text(c.stage->name) : CtxValue::nil();
    case C_DRY_RUN: return CtxValue::boolean(c.flags.dry_run);
    case C_ALLOW_ACTIVE: return CtxValue::boolean(c.flags.allow_active_remediation);
    case C_ARMED: return CtxValue::boolean(c.flags.armed);
    case C_GRADUATION_STEP: return text_or_nil(c.graduation_step);
    case C_GENERATION: return CtxValue::integer(static_cast<lua_Integer>(c.generation));
    case C_BID: return opt_value(c.market.bid);
    case C_ASK: return opt_value(c.market.ask);
    case C_MID: return opt_value(c.market.mid());
    case C_MARKET_AGE: return opt_value(c.market.age_ms);
    case C_MARKET_TS: return CtxValue::integer(static_cast<lua_Integer>(c.market.venue_ts_ms));
    case C_MIN_NOTIONAL: return opt_value(c.min_notional);
    case C_POSITION: return CtxValue::number(c.position_qty);
    case C_DRAWDOWN: return CtxValue::number(c.drawdown_pct);
    case C_REJECT_RATE: return CtxValue::number(c.reject_rate);
    case C_ACTIONS_LAST_HOUR: return CtxValue::number(c.actions_last_hour);
    case C_NOW: return CtxValue::integer(static_cast<lua_Integer>(c.now_ms));
    default: return CtxValue::nil();
  }
}

namespace {

// ctx_index's upvalues: 1 names, 2 env, 3 budget, 4 limits, 5 open_orders
// handles. The upvalue of a field that is a handle, else 0.
int nested_handle_upvalue(int id) {
  switch (id) {
    case C_ENV: return 2;
    case C_BUDGET: return 3;
    case C_LIMITS: return 4;
    case C_OPEN_ORDERS: return 5;
    default: return 0;
  }
}

int ctx_index(lua_State* L) {
  const Handle& h = self(L);
  const int id = field_id(L, h);
  const gates::GateContext& c = *live_frame(L, h).ctx;
  if (const int up = nested_handle_upvalue(id))
    lua_pushvalue(L, lua_upvalueindex(up));
  else
    push_value(L, ctx_value(id, c));
  return 1;
}

// ctx.env.NAME: the value the generation captured, or nil. The map is
// scanned rather than searched so the lookup builds no std::string.
int env_index(lua_State* L) {
  const Handle& h = self(L);
  const gates::GateContext& c = *live_frame(L, h).ctx;
  if (lua_type(L, 2) != LUA_TSTRING) {
    lua_pushnil(L);
    return 1;
  }
  std::size_t len = 0;
  const char* key = lua_tolstring(L, 2, &len);
  const std::string_view name(key, len);
  for (const auto& [k, v] : c.env) {
    if (k == name) {
      push_str(L, v);
      return 1;
    }
  }
  lua_pushnil(L);
  return 1;
}

// upvalues: 1 names
int budget_index(lua_State* L) {
  const Handle& h = self(L);
  const int id = field_id(L, h);
  const gates::GateContext& c = *live_frame(L, h).ctx;
  const gates::BudgetView& b = c.budget;
  const ladder::Limits& l = c.limits;
  switch (id) {
    case B_CALLS_RUN: lua_pushinteger(L, b.calls_run); break;
    case B_CALLS_DAY: lua_pushinteger(L, b.calls_day); break;
    case B_NOTIONAL_RUN: lua_pushnumber(L, b.notional_run); break;
    case B_NOTIONAL_DAY: lua_pushnumber(L, b.notional_day); break;
    case B_CALLS_RUN_LEFT: push_left(L, l.max_calls_per_run, b.calls_run); break;
    case B_CALLS_DAY_LEFT: push_left(L, l.max_calls_per_day, b.calls_day); break;
    case B_NOTIONAL_RUN_LEFT: push_left(L, l.max_notional_per_run, b.notional_run); break;
    case B_NOTIONAL_DAY_LEFT: push_left(L, l.max_notional_per_day, b.notional_day); break;
    case B_ERROR:
      if (b.error.empty())
        lua_pushnil(L);
      else
        push_str(L, b.error);
      break;
    default: lua_pushnil(L);
  }
  return 1;
}

// upvalues: 1 names, 2 symbols handle
int limits_index(lua_State* L) {
  const Handle& h = self(L);
  const int id = field_id(L, h);
  const ladder::Limits& l = live_frame(L, h).ctx->limits;
  switch (id) {
    case L_CALLS_RUN: push_opt_number(L, l.max_calls_per_run); break;
    case L_CALLS_DAY: push_opt_number(L, l.max_calls_per_day); break;
    case L_NOTIONAL_RUN: push_opt_number(L, l.max_notional_per_run); break;
    case L_NOTIONAL_DAY: push_opt_number(L, l.max_notional_per_day); break;
    case L_NOTIONAL_ORDER: push_opt_number(L, l.max_notional_per_order); break;
    case L_FLATTEN_NOTIONAL: push_opt_number(L, l.flatten_max_notional_per_call); break;
    case L_ORDERS_PER_ACTION: push_opt_number(L, l.max_orders_per_action); break;
    case L_SYMBOLS_PER_ACTION: push_opt_number(L, l.max_symbols_per_action); break;
    case L_COOLDOWN: push_opt_number(L, l.cooldown_seconds); break;
    case L_SYMBOLS:
      if (l.symbols)
        lua_pushvalue(L, lua_upvalueindex(2));
      else
        lua_pushnil(L);
      break;
    default: lua_pushnil(L);
  }
  return 1;
}

std::size_t list_size(const CallFrame& f, Kind kind) {
  switch (kind) {
    case Kind::Symbols: return f.ctx->limits.symbols ? f.ctx->limits.symbols->size() : 0;
    case Kind::OpenOrders: return f.ctx->open_orders.size();
    case Kind::ActionOrders: return f.action->orders.size();
    default: return 0;
  }
}

int list_len(lua_State* L) {
  const Handle& h = self(L);
  lua_pushinteger(L, static_cast<lua_Integer>(list_size(live_frame(L, h), h.kind)));
  return 1;
}

// list[i], 1-based; nil past the end, so ipairs() stops there.
// upvalues: 1 element metatable (for order lists)
int list_index(lua_State* L) {
  const Handle& h = self(L);
  const CallFrame& f = live_frame(L, h);
  lua_Integer i = lua_isinteger(L, 2) ? lua_tointeger(L, 2) : 0;
  if (i < 1 || static_cast<std::size_t>(i) > list_size(f, h.kind)) {
    lua_pushnil(L);
    return 1;
  }
  const auto at = static_cast<std::uint32_t>(i - 1);
  switch (h.kind) {
    case Kind::Symbols: push_str(L, (*f.ctx->limits.symbols)[at]); break;
    case Kind::OpenOrders: push_element(L, Kind::OpenOrder, h.names, at, f.serial, 1); break;
    case Kind::ActionOrders: push_element(L, Kind::OrderRef, h.names, at, f.serial, 1); break;
    default: lua_pushnil(L);
  }
  return 1;
}

// An open order (ctx.open_orders[i]) or an order the action touches
// (action.orders[i]). upvalues: 1 names
int order_index(lua_State* L) {
  const Handle& h = self(L);
  const int id = field_id(L, h);
  const CallFrame& f = live_frame(L, h);
  if (h.kind == Kind::OrderRef) {
    if (h.index >= f.action->orders.size()) return luaL_error(L, "%s is out of range", kind_name(h.kind));
    const gates::OrderRef& o = f.action->orders[h.index];
    if (id == O_CLIENT_ORDER_ID)
      push_str(L, o.client_order_id);
    else if (id == O_SYMBOL)
      push_str(L, o.symbol);
    else
      lua_pushnil(L);
    return 1;
  }
  if (h.index >= f.ctx->open_orders.size()) return luaL_error(L, "%s is out of range", kind_name(h.kind));
  const gates::OpenOrderView& o = f.ctx->open_orders[h.index];
  switch (id) {
    case O_CLIENT_ORDER_ID: push_str(L, o.client_order_id); break;
    case O_SYMBOL: push_str(L, o.symbol); break;
    case O_QTY: lua_pushnumber(L, o.qty); break;
    case O_PRICE: lua_pushnumber(L, o.price); break;
    default: lua_pushnil(L);
  }
  return 1;
}

int read_only(lua_State* L) {
  const Handle& h = self(L);
  if (lua_type(L, 2) == LUA_TSTRING)
    return luaL_error(L, "%s is read-only (attempt to set '%s')", kind_name(h.kind), lua_tostring(L, 2));
  return luaL_error(L, "%s is read-only", kind_name(h.kind));
}

// Pushes the FieldNames of a field list.
template <std::size_t N>
const FieldNames* push_names(lua_State* L, const char* const (&names)[N]) {
  static_assert(N <= sizeof(FieldNames::names) / sizeof(FieldNames::names[0]), "too many fields");
  auto* f = static_cast<FieldNames*>(lua_newuserdatauv(L, sizeof(FieldNames), 1));
  f->count = N;
  lua_createtable(L, static_cast<int>(N), 0);
  for (std::size_t i = 0; i < N; ++i) {
    lua_pushstring(L, names[i]);
    f->names[i] = lua_tostring(L, -1);
    lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
  }
  f->index();
  lua_setiuservalue(L, -2, 1);
  return f;
}

// Pushes a metatable whose __index is `index` closed over the `nup` values on
// top of the stack (which it pops).
void push_meta(lua_State* L, Kind kind, lua_CFunction index, int nup, lua_CFunction len = nullptr) {
  lua_createtable(L, 0, 5);
  lua_insert(L, -(nup + 1));
  lua_pushcclosure(L, index, nup);
  lua_setfield(L, -2, "__index");
  lua_pushcfunction(L, &read_only);
  lua_setfield(L, -2, "__newindex");
  if (len) {
    lua_pushcfunction(L, len);
    lua_setfield(L, -2, "__len");
  }
  lua_pushstring(L, kind_name(kind));
  lua_setfield(L, -2, "__name");
  lua_pushboolean(L, 0);
  lua_setfield(L, -2, "__metatable");
}

// Pushes a handle that lives across calls, with the metatable on top.
// names: what its __index reads fields by (null when it reads none).
void push_handle(lua_State* L, Kind kind, const FieldNames* names) {
  auto* h = static_cast<Handle*>(lua_newuserdatauv(L, sizeof(Handle), 0));
  h->serial = 0;
  h->names = names;
  h->index = 0;
  h->kind = kind;
  lua_insert(L, -2);
  lua_setmetatable(L, -2);
}

// A list handle whose elements are order handles built per access.
void push_order_list(lua_State* L, Kind list_kind, Kind element_kind) {
  const FieldNames* elements = push_names(L, kOrderFields);
  push_meta(L, element_kind, &order_index, 1);
  push_meta(L, list_kind, &list_index, 1, &list_len);
  push_handle(L, list_kind, elements);
}

}  // namespace

void push_handles(lua_State* L) {
  luaL_checkstack(L, 16, "creating the policy handles");
  // action
  const FieldNames* action_names = push_names(L, kActionFields);
  lua_createtable(L, 5, 0);
  for (int t = 0; t <= static_cast<int>(gates::ActionType::ReplaceOrder); ++t) {
    push_str(L, gates::action_type_name(static_cast<gates::ActionType>(t)));
    lua_rawseti(L, -2, t + 1);
  }
  lua_createtable(L, 2, 0);
  lua_pushliteral(L, "buy");
  lua_rawseti(L, -2, static_cast<int>(gates::Side::Buy) + 1);
  lua_pushliteral(L, "sell");
  lua_rawseti(L, -2, static_cast<int>(gates::Side::Sell) + 1);
  push_order_list(L, Kind::ActionOrders, Kind::OrderRef);
  push_meta(L, Kind::Action, &action_index, 4);
  push_handle(L, Kind::Action, action_names);

  // ctx
  const FieldNames* ctx_names = push_names(L, kCtxFields);
  push_meta(L, Kind::Env, &env_index, 0);
  push_handle(L, Kind::Env, nullptr);
  const FieldNames* budget_names = push_names(L, kBudgetFields);
  push_meta(L, Kind::Budget, &budget_index, 1);
  push_handle(L, Kind::Budget, budget_names);
  const FieldNames* limits_names = push_names(L, kLimitsFields);
  lua_pushnil(L);  // placeholder element metatable: symbols are strings
  push_meta(L, Kind::Symbols, &list_index, 1, &list_len);
  push_handle(L, Kind::Symbols, nullptr);
  push_meta(L, Kind::Limits, &limits_index, 2);
  push_handle(L, Kind::Limits, limits_names);
  push_order_list(L, Kind::OpenOrders, Kind::OpenOrder);
  push_meta(L, Kind::Ctx, &ctx_index, 5);
  push_handle(L, Kind::Ctx, ctx_names);
}

int ctx_field_id(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kCtxFields); ++i)
    if (name == kCtxFields[i]) return static_cast<int>(i);
  return -1;
}

bool push_nested_handle(lua_State* L, int ctx_handle, int id) {
  const int up = nested_handle_upvalue(id);
  if (up == 0) return false;
  ctx_handle = lua_absindex(L, ctx_handle);
  // The handles are the upvalues of the ctx handle's __index (push_handles).
  lua_getmetatable(L, ctx_handle);
  lua_getfield(L, -1, "__index");
  lua_getupvalue(L, -1, up);
  lua_replace(L, -3);
  lua_pop(L, 1);
  return true;
}

}  // namespace grinder::lua
