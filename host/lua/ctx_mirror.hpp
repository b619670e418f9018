#pragma once
// The plain table a policy gets as ctx when it is proven to read ctx only as
// ctx.NAME (param_reads.hpp), and what keeps it equal to the call's
// GateContext. Each read is then a table hit instead of a call into C
// through the handle's metatable, about 20 ns less. The policy can neither
// write the table nor keep it, so what the handle guards against cannot
// happen.
//
// Keeping it current must not raise a Lua error outside a protected call.
// A write of a number, a boolean or nil to a key the table holds finds its
// slot and allocates nothing, so it is made directly, and only when the
// value changed: a call whose fields did not move writes nothing. A string
// (which may be new to the state) or a key the table let go of while its
// value was nil is written in a protected call, which can fail on the
// memory cap; the caller then denies, and the field is written again on the
// next call.
#include <lua.hpp>

#include <memory>
#include <string>
#include <vector>

namespace grinder::gates {
struct GateContext;
}

namespace grinder::lua {

class CtxMirror {
 public:
  // For the names evaluate reads as ctx.NAME: pushes the table and returns
  // what keeps it current. ctx_handle: the stack index of the ctx handle,
  // whose nested handles (env, budget, limits, open_orders) the table holds
  // as they are. Returns null, pushing nothing, when a name is no field of
  // ctx: the handle then stays, and reports the name when it is read.
  static std::unique_ptr<CtxMirror> push(lua_State* L, int ctx_handle, const std::vector<std::string>& names);
  ~CtxMirror();

  // Brings the table at stack index `table` up to date with c. Returns
  // LUA_OK, or the status of a write that failed, its error on top of the
  // stack.
  int refresh(lua_State* L, int table, const gates::GateContext& c);

 private:
  struct Field;
  CtxMirror();
  std::vector<Field> fields_;
};

}  // namespace grinder::lua
