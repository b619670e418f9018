#pragma once
// A policy's declaration: the globals its top level defines (name, summary,
// params, evaluate), read once after load, and the `with:` values checked
// against it. Protected functions (lua_CFunction) run through
// Sandbox::protect with their input as the light userdata at index 1.
#include <lua.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "grinder/config/diagnostic.hpp"
#include "grinder/config/value.hpp"
#include "ctx_mirror.hpp"
#include "grinder/lua/policy_gate.hpp"

namespace grinder::lua {

struct Declaration {
  PolicyInfo info;
  bool has_name = false;
  bool has_evaluate = false;
  std::vector<std::string> type_names;  // as written, parallel to info.params
  // Problems found while reading: (parameter name or "", message).
  std::vector<std::pair<std::string, std::string>> errors;
};

// ud: Declaration*. Reads the globals the top level left.
int read_declaration(lua_State* L);

// Checks the declaration read above (types, defaults, bounds) and locates
// each parameter in the source for messages. Adds diagnostics at the policy
// file.
void check_declaration(Declaration& d, const std::string& source, config::Diagnostics& diags);

// Checks a chain entry's `with:` against the declaration: unknown names,
// wrong types, out of range, missing required. Diagnostics point into the
// chains file.
void check_with(const PolicyInfo& info, const config::Value& with, config::Diagnostics& diags);

// ud: ValuesInput*. Returns evaluate,
// the action handle, ctx (its handle, or the table of a CtxMirror) and the
// read-only `with` table: the four values every call hands to the policy.
struct ValuesInput {
  const PolicyInfo* info = nullptr;
  const config::Value* with = nullptr;  // null or Null: defaults only
  // Set by prepare_call: the mirror when ctx is its table, else why not.
  std::unique_ptr<CtxMirror> ctx_mirror;
  std::string ctx_handle_because;
};
int prepare_call(lua_State* L);

// Freezes every table and function upvalue the top level left (no ud).
int freeze_policy(lua_State* L);

}  // namespace grinder::lua
