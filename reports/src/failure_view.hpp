// reports/src/failure_view.hpp: what the human-readable reports (summary.md, report.html) say
// the same way: counts per outcome, how a search went, which results get a section of their own
// and in what order.
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
#include "interleave/reports/report.hpp"

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

// Whether the run passes its gate: every result as expected, and nothing left out of it (a
// partial merge fails whatever its results).
inline bool gate_passes(const std::vector<harness::Result>& results, const RunInfo& run) {
  return count_unexpected(results) == 0 && run.partial.empty();
}

inline std::string verdict_text(const std::vector<harness::Result>& results, const RunInfo& run) {
  const auto bad = count_unexpected(results);
  if (bad == 0 && !run.partial.empty()) return "partial merge: " + run.partial;
  if (bad == 0) return "every result is what it was expected to be";
  return fmt::format("{} result{} not what {} expected to be", bad, bad == 1 ? " is" : "s are",
                     bad == 1 ? "it was" : "they were");
}

// "interrupted by SIGINT: 9 of 12 items not run" (the console's wording too), or "" for a run
// that was not interrupted.
inline std::string interrupted_text(std::string_view signal,
                                    const std::vector<harness::Result>& results) {
  if (signal.empty()) return {};
  const auto not_run = std::count_if(results.begin(), results.end(), [](const auto& r) {
    return r.outcome == harness::Outcome::not_run;
  });
  return fmt::format("interrupted by {}: {} of {} item{} not run", signal, not_run, results.size(),
                     results.size() == 1 ? "" : "s");
}

// "bound 2", "random", "full": the scheduler and, for bound, its context bound.
inline std::string scheduler_text(const harness::SearchSettings& s) {
  return s.scheduler == harness::Scheduler::bound ? fmt::format("bound {}", s.context_bound)
                                                  : std::string(harness::to_string(s.scheduler));
}

// How a search ended: "search complete", "search budget exhausted", "search stopped at the
// first defect" (results.json's `search` says the same without "search ").
inline std::string search_end_text(harness::SearchEnd e) {
  return fmt::format("search {}", harness::to_string(e));
}

// How the search went: "bound 2, found at iteration 3, search stopped at the first defect",
// "random, 100000 iterations, search budget exhausted", "full, 5120 iterations, search
// complete"; for a result without a verdict (timeout, crash, error) only the scheduler.
inline std::string search_text(const harness::Result& r) {
  const auto& v = r.verdict;
  if (r.kind == harness::Kind::property && (v.scenarios > 0 || !v.defect.empty())) {
    if (v.defect.empty())
      return fmt::format("{} scenarios, each searched at bounds 0-{} and randomly, {} iterations",
                         v.scenarios, r.settings.context_bound, v.iterations);
    const std::string how = v.replay_scheduler == harness::Scheduler::random
                                ? std::string("random search")
                                : fmt::format("{} preemption{}", v.replay_context_bound,
                                              v.replay_context_bound == 1 ? "" : "s");
    return fmt::format("found in scenario {} after {:.2f}s ({}), shrunk to {} operations ({} candidates), {}",
                       v.scenarios, v.seconds_to_find, search_end_text(v.search),
                       v.scenario ? v.scenario->operations() : 0, v.shrink_candidates, how);
  }
  const std::string how = scheduler_text(r.settings);
  if (!r.verdict.defect.empty())
    return fmt::format("{}, found at iteration {}, {}", how, r.verdict.iterations,
                       search_end_text(r.verdict.search));
  switch (r.outcome) {
    case harness::Outcome::timeout:
    case harness::Outcome::crash:
    case harness::Outcome::error:
    case harness::Outcome::not_run: return how;
    default: break;
  }
  return fmt::format("{}, {} iteration{}, {}", how, r.verdict.iterations,
                     r.verdict.iterations == 1 ? "" : "s", search_end_text(r.verdict.search));
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

// A generated scenario laid out as a grid: one column per part (prefix, thread 0, ..., suffix),
// each cell "operation → result" (or with the arrow given), empty where a column is shorter.
// The console prints it too (harness/src/console.cpp), with an ASCII arrow.
struct scenario_grid {
  std::vector<std::string> heads;
  std::vector<std::vector<std::string>> rows;
};
inline scenario_grid grid_of(const harness::ScenarioTable& t, std::string_view arrow = " → ") {
  scenario_grid g;
  std::vector<const std::vector<harness::ScenarioOp>*> columns;
  const auto add = [&](std::string head, const std::vector<harness::ScenarioOp>& ops) {
    if (ops.empty()) return;
    g.heads.push_back(std::move(head));
    columns.push_back(&ops);
  };
  add("prefix", t.prefix);
  for (std::size_t i = 0; i < t.threads.size(); ++i) add(fmt::format("thread {}", i), t.threads[i]);
  add("suffix", t.suffix);
  std::size_t rows = 0;
  for (const auto* c : columns) rows = std::max(rows, c->size());
  for (std::size_t r = 0; r < rows; ++r) {
    auto& row = g.rows.emplace_back();
    for (const auto* c : columns)
      row.push_back(r < c->size() ? fmt::format("{}{}{}", (*c)[r].operation, arrow, (*c)[r].result) : "");
  }
  return g;
}

// "file:line", or "" when Relacy named no place.
inline std::string where_text(const harness::Step& s) {
  if (s.file.empty()) return {};
  return s.line ? fmt::format("{}:{}", s.file, s.line) : s.file;
}

}  // namespace interleave::reports::detail
