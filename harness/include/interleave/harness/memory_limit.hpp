// interleave/harness/memory_limit.hpp: how much memory each item's process may use.
//
// The memory limit bounds each child's address space (what `ulimit -v` bounds, an upper bound
// on the memory it uses). The parent reads each child's size every 50 ms and kills a child that
// reaches the limit: "exceeded the memory limit of 2.0 GiB (its address space reached 2.0 GiB;
// killed)".
// A child that grows faster than that meets RLIMIT_AS, set at twice the limit: its allocation
// fails (std::bad_alloc, or a null pointer and a segfault), and since its address space was
// then already past the limit (or the one request was larger than the limit), it is reported
// the same way. Sanitizer builds reserve terabytes of address space for themselves, so there
// the limit is not enforced (memory_limit_enforced is false).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace interleave::harness {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool memory_limit_enforced = false;
#else
inline constexpr bool memory_limit_enforced = true;
#endif

// The smallest memory limit accepted: below it a child cannot even start a simulation.
inline constexpr std::uint64_t min_memory_limit = std::uint64_t{128} << 20;
// The default memory limit: three quarters of the machine's memory shared by `jobs` children,
// and never below min_memory_limit.
[[nodiscard]] std::uint64_t default_memory_limit(unsigned jobs);
// The largest: the kernel's backstop is set at twice the limit (runner.hpp), which must not wrap.
inline constexpr std::uint64_t max_memory_limit = std::uint64_t{1} << 62;
// "512 MiB", "2.0 GiB": the one wording of a size in messages.
[[nodiscard]] std::string memory_size_text(std::uint64_t bytes);

}  // namespace interleave::harness
