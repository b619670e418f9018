#include "sandbox.hpp"

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace grinder::lua {

namespace {

// Distinct addresses, never written: what allow() and deny() return.
const char kAllowTag = 'a';
const char kDenyTag = 'd';

// Every call into Lua is protected, so reaching this is a bug in the host.
// Lua aborts when the handler returns; say why first.
int on_panic(lua_State* L) {
  const char* msg = lua_tostring(L, -1);
  std::fprintf(stderr, "grinder: unprotected error in a Lua policy state: %s\n", msg ? msg : "(no message)");
  return 0;
}

}  // namespace

const void* allow_tag() { return &kAllowTag; }
const void* deny_tag() { return &kDenyTag; }

Sandbox::Sandbox(const PolicyLimits& limits) : limits_(limits) {
  if (limits_.hook_interval < 1) limits_.hook_interval = 1;
  memory_.limit = limits_.memory_bytes;
  timespec res{};
  const auto deadline_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(limits_.deadline).count();
  if (clock_getres(CLOCK_MONOTONIC_COARSE, &res) == 0 && res.tv_sec == 0 && res.tv_nsec * 5 <= deadline_ns)
    clock_ = CLOCK_MONOTONIC_COARSE;
  L_ = lua_newstate(&MemoryBudget::allocate, &memory_);
  if (!L_)
    throw std::runtime_error("cannot create a Lua state within the memory cap of " +
                             std::to_string(limits_.memory_bytes) + " bytes");
  *static_cast<Sandbox**>(lua_getextraspace(L_)) = this;
  // Room for the longest detail and the last part that crosses it: deny()
  // never grows it, so it cannot fail for memory inside a Lua call.
  denial.detail.reserve(kMaxDenyDetail + 64);
  lua_atpanic(L_, &on_panic);
  int status = protect(&open_sandbox_libs, nullptr);
  if (status != LUA_OK) {
    std::string why = failure(status);
    lua_close(L_);
    L_ = nullptr;
    throw std::runtime_error("cannot open the sandbox libraries: " + why);
  }
  lua_rawgeti(L_, LUA_REGISTRYINDEX, globals_ref);
  lua_pushnil(L_);
  while (lua_next(L_, -2) != 0) {
    if (lua_type(L_, -2) == LUA_TSTRING) library_names_.emplace_back(lua_tostring(L_, -2));
    lua_pop(L_, 1);
  }
  lua_settop(L_, 0);
}

Sandbox::~Sandbox() {
  if (!L_) return;
  lua_sethook(L_, nullptr, 0, 0);
  lua_close(L_);
}

Sandbox& Sandbox::of(lua_State* L) { return **static_cast<Sandbox**>(lua_getextraspace(L)); }

std::int64_t Sandbox::now_ns() const {
  timespec ts{};
  clock_gettime(clock_, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void Sandbox::arm() {
  executed_ = 0;
  trip_ = Trip::None;
  deadline_ns_ = now_ns() + std::chrono::duration_cast<std::chrono::nanoseconds>(limits_.deadline).count();
  // Setting the hook also restarts Lua's own countdown to the next tick, so
  // instructions left over from the previous call are not charged to this one.
  lua_sethook(L_, &Sandbox::hook, LUA_MASKCOUNT, limits_.hook_interval);
}

void Sandbox::hook(lua_State* L, lua_Debug*) {
  Sandbox& sb = of(L);
  sb.executed_ += static_cast<std::uint64_t>(sb.limits_.hook_interval);
  if (sb.executed_ > sb.limits_.instructions) {
    sb.trip_ = Trip::Instructions;
    luaL_error(L, "instruction budget exceeded");
  }
  if (sb.now_ns() >= sb.deadline_ns_) {
    sb.trip_ = Trip::Deadline;
    luaL_error(L, "deadline exceeded");
  }
}

int Sandbox::call(int nargs, int nresults) {
  if (!unhooked_calls_) {
    arm();
  } else {
    trip_ = Trip::None;
    // protect() arms the hook for its own run; a proven call needs none.
    if (lua_gethookmask(L_) != 0) lua_sethook(L_, nullptr, 0, 0);
  }
  return lua_pcall(L_, nargs, nresults, 0);
}

void Sandbox::skip_hook_for_calls() {
  unhooked_calls_ = true;
  lua_sethook(L_, nullptr, 0, 0);
}

int Sandbox::protect(lua_CFunction fn, void* ud) {
  // A light C function and a light userdata: pushing them cannot allocate,
  // so nothing here can fail outside the protected call.
  lua_pushcfunction(L_, fn);
  lua_pushlightuserdata(L_, ud);
  arm();
  return lua_pcall(L_, 1, LUA_MULTRET, 0);
}

std::string Sandbox::failure(int status) const {
  if (status == LUA_ERRMEM)
    return "memory cap exceeded (" + std::to_string(limits_.memory_bytes) + " bytes per state)";
  if (trip_ == Trip::Instructions)
    return "instruction budget exceeded (" + std::to_string(limits_.instructions) + " per call)";
  if (trip_ == Trip::Deadline)
    return "deadline exceeded (" + std::to_string(limits_.deadline.count()) + " us per call)";
  if (lua_type(L_, -1) == LUA_TSTRING) return std::string("error: ") + lua_tostring(L_, -1);
  return std::string("error: an error object of type ") + luaL_typename(L_, -1);
}

}  // namespace grinder::lua
