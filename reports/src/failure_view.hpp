// reports/src/failure_view.hpp: what the human-readable reports (summary.md, report.html) say
// the same way: counts per outcome, how a search went, which results get a section of their own
// and in what order, and which interleaving steps are Relacy's own bookkeeping.
// Internal to the renderers; not installed.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "interleave/harness/result.hpp"

namespace interleave::reports::detail {

inline constexpr std::size_t outcome_count = std::size(harness::all_outcomes);

// How many results have each outcome, in the order of harness::all_outcomes.
inline std::array<std::size_t, outcome_count> count_outcomes(
    const std::vector<harness::Result>& results) {
  std::array<std::size_t, outcome_count> n{};
  for (const auto& r : results)
    for (std::size_t i = 0; i < outcome_count; ++i)
      if (r.outcome == harness::all_outcomes[i]) ++n[i];
  return n;
}

inline std::size_t count_unexpected(const std::vector<harness::Result>& results) {
  return static_cast<std::size_t>(std::count_if(
      results.begin(), results.end(), [](const auto& r) { return !harness::as_expected(r.outcome); }));
}

// "0 pass, 2 expected-failure": pass always, the other outcomes when they occurred (the console
// summary's wording).
inline std::string counts_text(const std::vector<harness::Result>& results) {
  const auto n = count_outcomes(results);
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < outcome_count; ++i)
    if (n[i] > 0 || harness::all_outcomes[i] == harness::Outcome::pass)
      parts.push_back(fmt::format("{} {}", n[i], harness::to_string(harness::all_outcomes[i])));
  return fmt::format("{}", fmt::join(parts, ", "));
}

inline std::string verdict_text(const std::vector<harness::Result>& results) {
  const auto bad = count_unexpected(results);
  if (bad == 0) return "every result is what it was expected to be";
  return fmt::format("{} result{} not what {} expected to be", bad, bad == 1 ? " is" : "s are",
                     bad == 1 ? "it was" : "they were");
}

// "bound 2", "random", "full": the scheduler and, for bound, its context bound.
inline std::string scheduler_text(const harness::SearchSettings& s) {
  return s.scheduler == harness::Scheduler::bound ? fmt::format("bound {}", s.context_bound)
                                                  : std::string(harness::to_string(s.scheduler));
}

// How the search went: "bound 2, found at iteration 3", "random, 100000 iterations, budget
// exhausted", "full, 5120 iterations, complete"; for a result without a verdict (timeout, crash,
// error) only the scheduler.
inline std::string search_text(const harness::Result& r) {
  const std::string how = scheduler_text(r.settings);
  if (!r.verdict.defect.empty())
    return fmt::format("{}, found at iteration {}", how, r.verdict.iterations);
  switch (r.outcome) {
    case harness::Outcome::timeout:
    case harness::Outcome::crash:
    case harness::Outcome::error: return how;
    default: break;
  }
  return fmt::format("{}, {} iterations, {}", how, r.verdict.iterations,
                     r.verdict.search_complete ? "complete" : "budget exhausted");
}

// What the defect column says: the defect found, else what went wrong (timeout, crash, error),
// else nothing.
inline std::string defect_text(const harness::Result& r) {
  if (!r.verdict.defect.empty()) return r.verdict.defect;
  if (r.outcome == harness::Outcome::unexpected_pass) return "none found";
  return r.message;
}

// The results that get a section of their own: everything but a plain pass. Unexpected ones
// first, then the expected failures, each group in run order.
inline std::vector<const harness::Result*> sections_in_order(
    const std::vector<harness::Result>& results) {
  std::vector<const harness::Result*> out;
  for (const auto& r : results)
    if (!harness::as_expected(r.outcome)) out.push_back(&r);
  for (const auto& r : results)
    if (harness::as_expected(r.outcome) && r.outcome != harness::Outcome::pass) out.push_back(&r);
  return out;
}

// Relacy's own bookkeeping steps ("[CTOR BEGIN]", "[BEFORE END]", "[THREAD FINISHED]", ...):
// a bracketed operation on a line inside Relacy's headers (/usr/include/relacy/context.hpp on
// Debian). The defect step Relacy adds itself ("MEMORY LEAK (memory leak detected)", also on a
// Relacy line) is not one of them.
inline bool is_relacy_marker(const harness::Step& s) {
  const std::string_view op = s.operation;
  const std::string_view file = s.file;
  const bool bracketed = op.size() >= 2 && op.front() == '[' && op.back() == ']';
  const bool in_relacy = file.starts_with("/") && file.find("/relacy/") != std::string_view::npos;
  return bracketed && in_relacy;
}

// "file:line", or "" when Relacy named no place.
inline std::string where_text(const harness::Step& s) {
  if (s.file.empty()) return {};
  return s.line ? fmt::format("{}:{}", s.file, s.line) : s.file;
}

}  // namespace interleave::reports::detail
