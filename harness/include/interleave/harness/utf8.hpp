// interleave/harness/utf8.hpp: text from a model made safe for every report.
//
// A model's output, Relacy's history, an exception's what() and a registration's description
// are bytes, not text: a crashing model may print anything, and a kept tail may cut a
// multi-byte character in half. Every such string passes through valid_utf8() before it enters
// a Result, so that every renderer (JSON above all, whose writer refuses invalid UTF-8) can
// write it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace interleave::harness {

// `s` with every ill-formed sequence replaced by U+FFFD, one per maximal ill-formed subpart
// (Unicode's "substitution of maximal subparts", as browsers decode): valid text is unchanged.
[[nodiscard]] std::string valid_utf8(std::string_view s);
[[nodiscard]] bool is_valid_utf8(std::string_view s) noexcept;

// The last `max_bytes` bytes of `s` at most, as valid UTF-8 starting on a character boundary,
// with "..." in front when something was cut.
[[nodiscard]] std::string utf8_tail(std::string_view s, std::size_t max_bytes);

}  // namespace interleave::harness
