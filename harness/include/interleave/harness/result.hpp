// interleave/harness/result.hpp: the data model of what a run found, as the runner, the
// console and every renderer see it: the item a result is about (ItemInfo, which its registry
// Entry holds too), the verdict of its search (Verdict, with the interleaving as Steps and a
// property's ScenarioTable), and the Result that joins them with the outcome. Plain C++, no
// Relacy, no JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interleave/harness/item.hpp"

namespace interleave::harness {

// What an item's registration (Entry, registry.hpp) and every result of it (Result) say about
// the item: a result is made from its entry by copying this part.
struct ItemInfo {
  std::string id;
  Kind kind = Kind::model;
  int threads = 0;
  Expectation expected = Expectation::pass();
  std::string description;
  std::string file;  // where the item was registered
  unsigned line = 0;
  // A negative control that injects its fault into the library: it has a twin (Entry's
  // without_fault, from which Registry::add sets this).
  bool injects_fault = false;
  // A twin (`interleave run --prove-controls`): the id of the control it is the twin of.
  std::string twin_of;
};

// What a step of an interleaving is. Decided once, where the step is read (classify_step in
// history.hpp: by parse_history, and when a step is read back from JSON), so that no renderer
// tells it from the text:
//   program        on a line of the program: the library, a model, the user's code (or no line)
//   relacy         on a line of Relacy's own headers, not a marker: an access Relacy makes for
//                  the program (an atomic's initial store in relacy/atomic.hpp) or a defect it
//                  reports at the end of an execution ("MEMORY LEAK (memory leak detected)")
//   relacy_marker  Relacy's bookkeeping of an execution: "[CTOR BEGIN]", "[BEFORE END]",
//                  "[THREAD FINISHED]", ...
enum class StepKind { program, relacy, relacy_marker };

// One step of an interleaving, parsed from Relacy's history. Addresses, which change from run
// to run, are replaced by stable names in order of first appearance (@1, @2, ...), so the same
// interleaving reads and compares the same every time.
struct Step {
  std::uint64_t index = 0;  // position in the execution history
  int thread = 0;
  std::string operation;  // "atomic store, value=1, (prev value=0), order=release"
  std::string object;     // the memory object or lock it touched ("@2"), empty if none
  std::string value;      // the value read or written, where Relacy names one
  std::string order;      // the memory order of an atomic access ("release"), else empty
  std::string function;   // shortened to the class and function name where it could be
  std::string file;
  unsigned line = 0;
  StepKind kind = StepKind::program;

  friend bool operator==(const Step&, const Step&) = default;
};

// A generated scenario as a report shows it: an optional sequential prefix, one column of
// operations per thread, an optional sequential suffix; each operation with what it returned
// in the execution shown. `implicit` marks the end of a thread (it drops what it holds), which
// the scenario's frame adds and the generator does not choose.
struct ScenarioOp {
  std::string operation;  // "send 3"
  std::string result;     // "ok", "Err(Disconnected)", "3"; empty if it never completed
  bool implicit = false;

  friend bool operator==(const ScenarioOp&, const ScenarioOp&) = default;
};
struct ScenarioTable {
  std::vector<ScenarioOp> prefix;
  std::vector<std::vector<ScenarioOp>> threads;
  std::vector<ScenarioOp> suffix;

  // The operations the generator chose (implicit thread ends not counted).
  [[nodiscard]] std::size_t operations() const noexcept;
  friend bool operator==(const ScenarioTable&, const ScenarioTable&) = default;
};

// How a search ended. Its words (to_string) are the same in the console and every report:
//   complete         a bound or full search covered its whole space and found nothing
//   budget exhausted the iterations or the time budget ran out (a random search always ends so)
//   stopped          a defect (Relacy's first result other than success that the search could
//                    not pass) ended it: what lay beyond it was not searched
enum class SearchEnd { complete, budget_exhausted, stopped };
[[nodiscard]] std::string_view to_string(SearchEnd e) noexcept;
[[nodiscard]] std::optional<SearchEnd> parse_search_end(std::string_view s) noexcept;

// A site a run reached (`interleave mutate`; lib/include/interleave/backend/mutation.hpp): an
// operation of the Relacy backend at one line and column, with the memory order it used there
// ("seq_cst" for a notify or a lock, which have none). One line reached with two orders is two
// sites.
struct Site {
  std::string file;
  std::uint32_t line = 0, column = 0;
  std::string operation;  // "load", "fetch_add", "notify_one", "lock", ...
  std::string order;      // "relaxed", "acquire", ...
  std::string function;
  friend auto operator<=>(const Site&, const Site&) = default;
};

// What a run of one item found.
struct Verdict {
  std::string defect;            // empty: no defect found
  std::string detail;            // Relacy's own words for it ("data race detected")
  std::uint64_t iterations = 0;  // iterations explored; for a defect, the iteration it showed in
  SearchEnd search = SearchEnd::budget_exhausted;
  std::string final_state;  // replay handle for a failure
  std::vector<Step> trace;  // the failing execution, in order
  std::string history;      // Relacy's raw history text for a failure
  // Met on the way when searching for one defect: "MEMORY LEAK in 113 iterations, first at 1".
  std::vector<std::string> other_defects;
  // Properties only: scenarios generated and explored, the failing scenario after shrinking,
  // and RapidCheck's reproduce string for it. A property explores each scenario with schedulers of
  // its own choosing, so the search that replays final_state is named here.
  std::uint64_t scenarios = 0;          // generated and explored before the first failure (or all)
  std::uint64_t shrink_candidates = 0;  // scenarios explored while shrinking
  double seconds_to_find = 0;           // from the start to the first failure
  std::optional<ScenarioTable> scenario;
  std::string reproduce;
  std::optional<Scheduler> replay_scheduler;
  unsigned replay_context_bound = 0;
  // A replay only: why the given state (or reproduce string) is not a failing execution of this
  // item, when that is known beyond "it ended without a defect": e.g. its decision 4 offers 3
  // alternatives where this item's execution has 2. Such a verdict has no defect.
  std::string replay_misfit;
  // Every site the run reached, when its settings asked for them (SearchSettings::record_sites).
  std::vector<Site> sites;
  // A search divided into pieces run side by side (`run --jobs N`): how many; 0: undivided.
  std::uint64_t pieces = 0;
};

// pass              expected to pass, and no defect was found
// expected-failure  expected to fail with D, and failed with D
// fail              a defect nobody expected (or a different one than expected)
// unexpected-pass   expected to fail, and the search found nothing
// timeout           the item's process ran past --timeout and was killed
// crash             the item's process died on a signal, exited without a verdict, or
//                   exceeded the memory limit
// error             the item threw, could not be run, or its search explored nothing
// not-run           the item was selected but never ran (an interrupted run, a partial merge)
enum class Outcome {
  pass,
  expected_failure,
  fail,
  unexpected_pass,
  timeout,
  crash,
  error,
  not_run
};

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

// A result: the item (its ItemInfo) and what its run found.
struct Result : ItemInfo {
  SearchSettings settings;  // what was actually run
  Outcome outcome = Outcome::error;
  Verdict verdict;      // empty for timeout / crash / error
  std::string message;  // what went wrong for timeout / crash / error
  double seconds = 0;
  std::string replay;  // a command that reproduces this result
};

// Every text field of `v` / `r` as valid UTF-8 (see utf8.hpp): what a model, Relacy or a
// registration wrote may be any bytes, and every report must still be written.
void make_valid_utf8(Verdict& v);
void make_valid_utf8(Result& r);

}  // namespace interleave::harness
