#include "state_writes.hpp"

#include <algorithm>

#include "bytecode.hpp"

namespace grinder::lua {

namespace {

using bytecode::Proto;

// Where an upvalue's cell lives: a local of the main chunk (module state),
// _ENV, or a local of a function inside a call (gone when the call ends).
enum class Origin { Module, Env, Call };

// Reports p's writes to module-level upvalues, then those of the functions
// inside it. `parent` is null for the main chunk; parent_origins are the
// origins of the parent's upvalues.
void check_function(const Proto& p, const Proto* parent, const std::vector<Origin>& parent_origins,
                    std::vector<StateWrite>& out) {
  std::vector<Origin> origins;
  for (const auto& u : p.upvalues) {
    Origin o = Origin::Call;
    if (!parent)
      o = Origin::Env;  // the main chunk's one upvalue is _ENV
    else if (u.in_stack)  // a local of the parent; only the main chunk has line 0
      o = parent->line_defined == 0 ? Origin::Module : Origin::Call;
    else if (u.idx < parent_origins.size())
      o = parent_origins[u.idx];
    origins.push_back(o);
  }
  for (const auto& child : p.protos) check_function(child, &p, origins, out);

  const bool main = parent == nullptr;
  auto name_of = [&](std::size_t up) { return up < p.upvalue_names.size() ? p.upvalue_names[up] : std::string("?"); };
  for (std::size_t pc = 0; pc < p.code.size(); ++pc) {
    const std::uint32_t ins = p.code[pc];
    const unsigned op = bytecode::op(ins);
    const std::size_t a = bytecode::arg_a(ins);
    const std::size_t b = bytecode::arg_b(ins);
    if (op == bytecode::kSetUpval && b < origins.size() && origins[b] != Origin::Call) {
      out.push_back({p.line_at(pc), origins[b] == Origin::Env
                                        ? std::string("assignment to _ENV: policies cannot replace their globals")
                                        : "assignment to '" + name_of(b) +
                                              "', a local of the policy's top level: policies cannot keep state "
                                              "between calls (make it a local of the function)"});
    } else if (op == bytecode::kGetUpval && b < origins.size() && origins[b] == Origin::Env) {
      out.push_back({p.line_at(pc), "use of _ENV: policies read globals by name only"});
    } else if (op == bytecode::kSetTabUp && !main && a < origins.size() && origins[a] == Origin::Env) {
      // (The same instruction on a top-level table is a field write: those
      // tables are frozen after load and refuse it at run time.)
      out.push_back({p.line_at(pc), "assignment to global '" + p.string_constant(b) +
                                        "' inside a function: policies cannot keep state between calls (globals "
                                        "are set at the top level, once, or use a local)"});
    }
  }
  for (const auto& [name, start] : p.locals)
    if (name == "_ENV")
      out.push_back({p.line_at(static_cast<std::size_t>(std::max(start, 0))),
                     "a local named _ENV: policies read globals by name only"});
}

}  // namespace

bool find_state_writes(std::string_view dump, std::vector<StateWrite>& out, std::string& error) {
  Proto main;
  if (!bytecode::read_chunk(dump, main, error)) return false;
  check_function(main, nullptr, {}, out);
  return true;
}

}  // namespace grinder::lua
