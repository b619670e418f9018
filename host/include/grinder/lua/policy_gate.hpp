#pragma once
// A gate written in Lua (policies/<name>.lua). The policy file declares its
// name, the parameters its `with:` accepts, and evaluate(action, ctx, with),
// which returns allow() or deny(reason, ...). policies/README.md is the
// author's reference.
//
// Threading: a lua_State is not thread-safe, so each gate owns a small fixed
// pool of sandboxes (PolicyLimits::states), each compiled from the same file
// and guarded by its own lock. A call takes the first free one (try_lock);
// when all are busy it waits on one. Nothing is shared between states, so
// two threads never touch one state, and a decision never creates a state.
// States live as long as their generation: one per gate per generation.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grinder/config/diagnostic.hpp"
#include "grinder/config/value.hpp"
#include "grinder/gates/gate.hpp"
#include "grinder/lua/limits.hpp"

namespace grinder::lua {

// One parameter a policy declares in its `params` table.
struct ParamSpec {
  enum class Type { Integer, Number, String, Boolean, StringList };
  std::string name;
  Type type = Type::Number;
  std::optional<config::Value> default_value;  // unset: the parameter is required
  std::optional<double> min;
  std::optional<double> max;
  std::vector<std::string> one_of;  // allowed values of a string parameter
  std::string pattern;              // ECMAScript regex a string (or each list item) must match
  std::string doc;
  int line = 0;  // where the policy file declares it (0: not found)

  static const char* type_name(Type t);
};

struct PolicyInfo {
  std::string name;
  std::string summary;
  std::string file;
  std::vector<ParamSpec> params;
  // An upper bound on the VM instructions one evaluate() call can run, when
  // the compiled policy proves one (it has no loop and can reach no function
  // of its own). Calls of a policy proven shorter than one hook interval run
  // without the count hook, which could never fire for them. Unset:
  // no_bound_because says what kept the proof from holding.
  std::optional<std::size_t> instruction_bound;
  std::string no_bound_because;
  bool runs_unhooked = false;
  // Whether evaluate gets ctx as a plain table of the fields it reads (it
  // provably reads ctx only as ctx.NAME) rather than the handle; if not,
  // ctx_handle_because says why.
  bool ctx_as_table = false;
  std::string ctx_handle_because;

  const ParamSpec* find_param(const std::string& name) const;
};

struct PolicyBuild {
  std::string id;     // gate id in decisions; empty: "policy:<name>"
  std::string file;   // path of <name>.lua
  // The chain entry's `with:` (an object). Null: compile and check the
  // declaration only, leaving required parameters unset (policy test uses it
  // to compile policies no chain names yet).
  config::Value with;
  PolicyLimits limits;
};

class LuaPolicyGate final : public gates::Gate {
 public:
  // Compiles the policy once per state and checks `with:` against its
  // declaration. Returns nullptr with diagnostics (file:line) on any error.
  static std::unique_ptr<LuaPolicyGate> build(const PolicyBuild& in, config::Diagnostics& diags);
  ~LuaPolicyGate() override;

  // Never throws and never allows on failure: an error, a blown budget or a
  // malformed result denies with reason "policy_error:<name>".
  void judge(const gates::Action& action, const gates::GateContext& ctx, gates::Verdict& out) const override;
  std::string_view kind() const override { return "policy"; }

  const PolicyInfo& info() const { return info_; }
  // Bytes held by all of this gate's states.
  std::size_t memory_used() const;

  struct Slot;  // one sandbox with its lock (policy_gate.cpp)

 private:
  LuaPolicyGate(std::string id, PolicyInfo info, std::vector<std::unique_ptr<Slot>> slots);

  PolicyInfo info_;
  std::string error_reason_;  // "policy_error:<name>", built once
  std::vector<std::unique_ptr<Slot>> slots_;
};

}  // namespace grinder::lua
