#include "interleave/harness/parse.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <system_error>

#include <fmt/format.h>

namespace interleave::harness {

namespace {

// The text as a message quotes it: whole when short, else its start and its length, so a
// 40,000-character value does not become a 40,000-character message.
std::string shown(std::string_view text) {
  constexpr std::size_t most = 40;
  std::string out;
  for (char c : text.substr(0, most))  // control characters would garble a terminal
    out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? '?' : c;
  if (text.size() > most) out += fmt::format("... ({} characters)", text.size());
  return out;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

// The digits as a number, or nothing if it exceeds 2^64-1.
std::optional<std::uint64_t> digits_value(std::string_view digits) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return v;
}

}  // namespace

Parsed<std::uint64_t> parse_count(std::string_view text, std::string_view what, std::uint64_t min,
                                  std::uint64_t max) {
  const auto wrong = [&] {
    return std::unexpected(
        fmt::format("{} '{}': must be a whole number from {} to {}", what, shown(text), min, max));
  };
  if (!all_digits(text)) return wrong();
  const auto v = digits_value(text);
  if (!v || *v < min || *v > max) return wrong();
  return *v;
}

namespace {

// A finite decimal number: digits, one optional '.', an optional exponent. from_chars alone
// would also take "nan", "inf" and "infinity".
std::optional<double> decimal(std::string_view text) {
  std::size_t i = 0, digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (i == text.size()) return std::nullopt;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  }
  if (i != text.size()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  // out of range: too large for a double, or so small it underflows
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

}  // namespace

Parsed<double> parse_seconds(std::string_view text, std::string_view what, double max) {
  const auto v = decimal(text);
  if (!v || !(*v >= min_seconds) || *v > max)
    return std::unexpected(fmt::format("{} '{}': must be a number of seconds from {:g} to {:g}",
                                       what, shown(text), min_seconds, max));
  return *v;
}

Parsed<double> parse_percent(std::string_view text, std::string_view what) {
  const auto v = decimal(text);
  if (!v || *v > 100)
    return std::unexpected(
        fmt::format("{} '{}': must be a percentage from 0 to 100", what, shown(text)));
  return *v;
}

Parsed<std::uint64_t> parse_size(std::string_view text, std::string_view what, std::uint64_t min,
                                 std::uint64_t max) {
  const auto wrong = [&] {
    return std::unexpected(fmt::format(
        "{} '{}': must be a number of bytes from {} to {}, optionally with a unit K, M, G or T "
        "(powers of 1024, e.g. 512M or 1.5G)",
        what, shown(text), min, max));
  };
  // Whole digits, then an optional fraction ("1.5G"), then the unit; computed exactly in 128
  // bits and rounded down to a byte, so no spelling wraps or loses a digit silently.
  std::size_t end = 0;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  const auto whole = digits_value(text.substr(0, end));
  if (end == 0 || !whole) return wrong();
  std::string_view fraction;
  if (end < text.size() && text[end] == '.') {
    std::size_t f = end + 1;
    while (f < text.size() && text[f] >= '0' && text[f] <= '9') ++f;
    fraction = text.substr(end + 1, f - end - 1);
    if (fraction.empty() || fraction.size() > 18) return wrong();
    end = f;
  }
  std::string_view unit = text.substr(end);
  unsigned shift = 0;
  if (!unit.empty()) {
    switch (unit.front()) {
      case 'k':
      case 'K': shift = 10; break;
      case 'm':
      case 'M': shift = 20; break;
      case 'g':
      case 'G': shift = 30; break;
      case 't':
      case 'T': shift = 40; break;
      default: return wrong();
    }
    unit.remove_prefix(1);
    if (unit != "" && unit != "B" && unit != "iB") return wrong();
  }
  unsigned __int128 scaled = static_cast<unsigned __int128>(*whole) << shift;
  if (!fraction.empty()) {
    unsigned __int128 denominator = 1;
    for (std::size_t i = 0; i < fraction.size(); ++i) denominator *= 10;
    scaled += (static_cast<unsigned __int128>(*digits_value(fraction)) << shift) / denominator;
  }
  if (scaled > UINT64_MAX) return wrong();
  const auto bytes = static_cast<std::uint64_t>(scaled);
  if (bytes < min || bytes > max) return wrong();
  return bytes;
}

Parsed<std::string> parse_choice(std::string_view text, std::string_view what,
                                 std::initializer_list<std::string_view> choices) {
  for (std::string_view c : choices)
    if (text == c) return std::string(c);
  return std::unexpected(
      fmt::format("{} '{}': must be one of {}", what, shown(text), fmt::join(choices, ", ")));
}

Parsed<Shard> parse_shard(std::string_view text, std::string_view what) {
  const auto wrong = [&] {
    return std::unexpected(fmt::format(
        "{} '{}': must be I/N, shard I of N, whole numbers with 0 <= I < N <= {} (e.g. 0/4)", what,
        shown(text), max_shards));
  };
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return wrong();
  const std::string_view i = text.substr(0, slash), n = text.substr(slash + 1);
  if (!all_digits(i) || !all_digits(n)) return wrong();
  const auto index = digits_value(i), total = digits_value(n);
  if (!index || !total || *total == 0 || *total > max_shards || *index >= *total) return wrong();
  return Shard{*index, *total};
}

Parsed<Shard> parse_shard_pair(std::string_view index, std::string_view total) {
  const auto n = parse_count(total, "GTEST_TOTAL_SHARDS", 1, max_shards);
  if (!n) return std::unexpected(n.error());
  const auto i = parse_count(index, "GTEST_SHARD_INDEX", 0, *n - 1);
  if (!i) return std::unexpected(fmt::format("{} (GTEST_TOTAL_SHARDS is {})", i.error(), *n));
  return Shard{*i, *n};
}

}  // namespace interleave::harness
