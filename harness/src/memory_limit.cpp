#include "interleave/harness/memory_limit.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>

#include <fmt/format.h>

namespace interleave::harness {

std::uint64_t default_memory_limit(unsigned jobs) {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return std::uint64_t{4} << 30;  // unknown: a modest guess
  const std::uint64_t machine = static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
  return std::max(min_memory_limit, machine / 4 * 3 / std::max(1u, jobs));
}

std::optional<std::uint64_t> parse_memory_size(std::string_view text) {
  static const std::regex form(R"(\s*(\d+(\.\d+)?)\s*([kmgt]?)(i?b)?\s*)", std::regex::icase);
  std::cmatch m;
  if (!std::regex_match(text.begin(), text.end(), m, form)) return std::nullopt;
  const double number = std::stod(m[1].str());
  int shift = 0;
  if (m[3].length() > 0) {
    switch (std::tolower(static_cast<unsigned char>(m[3].str()[0]))) {
      case 'k': shift = 10; break;
      case 'm': shift = 20; break;
      case 'g': shift = 30; break;
      case 't': shift = 40; break;
    }
  }
  const double bytes = std::ldexp(number, shift);
  if (!(bytes < 0x1p63)) return std::nullopt;
  return static_cast<std::uint64_t>(bytes);
}

std::string memory_size_text(std::uint64_t bytes) {
  constexpr std::uint64_t mib = std::uint64_t{1} << 20, gib = std::uint64_t{1} << 30;
  if (bytes >= gib) return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / gib);
  if (bytes >= mib) return fmt::format("{:.0f} MiB", static_cast<double>(bytes) / mib);
  return fmt::format("{} KiB", (bytes + 1023) / 1024);
}

}  // namespace interleave::harness
