#include "grinder/lua/policy_gate.hpp"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <thread>

#include "bytecode.hpp"
#include "call_bound.hpp"
#include "ctx_mirror.hpp"
#include "declaration.hpp"
#include "sandbox.hpp"
#include "state_writes.hpp"

namespace fs = std::filesystem;

namespace grinder::lua {

namespace {

// A state's lock. Taking it is one compare-exchange, releasing it a plain
// release store: on the decision path every atomic read-modify-write costs
// several ns. Contention is rare (it needs more threads deciding at once than
// the gate has states) and a holder keeps it for one policy call, so a
// waiter spins briefly and then yields instead of sleeping in the kernel.
class StateLock {
 public:
  bool try_lock() noexcept {
    int free = 0;
    return busy_.compare_exchange_strong(free, 1, std::memory_order_acquire, std::memory_order_relaxed);
  }
  void lock() noexcept {
    for (int spins = 0; !try_lock(); ++spins) {
      while (busy_.load(std::memory_order_relaxed) != 0) {
        if (++spins > 64) {
          std::this_thread::yield();
          spins = 0;
        }
      }
    }
  }
  void unlock() noexcept { busy_.store(0, std::memory_order_release); }

 private:
  std::atomic<int> busy_{0};
};

}  // namespace

struct LuaPolicyGate::Slot {
  StateLock lock;
  std::unique_ptr<Sandbox> sandbox;
  std::unique_ptr<CtxMirror> ctx_mirror;  // null: ctx is the handle
};

namespace {

// Stack slots every call pushes copies of (set once by prepare_call). Four
// pushes measure faster than one closure holding them as upvalues: the extra
// Lua frame costs more than the three C API calls it saves.
constexpr int kEvaluate = 1, kAction = 2, kCtx = 3, kWith = 4;

// evaluate returned deny()'s three results: the tag, the reason, and either
// the detail (text or nil) or the serial of the call whose parts deny()
// joined in the state's buffer. Checked again here, since a policy could put
// its own values beside a tag it kept.
void take_denial(lua_State* L, const Sandbox& sb, std::string_view error_reason, gates::Verdict& out) {
  std::size_t n = 0;
  const char* reason = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &n) : nullptr;
  if (!reason || !valid_deny_reason(std::string_view(reason, n)))
    return out.set_deny(error_reason, "malformed result: evaluate returned a deny tag without a valid reason;",
                        " return deny(...) directly");
  if (lua_isinteger(L, -1)) {
    if (lua_tointeger(L, -1) != sb.denial.serial)
      return out.set_deny(error_reason, "malformed result: evaluate returned the result of a deny() call",
                          " other than its last one; return deny(...) directly");
    out.set_deny(std::string_view(reason, n));
    return out.append_detail(sb.denial.detail, sb.denial.truncated ? "...(truncated)" : "");
  }
  out.set_deny(std::string_view(reason, n));
  const char* detail = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &n) : nullptr;
  if (detail)
    out.append_detail(std::string_view(detail, std::min(n, kMaxDenyDetail)), n > kMaxDenyDetail ? "...(truncated)" : "");
}

// Lua reports "<chunk>:<line>: <message>"; the chunk name is the file name.
config::SourceLocation locate_message(const std::string& path, const std::string& chunk, std::string& msg) {
  config::SourceLocation where{path, 1, 0};
  const std::string prefix = chunk + ":";
  if (msg.compare(0, prefix.size(), prefix) != 0) return where;
  std::size_t end = msg.find(':', prefix.size());
  if (end == std::string::npos) return where;
  try {
    where.line = std::stoi(msg.substr(prefix.size(), end - prefix.size()));
    msg = msg.substr(end + 1);
    if (!msg.empty() && msg[0] == ' ') msg.erase(0, 1);
  } catch (const std::exception&) {
  }
  return where;
}

std::string error_text(lua_State* L) {
  const char* m = lua_tostring(L, -1);
  return m ? m : "(no message)";
}

// Compiles and runs the policy's top level in `sb`, then reads and freezes
// what it left. On success, `decl` holds the declaration.
bool load_into(Sandbox& sb, const std::string& path, const std::string& source, Declaration& decl,
               CallBound& bound, config::Diagnostics& diags) {
  lua_State* L = sb.state();
  const std::string chunk = fs::path(path).filename().string();
  // Text only: a binary chunk skips the compiler's checks.
  int status = luaL_loadbufferx(L, source.data(), source.size(), ("@" + chunk).c_str(), "t");
  if (status != LUA_OK) {
    std::string msg = status == LUA_ERRMEM ? sb.failure(status) : error_text(L);
    auto where = locate_message(path, chunk, msg);
    diags.add(where, "policy.syntax", msg);
    lua_settop(L, 0);
    return false;
  }

  std::string dump;
  bytecode::dump_function(L, dump);  // a partial dump fails the inspection below
  std::vector<StateWrite> writes;
  std::string why;
  if (!find_state_writes(dump, writes, why)) {
    diags.add({path, 1, 0}, "policy.compile", "cannot inspect the compiled policy: " + why);
    lua_settop(L, 0);
    return false;
  }
  for (const auto& w : writes) diags.add({path, w.line, 0}, "policy.state", w.message);
  if (!writes.empty()) {
    lua_settop(L, 0);
    return false;
  }
  bound = evaluate_call_bound(dump, sb.library_names());

  lua_rawgeti(L, LUA_REGISTRYINDEX, sb.globals_ref);
  lua_setupvalue(L, -2, 1);  // the chunk's _ENV
  sb.loading = true;
  status = sb.call(0, 0);
  sb.loading = false;
  if (status != LUA_OK) {
    std::string msg = sb.failure(status);
    const std::string prefix = "error: ";
    if (msg.compare(0, prefix.size(), prefix) == 0) msg.erase(0, prefix.size());
    auto where = locate_message(path, chunk, msg);
    diags.add(where, "policy.load", "the policy's top level failed: " + msg);
    lua_settop(L, 0);
    return false;
  }

  decl.info.file = path;
  status = sb.protect(&read_declaration, &decl);
  if (status == LUA_OK) status = sb.protect(&freeze_policy, nullptr);
  if (status != LUA_OK) {
    diags.add({path, 1, 0}, "policy.load", "reading the declaration failed: " + sb.failure(status));
    lua_settop(L, 0);
    return false;
  }
  return true;
}

bool check_identity(Declaration& d, const std::string& path, config::Diagnostics& diags) {
  const std::string stem = fs::path(path).stem().string();
  bool ok = true;
  if (!d.has_name) {
    diags.add({path, 1, 0}, "policy.name", "the policy sets no name; add name = \"" + stem + "\"");
    ok = false;
  } else if (d.info.name != stem) {
    diags.add({path, 1, 0}, "policy.name",
              "the policy is named '" + d.info.name + "' but its file is " + stem + ".lua; chains find it by file name");
    ok = false;
  }
  if (!d.has_evaluate) {
    diags.add({path, 1, 0}, "policy.no_evaluate", "the policy defines no function evaluate(action, ctx, with)");
    ok = false;
  }
  return ok;
}

}  // namespace

LuaPolicyGate::LuaPolicyGate(std::string id, PolicyInfo info, std::vector<std::unique_ptr<Slot>> slots)
    : Gate(std::move(id)),
      info_(std::move(info)),
      error_reason_("policy_error:" + info_.name),
      slots_(std::move(slots)) {}

LuaPolicyGate::~LuaPolicyGate() = default;

std::unique_ptr<LuaPolicyGate> LuaPolicyGate::build(const PolicyBuild& in, config::Diagnostics& diags) {
  std::ifstream file(in.file, std::ios::binary);
  if (!file) {
    diags.add({in.file, 0, 0}, "policy.file", "cannot read the policy file");
    return nullptr;
  }
  std::ostringstream text;
  text << file.rdbuf();
  const std::string source = text.str();

  const std::size_t n = std::max<std::size_t>(in.limits.states, 1);
  std::vector<std::unique_ptr<Slot>> slots;
  PolicyInfo info;
  for (std::size_t i = 0; i < n; ++i) {
    auto slot = std::make_unique<Slot>();
    try {
      slot->sandbox = std::make_unique<Sandbox>(in.limits);
    } catch (const std::exception& e) {
      diags.add({in.file, 0, 0}, "policy.sandbox", e.what());
      return nullptr;
    }
    Declaration decl;
    CallBound bound;
    if (!load_into(*slot->sandbox, in.file, source, decl, bound, diags)) return nullptr;
    if (i == 0) {
      // Declaration problems are the same in every state: check them once.
      config::Diagnostics local;
      bool ok = check_identity(decl, in.file, local);
      check_declaration(decl, source, local);
      check_with(decl.info, in.with, local);
      ok = ok && local.empty();
      diags.append(local);
      if (!ok) return nullptr;
      info = decl.info;
      info.instruction_bound = bound.instructions;
      info.no_bound_because = bound.why_not;
      const PolicyLimits& limits = slot->sandbox->limits();  // hook_interval made >= 1
      info.runs_unhooked = limits.unhooked_when_proven && bound.instructions &&
                           *bound.instructions < static_cast<std::size_t>(limits.hook_interval) &&
                           *bound.instructions <= limits.instructions;
    }
    ValuesInput values;
    values.info = &info;
    values.with = &in.with;
    Sandbox& sb = *slot->sandbox;
    int status = sb.protect(&prepare_call, &values);
    if (status != LUA_OK) {
      diags.add({in.file, 0, 0}, "policy.load", "preparing the policy failed: " + sb.failure(status));
      return nullptr;
    }
    if (info.runs_unhooked) sb.skip_hook_for_calls();
    // The same compiled code in every state: the same outcome.
    info.ctx_as_table = values.ctx_mirror != nullptr;
    info.ctx_handle_because = values.ctx_handle_because;
    slot->ctx_mirror = std::move(values.ctx_mirror);
    slots.push_back(std::move(slot));
  }
  std::string id = in.id.empty() ? "policy:" + info.name : in.id;
  return std::unique_ptr<LuaPolicyGate>(new LuaPolicyGate(std::move(id), std::move(info), std::move(slots)));
}

void LuaPolicyGate::judge(const gates::Action& action, const gates::GateContext& ctx, gates::Verdict& out) const {
  // The first free state; when every state is busy, wait on the one this
  // thread hashes to, so waiting threads spread over the pool.
  Slot* slot = nullptr;
  std::unique_lock<StateLock> held;
  for (const auto& s : slots_) {
    std::unique_lock<StateLock> l(s->lock, std::try_to_lock);
    if (l.owns_lock()) {
      slot = s.get();
      held = std::move(l);
      break;
    }
  }
  if (!slot) {
    slot = slots_[std::hash<std::thread::id>{}(std::this_thread::get_id()) % slots_.size()].get();
    held = std::unique_lock<StateLock>(slot->lock);
  }

  Sandbox& sb = *slot->sandbox;
  lua_State* L = sb.state();
  if (slot->ctx_mirror) {
    const int status = slot->ctx_mirror->refresh(L, kCtx, ctx);
    if (status != LUA_OK) {
      try {
        out.set_deny(error_reason_, "ctx could not be handed to the policy: ", sb.failure(status));
      } catch (...) {
        out.allow = false;
        out.reason.clear();
        out.detail.clear();
      }
      lua_settop(L, kWith);
      return;
    }
  }
  sb.frame.action = &action;
  sb.frame.ctx = &ctx;
  ++sb.frame.serial;
  lua_pushvalue(L, kEvaluate);
  lua_pushvalue(L, kAction);
  lua_pushvalue(L, kCtx);
  lua_pushvalue(L, kWith);
  const int status = sb.call(3, 3);
  sb.frame.action = nullptr;
  sb.frame.ctx = nullptr;

  if (status == LUA_OK && lua_touserdata(L, -3) == allow_tag()) {  // the hot path
    lua_settop(L, kWith);
    return out.set_pass();
  }
  // Written into `out`'s buffers: a denying policy allocates nothing here.
  try {
    if (status != LUA_OK) {
      out.set_deny(error_reason_, sb.failure(status));
    } else if (lua_touserdata(L, -3) == deny_tag()) {
      take_denial(L, sb, error_reason_, out);
    } else {
      out.set_deny(error_reason_, "malformed result: evaluate returned ", luaL_typename(L, -3),
                   " instead of allow() or deny(reason, ...)");
    }
  } catch (...) {
    // Out of memory in the host: still a denial, with no text that could be
    // another verdict's.
    out.allow = false;
    out.reason.clear();
    out.detail.clear();
  }
  lua_settop(L, kWith);
}

std::size_t LuaPolicyGate::memory_used() const {
  std::size_t total = 0;
  for (const auto& s : slots_) {
    std::lock_guard<StateLock> l(s->lock);
    total += s->sandbox->memory().used;
  }
  return total;
}

}  // namespace grinder::lua
