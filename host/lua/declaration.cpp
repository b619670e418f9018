#include "declaration.hpp"

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

#include "bytecode.hpp"
#include "handles.hpp"
#include "param_reads.hpp"
#include "readonly.hpp"
#include "sandbox.hpp"

namespace grinder::lua {

namespace {

// Copies the string at idx. lua_tolstring on a string never allocates, so
// nothing here can jump over the assignment.
void assign(std::string& out, lua_State* L, int idx) {
  std::size_t n = 0;
  const char* s = lua_tolstring(L, idx, &n);
  out.assign(s, n);
}

// Converts the Lua value at idx (a scalar, or an array of scalars) for a
// default. Returns false when it has no config equivalent.
bool to_value(lua_State* L, int idx, config::Value& out) {
  switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN:
      out.kind = config::Value::Kind::Bool;
      out.boolean = lua_toboolean(L, idx);
      return true;
    case LUA_TNUMBER:
      if (lua_isinteger(L, idx)) {
        out.kind = config::Value::Kind::Int;
        out.integer = lua_tointeger(L, idx);
      } else {
        out.kind = config::Value::Kind::Double;
        out.number = lua_tonumber(L, idx);
      }
      return true;
    case LUA_TSTRING:
      out.kind = config::Value::Kind::String;
      assign(out.text, L, idx);
      return true;
    case LUA_TTABLE: {
      out.kind = config::Value::Kind::Array;
      const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, idx));
      for (lua_Integer i = 1; i <= n; ++i) {
        lua_rawgeti(L, idx, i);
        config::Value item;
        bool ok = lua_type(L, -1) != LUA_TTABLE && to_value(L, lua_gettop(L), item);
        lua_pop(L, 1);
        if (!ok) return false;
        out.items.push_back(std::move(item));
      }
      return true;
    }
    default:
      return false;
  }
}

// The string field `key` of the table at idx into out; false when absent.
bool string_field(lua_State* L, int idx, const char* key, std::string& out, Declaration& d,
                  const std::string& param) {
  int t = lua_getfield(L, idx, key);
  bool present = t != LUA_TNIL;
  if (t == LUA_TSTRING)
    assign(out, L, -1);
  else if (present)
    d.errors.emplace_back(param, std::string("'") + key + "' must be a string");
  lua_pop(L, 1);
  return present && t == LUA_TSTRING;
}

void number_field(lua_State* L, int idx, const char* key, std::optional<double>& out, Declaration& d,
                  const std::string& param) {
  int t = lua_getfield(L, idx, key);
  if (t == LUA_TNUMBER)
    out = lua_tonumber(L, -1);
  else if (t != LUA_TNIL)
    d.errors.emplace_back(param, std::string("'") + key + "' must be a number");
  lua_pop(L, 1);
}

void read_param(lua_State* L, int spec, Declaration& d) {
  ParamSpec& p = d.info.params.back();
  std::string& type = d.type_names.back();
  if (!string_field(L, spec, "type", type, d, p.name))
    d.errors.emplace_back(p.name, "needs a type: integer, number, string, boolean or string_list");
  if (lua_getfield(L, spec, "default") != LUA_TNIL) {
    config::Value v;
    if (to_value(L, lua_gettop(L), v))
      p.default_value = std::move(v);
    else
      d.errors.emplace_back(p.name, "its default must be a boolean, a number, a string or a list of strings");
  }
  lua_pop(L, 1);
  number_field(L, spec, "min", p.min, d, p.name);
  number_field(L, spec, "max", p.max, d, p.name);
  string_field(L, spec, "doc", p.doc, d, p.name);
  string_field(L, spec, "pattern", p.pattern, d, p.name);
  int t = lua_getfield(L, spec, "one_of");
  if (t == LUA_TTABLE) {
    const lua_Integer n = static_cast<lua_Integer>(lua_rawlen(L, -1));
    for (lua_Integer i = 1; i <= n; ++i) {
      if (lua_rawgeti(L, -1, i) == LUA_TSTRING) {
        p.one_of.emplace_back();
        assign(p.one_of.back(), L, -1);
      } else {
        d.errors.emplace_back(p.name, "'one_of' must list strings");
      }
      lua_pop(L, 1);
    }
  } else if (t != LUA_TNIL) {
    d.errors.emplace_back(p.name, "'one_of' must be a list of strings");
  }
  lua_pop(L, 1);
  // Anything else in the spec is a typo the author would want to know about.
  lua_pushnil(L);
  while (lua_next(L, spec)) {
    lua_pop(L, 1);
    static const std::set<std::string> known = {"type", "default", "min", "max", "doc", "one_of", "pattern"};
    std::string key;
    if (lua_type(L, -1) == LUA_TSTRING) assign(key, L, -1);
    if (!known.count(key)) d.errors.emplace_back(p.name, "unknown key '" + key + "' (known: type, default, min, max, one_of, pattern, doc)");
  }
}

bool identifier(const std::string& s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::optional<ParamSpec::Type> parse_type(const std::string& t) {
  using T = ParamSpec::Type;
  if (t == "integer") return T::Integer;
  if (t == "number") return T::Number;
  if (t == "string") return T::String;
  if (t == "boolean") return T::Boolean;
  if (t == "string_list") return T::StringList;
  return std::nullopt;
}

// Whether v fits the type; on a mismatch, sets why.
bool fits(const ParamSpec& p, const config::Value& v, std::string& why) {
  using K = config::Value::Kind;
  using T = ParamSpec::Type;
  switch (p.type) {
    case T::Integer:
      if (v.kind != K::Int) why = "must be an integer";
      break;
    case T::Number:
      if (!v.is_number()) why = "must be a number";
      break;
    case T::String:
      if (v.kind != K::String) why = "must be a string";
      break;
    case T::Boolean:
      if (v.kind != K::Bool) why = "must be true or false";
      break;
    case T::StringList:
      if (v.kind != K::Array) {
        why = "must be a list of strings";
        break;
      }
      for (const auto& i : v.items)
        if (i.kind != K::String) why = "must be a list of strings";
      break;
  }
  if (!why.empty()) {
    why += ", got " + std::string(config::Value::kind_name(v.kind)) +
           (v.is_array() || v.is_object() ? "" : " " + v.describe());
    return false;
  }
  return true;
}

std::string number_text(double x) {
  std::ostringstream o;
  o << x;
  return o.str();
}

// Range and one_of; sets why when v is out of bounds.
bool in_bounds(const ParamSpec& p, const config::Value& v, std::string& why) {
  if (v.is_number()) {
    double x = v.as_double();
    if (p.min && x < *p.min) why = "must be at least " + number_text(*p.min) + ", got " + v.describe();
    if (p.max && x > *p.max) why = "must be at most " + number_text(*p.max) + ", got " + v.describe();
  }
  auto allowed = [&](const std::string& s) {
    if (p.one_of.empty()) return true;
    for (const auto& o : p.one_of)
      if (o == s) return true;
    return false;
  };
  auto list = [&] {
    std::string out;
    for (const auto& o : p.one_of) out += (out.empty() ? "" : ", ") + o;
    return out;
  };
  // The declaration was checked first, so the pattern compiles.
  auto matches = [&](const std::string& s) {
    return p.pattern.empty() || std::regex_search(s, std::regex(p.pattern, std::regex::ECMAScript));
  };
  if (v.kind == config::Value::Kind::String && !allowed(v.text))
    why = "must be one of: " + list() + ", got " + v.describe();
  else if (v.kind == config::Value::Kind::String && !matches(v.text))
    why = "must match /" + p.pattern + "/, got " + v.describe();
  for (const auto& i : v.items) {
    if (i.kind != config::Value::Kind::String) continue;
    if (!allowed(i.text))
      why = "must list only: " + list() + ", got " + i.describe();
    else if (!matches(i.text))
      why = "must list strings matching /" + p.pattern + "/, got " + i.describe();
  }
  return why.empty();
}

// Line of `name =` inside the `params` table of the source, for messages;
// 0 when it cannot be found.
int locate(const std::string& source, const std::string& name) {
  if (!identifier(name)) return 0;
  std::smatch m;
  std::size_t from = 0;
  if (std::regex_search(source, m, std::regex(R"((^|\n)\s*params\s*=)"))) from = m.position(0) + m.length(0);
  const std::regex key("(^|[^A-Za-z0-9_])" + name + R"(\s*=)");
  if (!std::regex_search(source.cbegin() + static_cast<std::ptrdiff_t>(from), source.cend(), m, key)) return 0;
  const std::size_t at = from + static_cast<std::size_t>(m.position(0) + m.length(1));
  return 1 + static_cast<int>(std::count(source.begin(), source.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

void push_param(lua_State* L, const ParamSpec& p, const config::Value& v) {
  using T = ParamSpec::Type;
  switch (p.type) {
    case T::Integer: lua_pushinteger(L, v.integer); break;
    case T::Number: lua_pushnumber(L, v.as_double()); break;
    case T::String: lua_pushlstring(L, v.text.data(), v.text.size()); break;
    case T::Boolean: lua_pushboolean(L, v.boolean); break;
    case T::StringList:
      lua_createtable(L, static_cast<int>(v.items.size()), 0);
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        lua_pushlstring(L, v.items[i].text.data(), v.items[i].text.size());
        lua_rawseti(L, -2, static_cast<lua_Integer>(i + 1));
      }
      break;
  }
}

}  // namespace

const char* ParamSpec::type_name(Type t) {
  switch (t) {
    case Type::Integer: return "integer";
    case Type::Number: return "number";
    case Type::String: return "string";
    case Type::Boolean: return "boolean";
    case Type::StringList: return "string_list";
  }
  return "?";
}

const ParamSpec* PolicyInfo::find_param(const std::string& n) const {
  for (const auto& p : params)
    if (p.name == n) return &p;
  return nullptr;
}

int read_declaration(lua_State* L) {
  auto& d = *static_cast<Declaration*>(lua_touserdata(L, 1));
  lua_rawgeti(L, LUA_REGISTRYINDEX, Sandbox::of(L).globals_ref);
  const int g = lua_gettop(L);
  d.has_name = string_field(L, g, "name", d.info.name, d, "");
  string_field(L, g, "summary", d.info.summary, d, "");
  d.has_evaluate = lua_getfield(L, g, "evaluate") == LUA_TFUNCTION;
  lua_pop(L, 1);
  int t = lua_getfield(L, g, "params");
  if (t == LUA_TTABLE) {
    const int params = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, params)) {
      const int spec = lua_gettop(L);
      if (lua_type(L, -2) != LUA_TSTRING) {
        d.errors.emplace_back("", "params must be keyed by parameter name");
      } else {
        d.info.params.emplace_back();
        d.type_names.emplace_back();
        assign(d.info.params.back().name, L, -2);
        if (lua_type(L, spec) == LUA_TTABLE)
          read_param(L, spec, d);
        else
          d.errors.emplace_back(d.info.params.back().name, "must be declared as a table { type = ..., default = ... }");
      }
      lua_settop(L, spec - 1);
    }
  } else if (t != LUA_TNIL) {
    d.errors.emplace_back("", "params must be a table of parameter declarations");
  }
  lua_settop(L, 0);
  return 0;
}

void check_declaration(Declaration& d, const std::string& source, config::Diagnostics& diags) {
  const std::string& file = d.info.file;
  // lua_next gives no order; messages and docs read better in source order.
  for (auto& p : d.info.params) p.line = locate(source, p.name);
  auto where = [&](const std::string& param) {
    const ParamSpec* p = param.empty() ? nullptr : d.info.find_param(param);
    return config::SourceLocation{file, p && p->line ? p->line : 1, 0};
  };
  for (const auto& [param, msg] : d.errors)
    diags.add(where(param), "policy.params", param.empty() ? msg : "parameter '" + param + "': " + msg);
  for (std::size_t i = 0; i < d.info.params.size(); ++i) {
    ParamSpec& p = d.info.params[i];
    if (!identifier(p.name))
      diags.add(where(p.name), "policy.params", "parameter name '" + p.name + "' must match ^[a-z][a-z0-9_]*$");
    auto type = parse_type(d.type_names[i]);
    if (!type) {
      if (!d.type_names[i].empty())
        diags.add(where(p.name), "policy.params",
                  "parameter '" + p.name + "': unknown type '" + d.type_names[i] +
                      "' (expected integer, number, string, boolean or string_list)");
      continue;
    }
    p.type = *type;
    if (!p.pattern.empty()) {
      try {
        std::regex check(p.pattern, std::regex::ECMAScript);
      } catch (const std::regex_error&) {
        diags.add(where(p.name), "policy.params",
                  "parameter '" + p.name + "': pattern /" + p.pattern + "/ is not a valid regular expression");
        p.pattern.clear();
      }
    }
    if (p.default_value) {
      p.default_value->loc = where(p.name);
      std::string why;
      if (!fits(p, *p.default_value, why) || !in_bounds(p, *p.default_value, why))
        diags.add(where(p.name), "policy.params", "parameter '" + p.name + "': its default " + why);
    }
  }
  std::sort(d.info.params.begin(), d.info.params.end(),
            [](const ParamSpec& a, const ParamSpec& b) { return a.line != b.line ? a.line < b.line : a.name < b.name; });
}

void check_with(const PolicyInfo& info, const config::Value& with, config::Diagnostics& diags) {
  if (with.is_null()) return;
  if (!with.is_object()) {
    diags.add(with.loc, "policy.with", "with: must be a mapping of the parameters of policy '" + info.name + "'");
    return;
  }
  for (const auto& m : with.members) {
    const ParamSpec* p = info.find_param(m.key);
    if (!p) {
      std::string known;
      for (const auto& q : info.params) known += (known.empty() ? "" : ", ") + q.name;
      diags.add(m.key_loc, "policy.unknown_param",
                "policy '" + info.name + "' has no parameter '" + m.key + "' (it accepts: " +
                    (known.empty() ? "none" : known) + ")");
      continue;
    }
    if (m.value.substitution_failed) continue;
    if (m.value.sensitive) {
      // A policy can put anything it reads into a denial's detail, which is
      // logged and printed: it never gets a secret.
      diags.add(m.value.loc, "policy.param_secret",
                "parameter '" + m.key + "' of policy '" + info.name + "' holds a secret; policies never take secrets");
      continue;
    }
    std::string why;
    if (!fits(*p, m.value, why))
      diags.add(m.value.loc, "policy.param_type", "parameter '" + m.key + "' of policy '" + info.name + "' " + why);
    else if (!in_bounds(*p, m.value, why))
      diags.add(m.value.loc, "policy.param_range", "parameter '" + m.key + "' of policy '" + info.name + "' " + why);
  }
  for (const auto& p : info.params)
    if (!p.default_value && !with.find(p.name))
      diags.add(with.loc, "policy.param_missing",
                "policy '" + info.name + "' needs parameter '" + p.name + "' (" + ParamSpec::type_name(p.type) + ")");
}

namespace {

// What evaluate (on top of the stack) provably reads of `with` and `ctx`
// only by name (param_reads.hpp); what cannot be shown, it does not.
ParamReads read_params(lua_State* L) {
  ParamReads none;
  none.why_not = none.ctx_why_not = "evaluate is not a Lua function";
  if (!lua_isfunction(L, -1) || lua_iscfunction(L, -1)) return none;
  std::string dump;
  if (!bytecode::dump_function(L, dump)) {
    none.why_not = none.ctx_why_not = "evaluate could not be dumped";
    return none;
  }
  return evaluate_param_reads(dump);
}

}  // namespace

int prepare_call(lua_State* L) {
  auto& in = *static_cast<ValuesInput*>(lua_touserdata(L, 1));
  lua_settop(L, 0);
  lua_rawgeti(L, LUA_REGISTRYINDEX, Sandbox::of(L).globals_ref);
  lua_getfield(L, 1, "evaluate");
  lua_remove(L, 1);
  const ParamReads reads = read_params(L);
  push_handles(L);
  if (reads.ctx_only_read_by_name) {
    in.ctx_mirror = CtxMirror::push(L, -1, reads.ctx_names);
    if (in.ctx_mirror)
      lua_remove(L, -2);  // the handle: the table stands in for it
    else
      in.ctx_handle_because = "evaluate reads a name ctx does not have";
  } else {
    in.ctx_handle_because = reads.ctx_why_not;
  }
  lua_createtable(L, 0, static_cast<int>(in.info->params.size()));
  const bool given = in.with && in.with->is_object();
  for (const auto& p : in.info->params) {
    const config::Value* v = given ? in.with->find(p.name) : nullptr;
    if (!v && p.default_value) v = &*p.default_value;
    if (!v) continue;  // only when checking a declaration without `with:`
    push_param(L, p, *v);
    lua_setfield(L, -2, p.name.c_str());
  }
  // Freezing also puts frozen proxies in place of the tables inside it, so
  // the table itself is as read-only as its proxy for a policy that can only
  // read its fields (and spares each read the proxy's metatable route).
  push_frozen(L, -1);
  if (reads.with_only_read_by_name)
    lua_pop(L, 1);
  else
    lua_remove(L, -2);
  return 4;
}

int freeze_policy(lua_State* L) {
  lua_settop(L, 0);
  lua_rawgeti(L, LUA_REGISTRYINDEX, Sandbox::of(L).globals_ref);
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    if (lua_type(L, -1) == LUA_TTABLE) {
      push_frozen(L, -1);
      lua_pushvalue(L, -3);
      lua_insert(L, -2);
      lua_rawset(L, 1);
    } else if (lua_type(L, -1) == LUA_TFUNCTION) {
      freeze_upvalues(L, -1);
    }
    lua_pop(L, 1);
  }
  lua_settop(L, 0);
  return 0;
}

}  // namespace grinder::lua
