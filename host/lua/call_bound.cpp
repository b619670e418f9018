#include "call_bound.hpp"

#include <algorithm>

#include "bytecode.hpp"

namespace grinder::lua {

namespace {

using bytecode::Proto;

// allow() is `return tag`: GETUPVAL and RETURN1. Counted with room to spare.
constexpr std::size_t kAllowBody = 4;

bool is_loop(std::uint32_t ins) {
  switch (bytecode::op(ins)) {
    case bytecode::kForLoop:
    case bytecode::kForPrep:
    case bytecode::kTForPrep:
    case bytecode::kTForCall:
    case bytecode::kTForLoop:
      return true;
    case bytecode::kJmp:
      return bytecode::arg_sj(ins) < 0;
    default:
      return false;
  }
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}


}  // namespace

CallBound evaluate_call_bound(std::string_view dump, const std::vector<std::string>& sandbox_globals) {
  CallBound out;
  Proto main;
  if (!bytecode::read_chunk(dump, main, out.why_not)) return out;
  if (main.protos.size() != 1) {
    out.why_not = "the file defines " + std::to_string(main.protos.size()) + " functions, not evaluate alone";
    return out;
  }
  // The top level must leave the sandbox's names as they are.
  for (std::size_t pc = 0; pc < main.code.size(); ++pc) {
    const std::uint32_t ins = main.code[pc];
    if (bytecode::op(ins) != bytecode::kSetTabUp) continue;
    const std::string& key = main.string_constant(bytecode::arg_b(ins));
    if (key != "evaluate" && (key.empty() || contains(sandbox_globals, key))) {
      out.why_not = "the top level assigns the global '" + key + "'" + main.at_line(pc);
      return out;
    }
  }

  const Proto& f = main.protos[0];
  if (!f.protos.empty()) {
    out.why_not = "evaluate defines functions inside it";
    return out;
  }
  // Its one upvalue, if any, must be the chunk's _ENV (upvalue 0 of main).
  if (f.upvalues.size() > 1 || (f.upvalues.size() == 1 && (f.upvalues[0].in_stack || f.upvalues[0].idx != 0))) {
    out.why_not = "evaluate uses locals of the top level";
    return out;
  }
  for (std::size_t k = 0; k < f.constants.size(); ++k) {
    const std::string& s = f.string_constant(k);
    if (s == "sort" || s == "gsub") {
      out.why_not = "evaluate names " + s + ", which calls functions it is given";
      return out;
    }
  }
  std::size_t calls = 0;
  for (std::size_t pc = 0; pc < f.code.size(); ++pc) {
    const std::uint32_t ins = f.code[pc];
    if (is_loop(ins)) {
      out.why_not = "evaluate loops" + f.at_line(pc);
      return out;
    }
    switch (bytecode::op(ins)) {
      case bytecode::kGetTabUp: {
        const std::string& key = f.string_constant(bytecode::arg_c(ins));
        if (key.empty() || !contains(sandbox_globals, key)) {
          out.why_not = "evaluate reads the global '" + key + "', which the policy defines" + f.at_line(pc);
          return out;
        }
        break;
      }
      case bytecode::kGetTable:
        out.why_not = "evaluate reads a field by a computed key" + f.at_line(pc);
        return out;
      case bytecode::kSelf:
        // SELF takes its key from a constant only when k is set.
        if (!bytecode::arg_k(ins)) {
          out.why_not = "evaluate calls a method by a computed name" + f.at_line(pc);
          return out;
        }
        break;
      case bytecode::kCall:
      case bytecode::kTailCall:
        ++calls;
        break;
      default:
        break;
    }
  }
  out.instructions = f.code.size() + calls * kAllowBody;
  return out;
}

}  // namespace grinder::lua
