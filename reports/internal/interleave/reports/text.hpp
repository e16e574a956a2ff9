// interleave/reports/text.hpp (internal: shared by the project's modules, not installed): every
// sentence a person reads about a run, worded once for the console (harness/src/console.cpp) and
// every report (junit.xml, summary.md, report.html, results.sarif): the summary and verdict
// lines, how a search went and ended, a failure's defect, the interleaving as text, the
// scenario grid. A renderer lays these out (a table cell, a list item, an XML attribute) and
// escapes them for its language (escape.hpp); it does not reword them.
#pragma once

#include <array>
#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "interleave/harness/result.hpp"
#include "interleave/harness/sources.hpp"

namespace interleave::reports::text {

inline constexpr std::size_t outcome_count = std::size(harness::all_outcomes);

// How many results have each outcome, in the order of harness::all_outcomes.
[[nodiscard]] std::array<std::size_t, outcome_count> count_outcomes(
    const std::vector<harness::Result>& results);
// How many results are not what their registration expected (harness::as_expected).
[[nodiscard]] std::size_t count_unexpected(const std::vector<harness::Result>& results);

// "PASS", "EXPECTED FAILURE", "NOT RUN": the outcome as a label (the console's first column,
// junit.xml's failure and error types).
[[nodiscard]] std::string outcome_label(harness::Outcome o);

// "0 pass, 2 expected-failure": pass always, the other outcomes when they occurred.
[[nodiscard]] std::string counts_text(const std::vector<harness::Result>& results);
// "1 result", "12 results".
[[nodiscard]] std::string results_count_text(std::size_t n);
// "12 results in 3.4s: 10 pass, 2 expected-failure": the run's summary line.
[[nodiscard]] std::string summary_text(const std::vector<harness::Result>& results, double seconds);

// Whether the run passes its gate: every result as expected, and nothing left out of it (a
// partial merge, `partial` saying what was missing or mixed, fails whatever its results).
[[nodiscard]] bool gate_passes(const std::vector<harness::Result>& results,
                               std::string_view partial);
// "OK" or "FAILED": the gate's word.
[[nodiscard]] std::string_view gate_word(bool passes);
// "partial merge: incomplete shard set: 2/3 is missing".
[[nodiscard]] std::string partial_text(std::string_view partial);
// The run's verdict: "every result is what it was expected to be", "2 results are not what
// they were expected to be", or, for a partial merge whose results are as expected, its
// partial_text.
[[nodiscard]] std::string verdict_text(const std::vector<harness::Result>& results,
                                       std::string_view partial);
// "interrupted by SIGINT: 9 of 12 items not run", or "" for a run that was not interrupted.
[[nodiscard]] std::string interrupted_text(std::string_view signal,
                                           const std::vector<harness::Result>& results);

// "bound 2", "random", "full": the scheduler and, for bound, its context bound.
[[nodiscard]] std::string scheduler_text(const harness::SearchSettings& s);
// How a search ended: "search complete", "search budget exhausted", "search stopped at the
// first defect" (results.json's `search` is the same without "search ": harness::to_string).
[[nodiscard]] std::string search_end_text(harness::SearchEnd e);
// How the search went: "bound 2, found at iteration 3, search stopped at the first defect",
// "random, 100000 iterations, search budget exhausted", "full, 5120 iterations, search
// complete", "bound 2, divided into 16 pieces, 14400000 iterations, search complete"; for a property, its scenarios and shrinking; for a result without a verdict
// (timeout, crash, error, not-run) only the scheduler.
[[nodiscard]] std::string search_text(const harness::Result& r);
// The defects a search went past, "MEMORY LEAK in 3 iterations, first at 1; ...", or "".
[[nodiscard]] std::string other_defects_text(const harness::Verdict& v);

// What the defect column says: the defect found, else what went wrong (timeout, crash, error),
// else nothing ("none found" for an unexpected pass).
[[nodiscard]] std::string defect_text(const harness::Result& r);
// The defect and Relacy's words for it, saying the defect once: Relacy's detail often names it
// already ("DATA RACE (data race detected)"), else "DEFECT: detail".
[[nodiscard]] std::string defect_and_detail(const harness::Verdict& v);
// "expected to fail with DEFECT, but found nothing (SEARCH)": an unexpected pass.
[[nodiscard]] std::string unexpected_pass_text(const harness::Result& r);

// The results that get a section of their own: everything but a plain pass. Unexpected ones
// first, then the expected failures, each group in run order.
[[nodiscard]] std::vector<const harness::Result*> sections_in_order(
    const std::vector<harness::Result>& results);

// "file:line", "file" when Relacy named no line, or "" when it named no place.
[[nodiscard]] std::string where_text(const harness::Step& s);
// Where a step's line can be viewed: the sources' URL, the step's file (relative to the root,
// percent-encoded) and "#L<line>". Empty when there is no URL or the file is not relative
// (a system header, a path outside the root).
[[nodiscard]] std::string source_link(const harness::Sources& sources, const harness::Step& s);
// For a DATA RACE (`defect`), the two accesses that race, as indexes into `trace`, the earlier
// first: the failing thread's last access to an object before Relacy stopped it, and the latest
// access to the same object by another thread before that, one of the two a store. Empty for any
// other defect, or when the trace does not show both.
[[nodiscard]] std::vector<std::size_t> racing_steps(const std::vector<harness::Step>& trace,
                                                    std::string_view defect);
// "racing access (with step 14)": how every report marks a step of racing_steps.
[[nodiscard]] std::string racing_text(const harness::Step& other);
// A trace as a person reads it: each row one step, or a fold of a long repetition (a spin, a
// livelock) that reads "... 1,990 similar steps ...". A block of 1 to 8 steps repeated so that
// at least 20 steps lie between its first and its last occurrence is folded there: the first
// and last blocks stay, so both ends of the repetition show. Similar: the same thread, place,
// function and operation but for its numbers (values, addresses). The last step and a DATA
// RACE's two accesses (racing_steps) are never folded.
struct TraceRow {
  std::size_t first = 0;   // index into the trace
  std::size_t folded = 0;  // 0: the step at `first`; else this many steps from `first`, folded
};
[[nodiscard]] std::vector<TraceRow> trace_rows(const std::vector<harness::Step>& trace,
                                               std::string_view defect);
// "... 1,990 similar steps (12 to 2001) ...": how every report shows a fold.
[[nodiscard]] std::string fold_text(const std::vector<harness::Step>& trace, const TraceRow& fold);

// What Relacy's markers in `traces` mean, each explained once: "[NOT CURRENT]" inside an atomic
// load's text, then the bracketed marker steps ([CTOR BEGIN], [THREAD FINISHED], ...) that
// appear, named together in one entry (unless `marker_steps` is false: a report that leaves those
// steps out). Empty when none appears.
struct LegendEntry {
  std::string markers;
  std::string_view meaning;
};
[[nodiscard]] std::vector<LegendEntry> legend_of(
    const std::vector<const std::vector<harness::Step>*>& traces, bool marker_steps = true);
// The lanes an interleaving is drawn in, and the lane of each step. One lane per thread
// ("thread 0", ...), and a step in its thread's, except for what Relacy runs outside the
// threads, on whichever thread is current: the test's after() (from [AFTER BEGIN] to the end),
// where a failure would otherwise show in a thread that had finished, and a property's before()
// (from the start to [BEFORE END]: the objects made and the scenario's prefix run). Those get
// lanes of their own, first and last. A property's lanes are its scenario's columns, always
// there: "prefix" ("setup" when the scenario has none), "thread 0", ... (thread i runs the
// scenario's thread i; one it gives nothing is "thread i (idle)"), "suffix and check" ("check"
// when it has no suffix: after() runs the suffix, then checks the execution). A model gets an
// "after()" lane where its after() holds a step of the program. A trace without Relacy's phase
// markers has thread lanes only.
struct Lanes {
  std::vector<std::string> names;        // in order, left to right
  std::vector<std::string> short_names;  // a text column's: "T0", "prefix", "check", ...
  std::vector<std::size_t> of_step;      // the lane of each step, by its index in the trace
  std::size_t first_thread = 0;          // the lane of thread 0; thread t's is first_thread + t

  [[nodiscard]] bool is_thread(std::size_t lane) const noexcept {
    return lane >= first_thread && lane < first_thread + threads;
  }
  std::size_t threads = 0;
};
[[nodiscard]] Lanes lanes_of(const harness::Result& r);

// The interleaving, one line per step, each line starting with `indent`:
//   "   3  T1  @2  atomic store, value=1, order=release  lib/include/interleave/mutex.hpp:120 "
//   "(Mutex::unlock)" (one line)
// the object a step touched (`@N`, Relacy's addresses renamed) in a column of its own, the
// operations padded to one width (at most 72 characters); for a DATA RACE (`defect`) both
// racing accesses end with "  <- " and racing_text; long repetitions folded (trace_rows). Then
// one line per legend_of entry,
// "legend: [NOT CURRENT] an atomic load read ...".
[[nodiscard]] std::string trace_text(const std::vector<harness::Step>& trace,
                                     std::string_view indent, std::string_view defect = {});
// The same with each step's lane (lanes_of) in the thread's column: "prefix", "T1", "check".
[[nodiscard]] std::string trace_text(const harness::Result& r, std::string_view indent);

// A generated scenario laid out as a grid: one column per part (prefix, thread 0, ..., suffix),
// each cell "operation → result" (or with the arrow given), empty where a column is shorter.
struct ScenarioGrid {
  std::vector<std::string> heads;
  std::vector<std::vector<std::string>> rows;
};
[[nodiscard]] ScenarioGrid grid_of(const harness::ScenarioTable& t, std::string_view arrow = " → ");

}  // namespace interleave::reports::text
