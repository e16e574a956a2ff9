// harness/src/child.hpp: the child side of the runner (runner.cpp forks; this runs the item).
// Internal to the harness; not installed.
//
// The child writes one JSON object to the verdict pipe, which the parent reads (runner.cpp):
//   a Verdict (verdict_to_json: its form in result_json.hpp) the item ran
//   {"error": MESSAGE}                                      it threw, or its model did
//   {"error": MESSAGE, "out_of_memory": WHERE,              an allocation failed under the
//    "peak_address_space": BYTES}                           memory limit
//   {"peak_address_space": BYTES}                           written by a fatal-signal handler
//                                                           just before the child dies of it
//   {"pieces": [STATE, ...]}                                asked to divide the item, it did:
//                                                           the pieces to search (division.hpp)
// Its output (stdout and stderr) goes to the output pipe.
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "interleave/harness/runner.hpp"

namespace interleave::harness::detail {

// How a child is set up. `address_space_limit` is the RLIMIT_AS backstop (0: none); with it the
// child also reports allocation failures and its peak address space as above.
struct ChildSetup {
  pid_t parent = -1;  // the runner's process: the child dies with it
  int verdict_fd = -1;
  int output_fd = -1;
  std::uint64_t address_space_limit = 0;
  const StopSignals* stop = nullptr;
  // Non-zero: search the item for at most `divide_after` executions, and past them cut it into
  // at least `divide_into` pieces (division.hpp, search_or_divide).
  std::size_t divide_into = 0;
  std::uint64_t divide_after = 0;
};

[[noreturn]] void child_main(const Entry& e, const SearchSettings& s, const ChildSetup& setup);

// The largest address space this process has had (VmPeak), in bytes; 0 if unknown.
// Async-signal-safe.
std::uint64_t peak_address_space() noexcept;

}  // namespace interleave::harness::detail
