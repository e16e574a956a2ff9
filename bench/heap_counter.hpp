// bench/heap_counter.hpp: live and peak heap bytes, counted by the benchmark program's own
// global operator new/delete (heap_counter.cpp replaces every form of them).
//
// Counting is off unless a heap_counter::scope is alive, so the throughput benchmarks pay only
// a relaxed load per allocation; while on, every allocation adds its usable size (glibc's
// malloc_usable_size, so new and delete agree on the size without a header) to `live`, every
// deallocation subtracts it, and `peak` keeps the largest `live` seen. Only allocations that go
// through operator new are seen: oneTBB's queue (cache_aligned_allocator) and moodycamel's
// queue (std::malloc) bypass it, which is why the memory benchmark does not report them.
#pragma once

#include <cstdint>

namespace interleave_bench::heap_counter {

// Bytes allocated through operator new while counting, minus those freed while counting.
std::int64_t live() noexcept;
// The largest value live() has had since the last reset_peak().
std::int64_t peak() noexcept;
void reset_peak() noexcept;

// Counting is on while one of these lives (one at a time; not for concurrent use).
class scope {
 public:
  scope() noexcept;
  ~scope();
  scope(const scope&) = delete;
  scope& operator=(const scope&) = delete;
};

}  // namespace interleave_bench::heap_counter
