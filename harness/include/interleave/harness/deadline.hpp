// interleave/harness/deadline.hpp: a deadline from a number of seconds, computed so that it
// cannot overflow. Plain C++.
#pragma once

#include <chrono>
#include <cmath>

namespace interleave::harness {

// The time `seconds` after `from`, saturated: a budget longer than the clock can count (about
// 292 years of nanoseconds) is a deadline that never comes, not one that wrapped into the past.
// A budget that is not a positive number (0, negative, NaN) is a deadline already passed:
// callers check their settings first, and a bad one must never mean "no limit".
inline std::chrono::steady_clock::time_point deadline_after(
    double seconds, std::chrono::steady_clock::time_point from = std::chrono::steady_clock::now()) {
  using clock = std::chrono::steady_clock;
  if (!(seconds > 0)) return from;
  const std::chrono::duration<double> left =
      std::chrono::duration<double>(clock::time_point::max() - from);
  if (!(seconds < left.count())) return clock::time_point::max();
  return from + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds));
}

}  // namespace interleave::harness
