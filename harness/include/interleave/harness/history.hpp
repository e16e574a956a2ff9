// interleave/harness/history.hpp: Relacy's execution history, parsed once into steps.
//
// Relacy prints a failing execution as lines of the form
//   [11] 1: <0x55c0a1b2> atomic load, value=1, order=relaxed, in lock, lib/.../mutex.hpp(88)
//   [12] 1: DATA RACE (data race detected), in thread, models/mutex.cpp(40)
// followed by the same steps grouped per thread. parse_history reads the first, interleaved
// listing; every renderer works from its result, never from the text.
#pragma once

#include <string_view>
#include <vector>

#include "interleave/harness/result.hpp"

namespace interleave::harness {

// The steps of the "execution history" block of a Relacy report, in execution order.
// Lines that are not steps are skipped; an absent block gives an empty vector.
[[nodiscard]] std::vector<Step> parse_history(std::string_view relacy_output);

// What the step with this operation on a line of this file is (StepKind, result.hpp): a line of
// Relacy's headers is one in an absolute path with a `relacy` folder (/usr/include/relacy/ on
// Debian; the project's own files are named relative to its root), and a marker there is a
// bracketed operation ("[THREAD FINISHED]").
[[nodiscard]] StepKind classify_step(std::string_view operation, std::string_view file) noexcept;

// "void interleave::Mutex<T, B>::lock() [with T = int; ...]" -> "Mutex::lock".
[[nodiscard]] std::string short_function_name(std::string_view pretty);

}  // namespace interleave::harness
