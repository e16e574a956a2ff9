// interleave/harness/parse.hpp: the values a person types, on the command line or in an
// environment variable, each parsed over its whole range. Plain C++: safe to include anywhere.
//
// Every function reads the whole text and returns the value, or the message a person reads:
// it names `what` (the option or the variable: "--iterations", "INTERLEAVE_TIMEOUT") and the
// allowed range in words, e.g.
//   --iterations '0': must be a whole number from 1 to 1099511627776
// Nothing is turned into a different number: a sign ("-1", "+1"), a fraction or an exponent
// where a whole number is wanted ("1.5", "1e3"), a base prefix ("0x10"), blanks (" 5", "5 "),
// "nan" and "inf", and digit strings past the range are all rejected, never wrapped, truncated
// or saturated. Leading zeros are accepted ("007" is 7): the value is still exact.
//
// These are the one place where the command line's numbers are converted (CLI11 binds them as
// text; its own conversions wrap "-1" into 2^64-1). An option added later uses them too.
#pragma once

#include <cstdint>
#include <expected>
#include <initializer_list>
#include <string>
#include <string_view>

namespace interleave::harness {

// A value, or the message naming what was wrong with the text it came from.
template <class T>
using Parsed = std::expected<T, std::string>;

// A whole number from `min` to `max` (decimal digits only).
[[nodiscard]] Parsed<std::uint64_t> parse_count(std::string_view text, std::string_view what,
                                                std::uint64_t min, std::uint64_t max);

// A number of seconds from min_seconds (a millisecond) to `max` (decimal, with an optional
// fraction and exponent: "90", "0.5", "1e3").
inline constexpr double min_seconds = 0.001;
[[nodiscard]] Parsed<double> parse_seconds(std::string_view text, std::string_view what,
                                           double max);

// A percentage from 0 to 100 (decimal, as for seconds: "95", "97.5").
[[nodiscard]] Parsed<double> parse_percent(std::string_view text, std::string_view what);

// A number of bytes from `min` to `max`: decimal digits, an optional fraction, and an optional
// unit K, M, G or T (powers of 1024; "KiB", "K" and "KB" are the same), e.g. "512M", "1.5G",
// "1048576". A fraction of a byte is dropped.
[[nodiscard]] Parsed<std::uint64_t> parse_size(std::string_view text, std::string_view what,
                                               std::uint64_t min, std::uint64_t max);

// One of `choices` exactly (case-sensitive).
[[nodiscard]] Parsed<std::string> parse_choice(std::string_view text, std::string_view what,
                                               std::initializer_list<std::string_view> choices);

// Shard I of N: "I/N" with 0 <= I < N <= max_shards.
inline constexpr std::uint64_t max_shards = 1'000'000;
struct Shard {
  std::uint64_t index = 0;
  std::uint64_t total = 1;
  friend bool operator==(const Shard&, const Shard&) = default;
};
[[nodiscard]] Parsed<Shard> parse_shard(std::string_view text, std::string_view what);
// The same from GoogleTest's pair of variables (GTEST_SHARD_INDEX, GTEST_TOTAL_SHARDS), each
// message naming the variable that is wrong.
[[nodiscard]] Parsed<Shard> parse_shard_pair(std::string_view index, std::string_view total);

}  // namespace interleave::harness
