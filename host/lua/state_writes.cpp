#include "state_writes.hpp"

#include <cstdint>
#include <algorithm>
#include <cstring>

namespace grinder::lua {

namespace {

// Lua 5.4's dump format (ldump.c) and the instruction layout (lopcodes.h).
constexpr std::uint8_t kVersion = 0x54;
constexpr std::uint8_t kFormat = 0;
constexpr unsigned kOpGetUpval = 9;
constexpr unsigned kOpSetUpval = 10;
constexpr unsigned kOpSetTabUp = 15;
constexpr std::int8_t kAbsLineInfo = -0x80;
constexpr std::uint8_t kTagFloat = 3 | (1 << 4);
constexpr std::uint8_t kTagInt = 3;
constexpr std::uint8_t kTagShortString = 4;
constexpr std::uint8_t kTagLongString = 4 | (1 << 4);

// Where an upvalue's cell lives: a local of the main chunk (module state),
// _ENV, or a local of a function inside a call (gone when the call ends).
enum class Origin { Module, Env, Call };

class Reader {
 public:
  explicit Reader(std::string_view d) : d_(d) {}
  bool ok() const { return ok_; }
  std::uint8_t byte() {
    if (pos_ >= d_.size()) return fail();
    return static_cast<std::uint8_t>(d_[pos_++]);
  }
  // Sizes are big-endian groups of 7 bits; the last byte has the top bit set.
  std::size_t size() {
    std::size_t x = 0;
    for (int i = 0; i < 10; ++i) {
      std::uint8_t b = byte();
      if (!ok_) return 0;
      x = (x << 7) | (b & 0x7f);
      if (b & 0x80) return x;
    }
    fail();
    return 0;
  }
  void skip(std::size_t n) {
    if (n > d_.size() - pos_) {
      fail();
      return;
    }
    pos_ += n;
  }
  std::string_view bytes(std::size_t n) {
    if (n > d_.size() - pos_) {
      fail();
      return {};
    }
    std::string_view s = d_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  std::string string() {
    std::size_t n = size();
    if (n == 0) return {};
    return std::string(bytes(n - 1));
  }

 private:
  std::uint8_t fail() {
    ok_ = false;
    pos_ = d_.size();
    return 0;
  }
  std::string_view d_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

struct Proto {
  int line_defined = 0;
  std::vector<std::uint32_t> code;
  std::vector<std::string> constants;  // string constants; "" for the others
  std::vector<Origin> upvalues;
  std::vector<std::int8_t> line_info;
  std::vector<std::pair<int, int>> abs_line_info;  // pc, line
  std::vector<std::string> upvalue_names;
  std::vector<std::pair<std::string, int>> locals;  // name, first pc

  int line_at(std::size_t pc) const {
    int line = line_defined;
    for (std::size_t i = 0; i <= pc && i < line_info.size(); ++i) {
      if (line_info[i] != kAbsLineInfo) {
        line += line_info[i];
        continue;
      }
      for (const auto& [apc, aline] : abs_line_info)
        if (static_cast<std::size_t>(apc) == i) line = aline;
    }
    return line;
  }
};

// Reads one function (and, recursively, the functions inside it), reporting
// its writes to module-level upvalues. `parent` is null for the main chunk.
void read_function(Reader& r, const Proto* parent, std::vector<StateWrite>& out) {
  Proto p;
  r.string();  // source
  p.line_defined = static_cast<int>(r.size());
  r.size();  // last line
  r.byte();  // params
  r.byte();  // vararg
  r.byte();  // stack size
  std::size_t ncode = r.size();
  std::string_view code = r.bytes(ncode * 4);
  if (!r.ok()) return;
  p.code.resize(ncode);
  for (std::size_t i = 0; i < ncode; ++i) std::memcpy(&p.code[i], code.data() + i * 4, 4);

  std::size_t nk = r.size();
  for (std::size_t i = 0; i < nk && r.ok(); ++i) {
    std::uint8_t tag = r.byte();
    p.constants.emplace_back();
    if (tag == kTagFloat || tag == kTagInt)
      r.skip(8);
    else if (tag == kTagShortString || tag == kTagLongString)
      p.constants.back() = r.string();
  }

  std::size_t nup = r.size();
  for (std::size_t i = 0; i < nup && r.ok(); ++i) {
    std::uint8_t instack = r.byte();
    std::uint8_t idx = r.byte();
    r.byte();  // kind
    Origin o = Origin::Call;
    if (!parent)
      o = Origin::Env;  // the main chunk's one upvalue is _ENV
    else if (instack)  // a local of the parent; only the main chunk has line 0
      o = parent->line_defined == 0 ? Origin::Module : Origin::Call;
    else if (idx < parent->upvalues.size())
      o = parent->upvalues[idx];
    p.upvalues.push_back(o);
  }

  std::size_t nprotos = r.size();
  for (std::size_t i = 0; i < nprotos && r.ok(); ++i) read_function(r, &p, out);

  std::size_t nlines = r.size();
  for (std::size_t i = 0; i < nlines && r.ok(); ++i) p.line_info.push_back(static_cast<std::int8_t>(r.byte()));
  std::size_t nabs = r.size();
  for (std::size_t i = 0; i < nabs && r.ok(); ++i) {
    int pc = static_cast<int>(r.size());
    int line = static_cast<int>(r.size());
    p.abs_line_info.emplace_back(pc, line);
  }
  std::size_t nloc = r.size();
  for (std::size_t i = 0; i < nloc && r.ok(); ++i) {
    std::string name = r.string();
    int start = static_cast<int>(r.size());
    r.size();
    p.locals.emplace_back(std::move(name), start);
  }
  std::size_t nnames = r.size();
  for (std::size_t i = 0; i < nnames && r.ok(); ++i) p.upvalue_names.push_back(r.string());
  if (!r.ok()) return;

  const bool main = parent == nullptr;
  auto name_of = [&](std::size_t up) { return up < p.upvalue_names.size() ? p.upvalue_names[up] : std::string("?"); };
  for (std::size_t pc = 0; pc < p.code.size(); ++pc) {
    const std::uint32_t ins = p.code[pc];
    const unsigned op = ins & 0x7f;
    const std::size_t a = (ins >> 7) & 0xff;
    const std::size_t b = (ins >> 16) & 0xff;
    if (op == kOpSetUpval && b < p.upvalues.size() && p.upvalues[b] != Origin::Call) {
      out.push_back({p.line_at(pc), p.upvalues[b] == Origin::Env
                                        ? std::string("assignment to _ENV: policies cannot replace their globals")
                                        : "assignment to '" + name_of(b) +
                                              "', a local of the policy's top level: policies cannot keep state "
                                              "between calls (make it a local of the function)"});
    } else if (op == kOpGetUpval && b < p.upvalues.size() && p.upvalues[b] == Origin::Env) {
      out.push_back({p.line_at(pc), "use of _ENV: policies read globals by name only"});
    } else if (op == kOpSetTabUp && !main && a < p.upvalues.size() && p.upvalues[a] == Origin::Env) {
      // (The same instruction on a top-level table is a field write: those
      // tables are frozen after load and refuse it at run time.)
      const std::string key = b < p.constants.size() ? p.constants[b] : std::string();
      out.push_back({p.line_at(pc), "assignment to global '" + key +
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
  Reader r(dump);
  std::string_view sig = r.bytes(4);
  if (!r.ok() || sig != "\x1bLua") {
    error = "not a Lua chunk";
    return false;
  }
  if (r.byte() != kVersion || r.byte() != kFormat) {
    error = "not a Lua 5.4 chunk";
    return false;
  }
  r.skip(6);  // LUAC_DATA
  std::uint8_t ins = r.byte(), isz = r.byte(), nsz = r.byte();
  if (ins != 4 || isz != 8 || nsz != 8) {
    error = "unexpected sizes in the chunk header";
    return false;
  }
  r.skip(16);  // LUAC_INT, LUAC_NUM
  r.byte();    // main upvalue count
  read_function(r, nullptr, out);
  if (!r.ok()) {
    error = "truncated chunk";
    return false;
  }
  return true;
}

}  // namespace grinder::lua
