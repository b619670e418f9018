#include "snapshot_json_scan.hpp"

#include <cstdint>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <rapidjson/reader.h>

#include "snapshot_json_reader.hpp"

namespace grinder::plugin::snapshot_json {

namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

char* skip_space(char* p) {
  while (is_space(*p)) ++p;
  return p;
}

// The closing quote of the string whose text starts at `p`; nullptr at a
// backslash or a control character (the NUL that ends the text among them).
char* closing_quote(char* p) {
#if defined(__SSE2__)
  // Sixteen bytes per step: most strings here (keys, ids, decimals) end
  // within one or two. Unaligned loads, so no byte-by-byte lead-in; the
  // padding after the text keeps the last load inside the buffer.
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control = _mm_set1_epi8(0x1F);
  for (;; p += 16) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(c, quote), _mm_cmpeq_epi8(c, backslash)),
                                      _mm_cmpeq_epi8(_mm_max_epu8(c, control), control));  // c <= 0x1F
    if (const int mask = _mm_movemask_epi8(stop)) {
      p += __builtin_ctz(static_cast<unsigned>(mask));
      break;
    }
  }
#else
  while (*p != '"' && *p != '\\' && static_cast<unsigned char>(*p) >= 0x20) ++p;
#endif
  return *p == '"' ? p : nullptr;
}

// The numbers the scan leaves to rapidjson, passed on to the document's
// handler as rapidjson reads them; anything else is not a number here.
struct NumberForward : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, NumberForward> {
  explicit NumberForward(DocumentReader& h) : to(h) {}
  bool Default() { return false; }
  bool Int(int i) { return to.Int(i); }
  bool Uint(unsigned u) { return to.Uint(u); }
  bool Int64(std::int64_t i) { return to.Int64(i); }
  bool Uint64(std::uint64_t u) { return to.Uint64(u); }
  bool Double(double d) { return to.Double(d); }
  DocumentReader& to;
};

class Scanner {
 public:
  explicit Scanner(DocumentReader& h) : h_(h) { open_.reserve(16); }

  bool run(char* text);

 private:
  struct Open {
    bool object;
    rapidjson::SizeType count;  // members or elements so far
  };

  // At the opening quote of a member's name: the name, the colon, and the
  // space up to its value.
  char* key(char* p) {
    if (*p != '"') return nullptr;
    char* end = closing_quote(p + 1);
    if (!end) return nullptr;
    *end = '\0';  // as rapidjson's in-situ parse leaves it
    h_.Key(p + 1, static_cast<rapidjson::SizeType>(end - p - 1), false);
    p = skip_space(end + 1);
    return *p == ':' ? skip_space(p + 1) : nullptr;
  }

  // A plain integer of up to 18 digits is read here: its value tells the
  // handler all that rapidjson's choice among Int, Uint, Int64 and Uint64
  // would. Fractions, exponents and longer integers go to rapidjson, so they
  // round exactly as it rounds them.
  char* number(char* p) {
    char* q = p + (*p == '-');
    if (!is_digit(*q) || (*q == '0' && is_digit(q[1]))) return nullptr;  // "01" is an error, said by rapidjson
    const char* digits = q;
    std::uint64_t v = 0;
    while (is_digit(*q) && q - digits < 18) v = v * 10 + static_cast<std::uint64_t>(*q++ - '0');
    if (!is_digit(*q) && *q != '.' && *q != 'e' && *q != 'E') {
      if (*p == '-')
        h_.Int64(-static_cast<std::int64_t>(v));
      else
        h_.Uint64(v);
      return q;
    }
    rapidjson::InsituStringStream in(p);
    NumberForward forward(h_);
    numbers_.Parse<rapidjson::kParseInsituFlag | rapidjson::kParseStopWhenDoneFlag>(in, forward);
    return numbers_.HasParseError() ? nullptr : p + in.Tell();
  }

  static bool literal(const char* p, const char* word, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      if (p[i] != word[i]) return false;
    return true;
  }

  DocumentReader& h_;
  std::vector<Open> open_;
  rapidjson::Reader numbers_;
};

bool Scanner::run(char* text) {
  char* p = skip_space(text);
  for (;;) {
    // At a value; in an object, its name and colon are behind.
    switch (*p) {
      case '"': {
        char* end = closing_quote(p + 1);
        if (!end) return false;
        *end = '\0';
        h_.String(p + 1, static_cast<rapidjson::SizeType>(end - p - 1), false);
        p = end + 1;
        break;
      }
      case '{':
        h_.StartObject();
        p = skip_space(p + 1);
        if (*p == '}') {
          h_.EndObject(0);
          ++p;
          break;
        }
        open_.push_back({true, 0});
        if (!(p = key(p))) return false;
        continue;
      case '[':
        h_.StartArray();
        p = skip_space(p + 1);
        if (*p == ']') {
          h_.EndArray(0);
          ++p;
          break;
        }
        open_.push_back({false, 0});
        continue;
      case 't':
        if (!literal(p, "true", 4)) return false;
        h_.Bool(true);
        p += 4;
        break;
      case 'f':
        if (!literal(p, "false", 5)) return false;
        h_.Bool(false);
        p += 5;
        break;
      case 'n':
        if (!literal(p, "null", 4)) return false;
        h_.Null();
        p += 4;
        break;
      default:
        if (!(p = number(p))) return false;
        break;
    }
    // A value ended: the containers it closes, then the next value.
    for (;;) {
      p = skip_space(p);
      if (open_.empty()) return *p == '\0';  // nothing after the root but space
      Open& in = open_.back();
      ++in.count;
      if (*p == ',') {
        p = skip_space(p + 1);
        if (in.object && !(p = key(p))) return false;
        break;
      }
      if (*p != (in.object ? '}' : ']')) return false;
      if (in.object)
        h_.EndObject(in.count);
      else
        h_.EndArray(in.count);
      open_.pop_back();
      ++p;
    }
  }
}

}  // namespace

bool scan_document(char* text, DocumentReader& handler) { return Scanner(handler).run(text); }

}  // namespace grinder::plugin::snapshot_json
