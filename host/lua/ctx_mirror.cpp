#include "ctx_mirror.hpp"

#include <bit>
#include <cstdint>

#include "handles.hpp"

namespace grinder::lua {

struct CtxMirror::Field {
  int id = 0;
  std::string key;
  bool known = false;  // `last` is what the table holds under key
  CtxValue::Type type = CtxValue::Type::Nil;
  bool flag = false;
  lua_Integer whole = 0;
  std::uint64_t real_bits = 0;  // compared as bits: NaN stays NaN, -0 stays -0
  std::string text;

  bool holds(const CtxValue& v) const {
    if (!known || type != v.type) return false;
    switch (v.type) {
      case CtxValue::Type::Boolean: return flag == v.flag;
      case CtxValue::Type::Integer: return whole == v.whole;
      case CtxValue::Type::Number: return real_bits == std::bit_cast<std::uint64_t>(v.real);
      case CtxValue::Type::Text: return text == v.chars;
      default: return true;
    }
  }
  // Whether the table holds the key: only while its value is not nil (the
  // collector may let go of a key whose value is nil).
  bool present() const { return known && type != CtxValue::Type::Nil; }

  void remember(const CtxValue& v) {
    type = v.type;
    flag = v.flag;
    whole = v.whole;
    real_bits = std::bit_cast<std::uint64_t>(v.real);
    if (v.type == CtxValue::Type::Text) text.assign(v.chars);
    known = true;
  }
};

namespace {

struct PendingWrite {
  const char* key;
  CtxValue value;
};

// Protected: table at 1, the PendingWrite at 2.
int write_field(lua_State* L) {
  const auto& w = *static_cast<const PendingWrite*>(lua_touserdata(L, 2));
  push_value(L, w.value);
  lua_setfield(L, 1, w.key);
  return 0;
}

}  // namespace

CtxMirror::CtxMirror() = default;
CtxMirror::~CtxMirror() = default;

std::unique_ptr<CtxMirror> CtxMirror::push(lua_State* L, int ctx_handle, const std::vector<std::string>& names) {
  ctx_handle = lua_absindex(L, ctx_handle);
  std::unique_ptr<CtxMirror> mirror(new CtxMirror);
  for (const auto& name : names) {
    const int id = ctx_field_id(name);
    if (id < 0) return nullptr;
    Field f;
    f.id = id;
    f.key = name;
    mirror->fields_.push_back(std::move(f));
  }
  lua_createtable(L, 0, static_cast<int>(names.size()));
  // Handles never change: set once. Values are written by the first refresh.
  std::vector<Field> values;
  for (auto& f : mirror->fields_) {
    if (push_nested_handle(L, ctx_handle, f.id))
      lua_setfield(L, -2, f.key.c_str());
    else
      values.push_back(std::move(f));
  }
  mirror->fields_ = std::move(values);
  return mirror;
}

int CtxMirror::refresh(lua_State* L, int table, const gates::GateContext& c) {
  for (Field& f : fields_) {
    const CtxValue v = ctx_value(f.id, c);
    if (f.holds(v)) continue;
    if (f.present() && v.type != CtxValue::Type::Text) {
      push_value(L, v);
      lua_setfield(L, table, f.key.c_str());
    } else {
      f.known = false;
      PendingWrite w{f.key.c_str(), v};
      lua_pushcfunction(L, &write_field);
      lua_pushvalue(L, table);
      lua_pushlightuserdata(L, &w);
      const int status = lua_pcall(L, 2, 0, 0);
      if (status != LUA_OK) return status;
    }
    f.remember(v);
  }
  return LUA_OK;
}

}  // namespace grinder::lua
