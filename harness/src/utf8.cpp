#include "interleave/harness/utf8.hpp"

namespace interleave::harness {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// The length of the well-formed sequence at the start of `s` (Unicode table 3-7), or 0 if the
// sequence is ill-formed; then `*subpart` is the length of its maximal ill-formed subpart (at
// least 1): the bytes that one U+FFFD replaces.
std::size_t well_formed(std::string_view s, std::size_t* subpart) noexcept {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = b(0);
  if (lead < 0x80) return 1;
  std::size_t need = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF)
    need = 1;
  else if (lead == 0xE0)
    need = 2, lo = 0xA0;
  else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF)
    need = 2;
  else if (lead == 0xED)
    need = 2, hi = 0x9F;  // no surrogates
  else if (lead == 0xF0)
    need = 3, lo = 0x90;
  else if (lead >= 0xF1 && lead <= 0xF3)
    need = 3;
  else if (lead == 0xF4)
    need = 3, hi = 0x8F;  // nothing past U+10FFFF
  else {
    *subpart = 1;
    return 0;
  }
  for (std::size_t i = 1; i <= need; ++i) {
    const bool ok = i < s.size() && b(i) >= (i == 1 ? lo : 0x80) && b(i) <= (i == 1 ? hi : 0xBF);
    if (!ok) {
      *subpart = i;
      return 0;
    }
  }
  return need + 1;
}

}  // namespace

bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t bad = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = well_formed(s.substr(i), &bad);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string valid_utf8(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  std::size_t bad = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = well_formed(s.substr(i), &bad);
    if (n > 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out.append(replacement);
      i += bad;
    }
  }
  return out;
}

std::string utf8_tail(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return valid_utf8(s);
  // A cut inside a character leaves up to three continuation bytes at the front: drop them, so
  // the tail starts on a character boundary instead of with replacement characters.
  std::string_view rest = s.substr(s.size() - max_bytes);
  std::size_t from = 0;
  while (from < rest.size() && from < 3 && (static_cast<unsigned char>(rest[from]) & 0xC0) == 0x80)
    ++from;
  return "..." + valid_utf8(rest.substr(from));
}

}  // namespace interleave::harness
