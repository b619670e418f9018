#pragma once
// Reads what lua_dump writes (Lua 5.4, format 0, with debug information) into
// a tree of function prototypes, for the checks that inspect a compiled
// policy before it ever runs (state_writes.hpp, call_bound.hpp). The layout
// is ldump.c's; the instruction fields are lopcodes.h's.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct lua_State;

namespace grinder::lua::bytecode {

// The opcodes these checks look at, by their number in Lua 5.4's OpCode enum.
enum Op : unsigned {
  kGetUpval = 9,
  kSetUpval = 10,
  kGetTabUp = 11,
  kGetTable = 12,
  kGetField = 14,
  kSetTabUp = 15,
  kSelf = 20,
  kJmp = 56,
  kCall = 68,
  kTailCall = 69,
  kForLoop = 73,
  kForPrep = 74,
  kTForPrep = 75,
  kTForCall = 76,
  kTForLoop = 77,
  kClosure = 79,
};

inline unsigned op(std::uint32_t ins) { return ins & 0x7f; }
inline unsigned arg_a(std::uint32_t ins) { return (ins >> 7) & 0xff; }
inline unsigned arg_b(std::uint32_t ins) { return (ins >> 16) & 0xff; }
inline unsigned arg_c(std::uint32_t ins) { return (ins >> 24) & 0xff; }
inline bool arg_k(std::uint32_t ins) { return (ins >> 15) & 1; }
// isJ format: a signed 25-bit jump offset stored with an excess of 2^24 - 1.
inline long arg_sj(std::uint32_t ins) { return static_cast<long>((ins >> 7) & 0x1ffffff) - 0xffffff; }

struct Upvalue {
  bool in_stack = false;  // a local of the enclosing function, else its upvalue number idx
  unsigned idx = 0;
};

struct Proto {
  int line_defined = 0;  // 0 for the main chunk
  int num_params = 0;    // fixed parameters, in registers 0 .. num_params - 1
  bool is_vararg = false;
  std::vector<std::uint32_t> code;
  std::vector<std::string> constants;  // string constants; "" for the others
  std::vector<bool> constant_is_string;
  std::vector<Upvalue> upvalues;
  std::vector<Proto> protos;  // the functions defined inside, in source order
  std::vector<std::int8_t> line_info;
  std::vector<std::pair<int, int>> abs_line_info;   // pc, line
  std::vector<std::pair<std::string, int>> locals;  // name, first pc
  std::vector<std::string> upvalue_names;

  // The source line of the instruction at pc, and " (line N)" for messages.
  int line_at(std::size_t pc) const;
  std::string at_line(std::size_t pc) const { return " (line " + std::to_string(line_at(pc)) + ")"; }
  // The string constant at k, or "" when it is not a string.
  const std::string& string_constant(std::size_t k) const;
};

// lua_dump of the Lua function on top of L's stack, appended to `out`; false
// when it could not be written whole. Out of memory stops the dump instead of
// throwing through Lua's C frames (it may run inside a protected call).
bool dump_function(lua_State* L, std::string& out);

// Parses a whole chunk. Returns false and sets error when it cannot be read.
bool read_chunk(std::string_view dump, Proto& main, std::string& error);

}  // namespace grinder::lua::bytecode
