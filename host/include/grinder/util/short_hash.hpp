#pragma once
// A hash for short strings (ids, symbols, gate names, reasons: mostly 4 to 30
// bytes), computed inline. On the paths that look such names up per order
// or per denial, std::hash's out-of-line byte loop cost more than the
// lookup it served. Words are read whole (the last one overlapping when the
// length is not a multiple of 8) and folded by 128-bit multiplication. Not
// for untrusted keys where collisions would be an attack: there is no seed.
#include <cstdint>
#include <cstring>
#include <string_view>

namespace grinder::util {

namespace short_hash_detail {

inline std::uint64_t load64(const unsigned char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline std::uint64_t load32(const unsigned char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
  const unsigned __int128 m = static_cast<unsigned __int128>(a) * b;
  return static_cast<std::uint64_t>(m) ^ static_cast<std::uint64_t>(m >> 64);
}

}  // namespace short_hash_detail

inline std::uint64_t short_hash(std::string_view s, std::uint64_t seed = 0) {
  using namespace short_hash_detail;
  constexpr std::uint64_t k0 = 0xa0761d6478bd642full, k1 = 0xe7037ed1a0b428dbull, k2 = 0x8ebc6af09c88c6e3ull;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::uint64_t h = seed ^ k0 ^ n;
  std::uint64_t a = 0, b = 0;
  if (n >= 8) {
    std::size_t i = 0;
    for (; i + 8 < n; i += 8) h = mix(h ^ load64(p + i), k1);
    a = load64(p + n - 8);
  } else if (n >= 4) {
    a = load32(p);
    b = load32(p + n - 4);
  } else if (n > 0) {
    a = (std::uint64_t{p[0]} << 16) | (std::uint64_t{p[n >> 1]} << 8) | p[n - 1];
  }
  return mix(h ^ a ^ k2, b ^ k1);
}

}  // namespace grinder::util
