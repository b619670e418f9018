#pragma once
// One sandboxed Lua 5.4 state: only the safe parts of base, string, table,
// math and utf8; a byte cap through its allocator; an instruction budget and a
// steady-clock deadline per call through a count hook that is re-armed on
// every call (a cumulative budget would starve a busy policy: Suricata's
// mistake). Every call goes through lua_pcall; lua_atpanic is set for the
// should-never-happen unprotected error.
#include <lua.hpp>

#include <time.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "grinder/gates/action.hpp"
#include "grinder/gates/context.hpp"
#include "grinder/lua/limits.hpp"

namespace grinder::lua {

// Why the hook stopped a call.
enum class Trip : std::uint8_t { None, Instructions, Deadline };

// What the handles given to the policy read during one call. Outside a call
// the pointers are null, so a handle kept past its call reads nothing.
struct CallFrame {
  const gates::Action* action = nullptr;
  const gates::GateContext* ctx = nullptr;
  std::uint64_t serial = 0;  // bumps every call; per-call handles carry it
};

// A denial's detail is a line in the audit log and in `explain`, not a dump:
// longer text is cut here and marked "...(truncated)".
constexpr std::size_t kMaxDenyDetail = 1024;

// The detail deny(reason, part, part, ...) assembled from its parts. It is
// written here, into a buffer reserved once per state, not into a new Lua
// string: a denying call then leaves no garbage and formats each number once,
// the way a built-in gate's set_deny() does. `serial` names the deny() call
// that wrote it, so a verdict can only take the detail of its own call.
struct DenyScratch {
  std::string detail;
  bool truncated = false;
  lua_Integer serial = 0;
};

class Sandbox {
 public:
  // Throws std::runtime_error when the state cannot be created (the memory
  // cap is too small for the libraries, or the system is out of memory).
  explicit Sandbox(const PolicyLimits& limits);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  lua_State* state() const { return L_; }
  // The sandbox a state belongs to: its pointer lives in the state's extra
  // space, so C functions called from Lua find it without globals.
  static Sandbox& of(lua_State* L);

  // Calls the function below nargs arguments with budgets re-armed, or, for
  // a state whose calls are proven shorter than one hook interval
  // (call_bound.hpp), without the hook, which could never fire.
  int call(int nargs, int nresults);
  // Leaves the hook off for call() from now on. Only for a state whose
  // every call is proven to run fewer than limits().hook_interval and
  // limits().instructions VM instructions.
  void skip_hook_for_calls();
  bool hook_skipped() const { return unhooked_calls_; }
  // The globals the sandbox itself defines, before any policy code runs.
  const std::vector<std::string>& library_names() const { return library_names_; }
  // Runs a C function in protected mode with budgets re-armed, so an
  // allocation it makes can fail without a panic. fn gets ud as a light
  // userdata at index 1; what it returns stays on the stack. Returns the
  // lua_pcall status.
  int protect(lua_CFunction fn, void* ud);

  // Why the last call failed, for a policy_error detail: the budget that
  // stopped it, or the error message at the top of the stack.
  std::string failure(int status) const;

  const PolicyLimits& limits() const { return limits_; }
  const MemoryBudget& memory() const { return memory_; }
  Trip trip() const { return trip_; }

  // True only while the policy file's top level runs: the one time a policy
  // may define globals.
  bool loading = false;
  CallFrame frame;
  DenyScratch denial;

  // Registry references set up by the libraries and the handles.
  int globals_ref = LUA_NOREF;  // the policy's globals, its _ENV
  int frozen_ref = LUA_NOREF;   // weak set of read-only proxies already made

 private:
  void arm();
  static void hook(lua_State* L, lua_Debug* ar);

  std::int64_t now_ns() const;

  PolicyLimits limits_;
  MemoryBudget memory_;
  lua_State* L_ = nullptr;
  std::uint64_t executed_ = 0;
  // The deadline runs on CLOCK_MONOTONIC_COARSE when its resolution is fine
  // enough for the deadline (a few ns to read instead of tens: it is read on
  // every call), else on CLOCK_MONOTONIC.
  clockid_t clock_ = CLOCK_MONOTONIC;
  std::int64_t deadline_ns_ = 0;
  Trip trip_ = Trip::None;
  bool unhooked_calls_ = false;
  std::vector<std::string> library_names_;
};

// Lightuserdata tags allow() and deny() return: evaluate's first result is
// compared against them, so no table is built per verdict.
const void* allow_tag();
const void* deny_tag();

// Whether `reason` is a reason code deny() accepts: 1-64 characters of
// a-z 0-9 _ : . - (what metrics count and runbooks name).
bool valid_deny_reason(std::string_view reason);

// Opens the allow-listed libraries into a fresh globals table (sandbox_libs.cpp).
int open_sandbox_libs(lua_State* L);

}  // namespace grinder::lua
