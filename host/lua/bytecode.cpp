#include "bytecode.hpp"

#include <lua.hpp>

#include <cstring>

namespace grinder::lua::bytecode {

namespace {

constexpr std::uint8_t kVersion = 0x54;
constexpr std::uint8_t kFormat = 0;
constexpr std::int8_t kAbsLineInfo = -0x80;
constexpr std::uint8_t kTagFloat = 3 | (1 << 4);
constexpr std::uint8_t kTagInt = 3;
constexpr std::uint8_t kTagShortString = 4;
constexpr std::uint8_t kTagLongString = 4 | (1 << 4);
// Functions nest at most this deep in a chunk the reader accepts: the
// compiler stops far earlier (LUAI_MAXCCALLS), this only bounds recursion.
constexpr int kMaxDepth = 200;

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
  // Counts read from the chunk are trusted only as far as the bytes left.
  bool plausible(std::size_t count) {
    if (count <= d_.size() - pos_) return true;
    fail();
    return false;
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

void read_function(Reader& r, Proto& p, int depth) {
  if (depth > kMaxDepth) {
    r.skip(~std::size_t{0});  // fails the reader
    return;
  }
  r.string();  // source
  p.line_defined = static_cast<int>(r.size());
  r.size();  // last line
  p.num_params = r.byte();
  p.is_vararg = r.byte() != 0;
  r.byte();  // stack size
  std::size_t ncode = r.size();
  if (!r.plausible(ncode)) return;
  std::string_view code = r.bytes(ncode * 4);
  if (!r.ok()) return;
  p.code.resize(ncode);
  for (std::size_t i = 0; i < ncode; ++i) std::memcpy(&p.code[i], code.data() + i * 4, 4);

  std::size_t nk = r.size();
  if (!r.plausible(nk)) return;
  for (std::size_t i = 0; i < nk && r.ok(); ++i) {
    std::uint8_t tag = r.byte();
    p.constants.emplace_back();
    p.constant_is_string.push_back(false);
    if (tag == kTagFloat || tag == kTagInt) {
      r.skip(8);
    } else if (tag == kTagShortString || tag == kTagLongString) {
      p.constants.back() = r.string();
      p.constant_is_string.back() = true;
    }
  }

  std::size_t nup = r.size();
  if (!r.plausible(nup)) return;
  for (std::size_t i = 0; i < nup && r.ok(); ++i) {
    Upvalue u;
    u.in_stack = r.byte() != 0;
    u.idx = r.byte();
    r.byte();  // kind
    p.upvalues.push_back(u);
  }

  std::size_t nprotos = r.size();
  if (!r.plausible(nprotos)) return;
  p.protos.resize(nprotos);
  for (std::size_t i = 0; i < nprotos && r.ok(); ++i) read_function(r, p.protos[i], depth + 1);

  std::size_t nlines = r.size();
  if (!r.plausible(nlines)) return;
  for (std::size_t i = 0; i < nlines && r.ok(); ++i) p.line_info.push_back(static_cast<std::int8_t>(r.byte()));
  std::size_t nabs = r.size();
  if (!r.plausible(nabs)) return;
  for (std::size_t i = 0; i < nabs && r.ok(); ++i) {
    int pc = static_cast<int>(r.size());
    int line = static_cast<int>(r.size());
    p.abs_line_info.emplace_back(pc, line);
  }
  std::size_t nloc = r.size();
  if (!r.plausible(nloc)) return;
  for (std::size_t i = 0; i < nloc && r.ok(); ++i) {
    std::string name = r.string();
    int start = static_cast<int>(r.size());
    r.size();
    p.locals.emplace_back(std::move(name), start);
  }
  std::size_t nnames = r.size();
  if (!r.plausible(nnames)) return;
  for (std::size_t i = 0; i < nnames && r.ok(); ++i) p.upvalue_names.push_back(r.string());
}

}  // namespace

int Proto::line_at(std::size_t pc) const {
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

const std::string& Proto::string_constant(std::size_t k) const {
  static const std::string none;
  return k < constants.size() && constant_is_string[k] ? constants[k] : none;
}

bool read_chunk(std::string_view dump, Proto& main, std::string& error) {
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
  main = Proto{};
  read_function(r, main, 0);
  if (!r.ok()) {
    error = "truncated chunk";
    return false;
  }
  return true;
}

namespace {

int append_dump(lua_State*, const void* p, std::size_t n, void* ud) {
  try {
    static_cast<std::string*>(ud)->append(static_cast<const char*>(p), n);
    return 0;
  } catch (...) {
    return 1;
  }
}

}  // namespace

bool dump_function(lua_State* L, std::string& out) { return lua_dump(L, &append_dump, &out, 0) == 0; }

}  // namespace grinder::lua::bytecode
