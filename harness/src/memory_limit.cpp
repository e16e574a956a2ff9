#include "interleave/harness/memory_limit.hpp"

#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

namespace interleave::harness {

std::uint64_t default_memory_limit(unsigned jobs) {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  if (pages <= 0 || page <= 0) return std::uint64_t{4} << 30;  // unknown: a modest guess
  const std::uint64_t machine =
      static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
  return std::max(min_memory_limit, machine / 4 * 3 / std::max(1u, jobs));
}

std::string memory_size_text(std::uint64_t bytes) {
  constexpr std::uint64_t mib = std::uint64_t{1} << 20, gib = std::uint64_t{1} << 30;
  if (bytes >= gib) return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / gib);
  if (bytes >= mib) return fmt::format("{:.0f} MiB", static_cast<double>(bytes) / mib);
  return fmt::format("{} KiB", (bytes + 1023) / 1024);
}

}  // namespace interleave::harness
