// interleave/harness/result.hpp: the outcome of running one item, as every renderer sees it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "interleave/harness/registry.hpp"

namespace interleave::harness {

// pass              expected to pass, and no defect was found
// expected-failure  expected to fail with D, and failed with D
// fail              a defect nobody expected (or a different one than expected)
// unexpected-pass   expected to fail, and the search found nothing
// timeout           the item's process ran past --timeout and was killed
// crash             the item's process died on a signal, exited without a verdict, or
//                   exceeded the memory limit
// error             the item threw, could not be run, or its search explored nothing
// not-run           the item was selected but never ran (an interrupted run, a partial merge)
enum class Outcome { pass, expected_failure, fail, unexpected_pass, timeout, crash, error, not_run };

inline constexpr Outcome all_outcomes[] = {Outcome::pass,    Outcome::expected_failure,
                                           Outcome::fail,    Outcome::unexpected_pass,
                                           Outcome::timeout, Outcome::crash,
                                           Outcome::error,   Outcome::not_run};

[[nodiscard]] std::string_view to_string(Outcome o) noexcept;
// Whether the outcome is what the item's registration said it would be.
[[nodiscard]] constexpr bool as_expected(Outcome o) noexcept {
  return o == Outcome::pass || o == Outcome::expected_failure;
}
// A verdict from a search that explored nothing (no execution, so no scenario either) is never
// a pass: classify() makes it an `error`, whose message is `nothing_explored`.
[[nodiscard]] constexpr bool explored_nothing(const Verdict& v) noexcept {
  return v.defect.empty() && v.iterations == 0;
}
inline constexpr std::string_view nothing_explored = "the search explored no execution";
// Whether the item's search ran to a verdict (a result of the four outcomes classify gives);
// timeout, crash and error have none, so no search end either.
[[nodiscard]] constexpr bool has_verdict(Outcome o) noexcept {
  return o == Outcome::pass || o == Outcome::expected_failure || o == Outcome::fail ||
         o == Outcome::unexpected_pass;
}
[[nodiscard]] Outcome classify(const Expectation& expected, const Verdict& v) noexcept;

struct Result {
  std::string id;
  Kind kind = Kind::model;
  int threads = 0;
  Expectation expected = Expectation::pass();
  std::string description;
  std::string file;         // where the item was registered
  unsigned line = 0;
  // A negative control that injects its fault into the library (it has a twin: Entry).
  bool injects_fault = false;
  // A twin (`interleave run --prove-controls`): the id of the control it is the twin of.
  std::string twin_of;
  SearchSettings settings;  // what was actually run
  Outcome outcome = Outcome::error;
  Verdict verdict;          // empty for timeout / crash / error
  std::string message;      // what went wrong for timeout / crash / error
  double seconds = 0;
  std::string replay;       // a command that reproduces this result
};

// Every text field of `v` / `r` as valid UTF-8 (see utf8.hpp): what a model, Relacy or a
// registration wrote may be any bytes, and every report must still be written.
void make_valid_utf8(Verdict& v);
void make_valid_utf8(Result& r);

}  // namespace interleave::harness
