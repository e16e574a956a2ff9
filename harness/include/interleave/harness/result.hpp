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
// crash             the item's process died on a signal or exited without a verdict
// error             the item threw, or could not be run
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
[[nodiscard]] Outcome classify(const Expectation& expected, const Verdict& v) noexcept;

struct Result {
  std::string id;
  Kind kind = Kind::model;
  int threads = 0;
  Expectation expected = Expectation::pass();
  std::string description;
  std::string file;         // where the item was registered
  unsigned line = 0;
  SearchSettings settings;  // what was actually run
  Outcome outcome = Outcome::error;
  Verdict verdict;          // empty for timeout / crash / error
  std::string message;      // what went wrong for timeout / crash / error
  double seconds = 0;
  std::string replay;       // a command that reproduces this result
};

}  // namespace interleave::harness
