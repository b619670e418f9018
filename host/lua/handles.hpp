#pragma once
// The `action` and `ctx` a policy reads. They are userdata whose __index is C
// reading the C++ structs of the current call: nothing is copied into Lua
// tables per call, nothing can be written (every write is an error), and a
// handle used outside its call reads nothing (Envoy's death-marked handles).
//
// A policy proven to read ctx only as ctx.NAME (param_reads.hpp) gets a
// plain table of those fields instead (ctx_mirror.hpp), filled from the
// same values.
#include <lua.hpp>

#include <cstdint>
#include <string_view>

namespace grinder::gates {
struct GateContext;
}

namespace grinder::lua {

// Pushes the action handle, then the ctx handle. Both live as long as the
// state; they read Sandbox::frame.
void push_handles(lua_State* L);

// One of ctx's fields that is a value rather than a handle, as the C++
// struct holds it: what both the ctx handle and CtxMirror hand to Lua.
struct CtxValue {
  enum class Type : std::uint8_t { Nil, Boolean, Integer, Number, Text };
  Type type = Type::Nil;
  bool flag = false;
  lua_Integer whole = 0;
  lua_Number real = 0;
  std::string_view chars;

  static CtxValue nil() { return {}; }
  static CtxValue boolean(bool b) {
    CtxValue v;
    v.type = Type::Boolean;
    v.flag = b;
    return v;
  }
  static CtxValue integer(lua_Integer i) {
    CtxValue v;
    v.type = Type::Integer;
    v.whole = i;
    return v;
  }
  static CtxValue number(lua_Number n) {
    CtxValue v;
    v.type = Type::Number;
    v.real = n;
    return v;
  }
  static CtxValue text(std::string_view s) {
    CtxValue v;
    v.type = Type::Text;
    v.chars = s;
    return v;
  }
};

// The id of ctx's field `name`, or -1 when ctx has none.
int ctx_field_id(std::string_view name);
// For a field that is a handle (env, budget, limits, open_orders): pushes it,
// taken from the ctx handle at stack index ctx_handle, and returns true.
// Otherwise pushes nothing and returns false.
bool push_nested_handle(lua_State* L, int ctx_handle, int id);
// The value of a field that is no handle.
CtxValue ctx_value(int id, const gates::GateContext& c);
void push_value(lua_State* L, const CtxValue& v);

}  // namespace grinder::lua
