#pragma once
// A gate judges one proposed action against a read-only context. Built-in
// gates are C++; Lua policies implement the same interface.
//
// Writing a gate: override judge(), which writes the verdict into `out`, a
// slot the caller owns and reuses from decision to decision (the chain passes
// its Decision's GateVerdict). `out` may still hold an earlier verdict: its
// text is there for the buffers it keeps, not to be read. Set it fully on
// every path, with out.set_pass() or out.set_deny(reason, detail parts...).
// Those assign into the existing strings, so a chain that denies in a loop
// allocates nothing once the slots have grown: keep it that way by building
// the detail from parts (text, integers, doubles) rather than from
// temporary std::strings.
#include <memory>
#include <string>
#include <string_view>

#include "grinder/gates/action.hpp"
#include "grinder/gates/context.hpp"
#include "grinder/gates/verdict.hpp"

namespace grinder::gates {

class Gate {
 public:
  explicit Gate(std::string id) : id_(std::move(id)) {}
  virtual ~Gate() = default;
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

  // Pure: may not change any state. Must not throw; a gate that cannot decide
  // denies. The chain presents `out` denying, so a path that forgets to set
  // it fails closed.
  virtual void judge(const Action& action, const GateContext& ctx, Verdict& out) const = 0;

  // The verdict in a fresh Verdict, for callers that keep no slot (tools,
  // tests). Deciding in a loop goes through Chain::decide into one Decision.
  Verdict check(const Action& action, const GateContext& ctx) const {
    Verdict v;
    v.allow = false;
    judge(action, ctx, v);
    return v;
  }

  // The name this gate has in decisions and metrics.
  const std::string& id() const { return id_; }
  // "builtin" or "policy".
  virtual std::string_view kind() const { return "builtin"; }

 private:
  std::string id_;
};

using GatePtr = std::unique_ptr<Gate>;

}  // namespace grinder::gates
