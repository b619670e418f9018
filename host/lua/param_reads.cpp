#include "param_reads.hpp"

#include <algorithm>
#include <limits>

#include "bytecode.hpp"

namespace grinder::lua {

namespace {

using bytecode::Proto;

constexpr unsigned kCtx = 1, kWith = 2;  // evaluate(action, ctx, with): the second and third registers
constexpr unsigned kToTop = std::numeric_limits<unsigned>::max();

// Lua 5.4's opcodes by number (lopcodes.h), grouped by which of their
// operands name registers they read.
enum : unsigned {
  kMove = 0, kSetUpval = 10, kGetTable = 12, kGetI = 13, kGetField = 14, kSetTabUp = 15,
  kSetTable = 16, kSetI = 17, kSetField = 18, kSelf = 20, kAddI = 21, kShlI = 33, kAdd = 34, kShr = 45,
  kMmBin = 46, kMmBinI = 47, kMmBinK = 48, kUnm = 49, kLen = 52, kConcat = 53, kTbc = 55, kEq = 57, kLe = 59,
  kEqK = 60, kGeI = 65, kTest = 66, kTestSet = 67, kCall = 68, kTailCall = 69, kReturn = 70, kReturn1 = 72,
  kForLoop = 73, kTForLoop = 77, kSetList = 78,
};

bool in(unsigned r, unsigned first, unsigned last) { return r >= first && r <= last; }

// Whether `ins` reads register r, other than as GETFIELD's table. Operands
// that are constants or immediates are told apart by the opcode; a range
// that runs "to the top" (B = 0) is taken to reach every register above its
// start.
bool reads_other_than_by_name(std::uint32_t ins, unsigned r) {
  const unsigned o = bytecode::op(ins), a = bytecode::arg_a(ins), b = bytecode::arg_b(ins), c = bytecode::arg_c(ins);
  const bool k = bytecode::arg_k(ins);
  switch (o) {
    case kMove:
    case kGetI:
    case kTestSet:
      return b == r;
    case kGetField:
      return false;  // R[A] := R[B][K[C]]: the one read allowed
    case kSetUpval:
    case kEqK:
    case kTest:
    case kTbc:
    case kReturn1:
    case kMmBinI:
    case kMmBinK:
      return a == r;
    case kGetTable:
      return b == r || c == r;
    case kSetTabUp:
      return !k && c == r;
    case kSetTable:
      return a == r || b == r || (!k && c == r);
    case kSetI:
    case kSetField:
      return a == r || (!k && c == r);
    case kSelf:
      return b == r || (!k && c == r);
    case kMmBin:
      return a == r || b == r;
    case kConcat:
      return in(r, a, a + b - 1);
    case kCall:
    case kTailCall:
      return in(r, a, b == 0 ? kToTop : a + b - 1);
    case kReturn:
      return b != 1 && in(r, a, b == 0 ? kToTop : a + b - 2);
    case kSetList:
      return in(r, a, b == 0 ? kToTop : a + b);
    default:
      break;
  }
  if (o >= kAddI && o <= kShlI) return b == r;                     // R[B] op K or immediate
  if (o >= kAdd && o <= kShr) return b == r || c == r;             // R[B] op R[C]
  if (o >= kUnm && o <= kLen) return b == r;                       // UNM BNOT NOT LEN
  if (o >= kEq && o <= kLe) return a == r || b == r;               // EQ LT LE
  if (o > kEqK && o <= kGeI) return a == r;                        // EQI LTI LEI GTI GEI
  if (o >= kForLoop && o <= kTForLoop) return in(r, a, a + 4);     // the loops' control registers
  // The rest read no register: loads, LOADNIL, GETUPVAL, GETTABUP, NEWTABLE,
  // JMP, CLOSE, RETURN0, CLOSURE (its captures are checked apart), VARARG,
  // VARARGPREP, EXTRAARG.
  return false;
}


// Whether evaluate's register r, its parameter `label`, is only ever read as
// r.NAME; `names` gets each NAME once, in the order first read.
bool only_read_by_name(const Proto& f, unsigned r, const char* label, std::vector<std::string>& names,
                       std::string& why_not) {
  for (std::size_t pc = 0; pc < f.code.size(); ++pc) {
    const std::uint32_t ins = f.code[pc];
    if (reads_other_than_by_name(ins, r)) {
      why_not = std::string("evaluate uses `") + label + "` other than as " + label + ".NAME" + f.at_line(pc);
      return false;
    }
    if (bytecode::op(ins) == kGetField && bytecode::arg_b(ins) == r) {
      const std::string& name = f.string_constant(bytecode::arg_c(ins));
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  for (const Proto& inner : f.protos)
    for (const auto& up : inner.upvalues)
      if (up.in_stack && up.idx == r) {
        why_not = std::string("a function inside evaluate captures `") + label + "` (line " +
                  std::to_string(inner.line_defined) + ")";
        return false;
      }
  return true;
}

}  // namespace

ParamReads evaluate_param_reads(std::string_view dump) {
  ParamReads out;
  Proto f;
  if (!bytecode::read_chunk(dump, f, out.why_not)) {
    out.ctx_why_not = out.why_not;
    return out;
  }
  if (f.is_vararg) {
    out.why_not = out.ctx_why_not = "evaluate takes ...";
    return out;
  }
  // A parameter evaluate never receives is read by name trivially: not at all.
  std::vector<std::string> with_names;
  out.with_only_read_by_name =
      f.num_params <= static_cast<int>(kWith) || only_read_by_name(f, kWith, "with", with_names, out.why_not);
  out.ctx_only_read_by_name =
      f.num_params <= static_cast<int>(kCtx) || only_read_by_name(f, kCtx, "ctx", out.ctx_names, out.ctx_why_not);
  if (!out.ctx_only_read_by_name) out.ctx_names.clear();
  return out;
}

}  // namespace grinder::lua
