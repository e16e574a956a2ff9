// interleave/harness/registry.hpp: what a verification item is, and the process-wide list of
// them. Plain C++: safe to include anywhere (it does not include Relacy).
//
// An item is a Relacy model (a test suite over backend-instrumented code) or a property, with
// an id ("mutex/poison-seen-after-panic"), a thread count, an expected outcome (`pass`, or
// `fails with <DEFECT>`), a description and default search settings. Items register themselves
// during static initialisation, normally through INTERLEAVE_MODEL in <interleave/model.hpp>.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace interleave::harness {

enum class Kind { model, property };
enum class Scheduler { random, bound, full };

[[nodiscard]] std::string_view to_string(Kind k) noexcept;
[[nodiscard]] std::string_view to_string(Scheduler s) noexcept;
[[nodiscard]] std::optional<Scheduler> parse_scheduler(std::string_view s) noexcept;

// `pass`, or `fails with DEFECT` where DEFECT is a result Relacy reports other than success
// ("DATA RACE", "DEADLOCK", "DOUBLE FREE", "UNTIL CONDITION HIT", ...: relacy_results()) or, for
// a property, the name of the property's failure.
//
// A failure expectation may name the defects a search may pass on its way to DEFECT (`passing`):
// a random search that meets one of them notes it ("searched past") and goes on; a search that
// meets any other defect stops there, and that defect is the result (a `fail`), so a negative
// control cannot show its defect by a path that goes through some other bug. None unless named.
class Expectation {
 public:
  [[nodiscard]] static Expectation pass() { return Expectation("", {}); }
  [[nodiscard]] static Expectation fails_with(std::string defect,
                                              std::vector<std::string> passing = {}) {
    return Expectation(std::move(defect), std::move(passing));
  }
  [[nodiscard]] bool expects_pass() const noexcept { return defect_.empty(); }
  [[nodiscard]] const std::string& defect() const noexcept { return defect_; }
  [[nodiscard]] const std::vector<std::string>& passing() const noexcept { return passing_; }
  [[nodiscard]] bool may_pass(std::string_view defect) const noexcept;
  // "pass", "fails with DATA RACE", "fails with DOUBLE FREE (may pass MEMORY LEAK)"
  [[nodiscard]] std::string describe() const;

 private:
  Expectation(std::string defect, std::vector<std::string> passing)
      : defect_(std::move(defect)), passing_(std::move(passing)) {}
  std::string defect_;
  std::vector<std::string> passing_;
};

// How one item is searched. Every field has a default per item (SearchDefaults) that a run's
// command line may override.
struct SearchSettings {
  Scheduler scheduler = Scheduler::bound;
  std::uint64_t iterations = 100000;  // random: iterations run; bound/full: budget (0: none)
  unsigned context_bound = 2;         // bound scheduler only
  double seconds = 0;                 // time budget: the search ends, "budget exhausted", after it
  std::uint64_t seed = 1;             // random: the first iteration's index (Relacy seeds by it)
  std::string initial_state;          // replay: Relacy's state string; overrides seed
  // A defect to search for, and the defects the search may pass on its way to it; the runner
  // sets both from the item's Expectation. A random search that meets one of `passing` records
  // it and goes on from the next iteration until `search_for` shows or the budget ends (a lost
  // update may show up as a leak before it shows up as a double free); a property skips to its
  // next search. Any other defect ends the search and is its result.
  std::string search_for;
  std::vector<std::string> passing;
  // Whether a search that met `defect` goes on (it is one of `passing`, not `search_for`).
  [[nodiscard]] bool may_pass(std::string_view defect) const noexcept {
    return defect != search_for && std::find(passing.begin(), passing.end(), defect) != passing.end();
  }
  // property replay: RapidCheck's reproduce string of a shrunk scenario (the text after
  // `reproduce=` in RC_PARAMS); with initial_state it replays one execution of that scenario.
  std::string reproduce;
};

// The ranges a search's settings may take, from the command line or a registration's defaults
// (Registry::add checks those). Outside them the arithmetic would no longer be exact:
// iterations: a model's iteration count or budget (the random search's last index, seed +
//   iterations - 1, stays below 2^64 with seeds below 2^63);
// scenarios: a property's `iterations`: RapidCheck counts scenarios in an int and reserves
//   memory for each one up front;
// seconds: --time-budget and --timeout, one week; the deadlines are also computed saturating.
inline constexpr std::uint64_t max_iterations = std::uint64_t{1} << 40;
inline constexpr std::uint64_t max_scenarios = 1'000'000;
inline constexpr unsigned max_context_bound = 16;
inline constexpr double max_seconds = 604800;

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

// What a run of one item found.
struct Verdict {
  std::string defect;           // empty: no defect found
  std::string detail;           // Relacy's own words for it ("data race detected")
  std::uint64_t iterations = 0;  // iterations explored; for a defect, the iteration it showed in
  SearchEnd search = SearchEnd::budget_exhausted;
  std::string final_state;       // replay handle for a failure
  std::vector<Step> trace;       // the failing execution, in order
  std::string history;           // Relacy's raw history text for a failure
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
};

using RunFunction = std::function<Verdict(const SearchSettings&)>;

struct Entry {
  std::string id;
  Kind kind = Kind::model;
  int threads = 0;
  Expectation expected = Expectation::pass();
  std::string description;
  SearchSettings defaults;
  RunFunction run;
  std::string file;  // where it was registered
  unsigned line = 0;
  // The freed-memory probe of the translation unit that registered the item: <interleave/model.hpp>
  // gives each unit its own, compiled with that unit's flags. It must report ACCESS TO FREED
  // MEMORY, or Relacy is blind to use after free in that unit and the runner refuses to run
  // (detection.hpp). Null for an item that runs no Relacy code.
  Verdict (*freed_memory_probe)() = nullptr;
  // A negative control that injects its fault into the library (its suite runs over a backend
  // that names a sound one: <interleave/harness/without_faults.hpp>): the same search of the
  // same suite over the sound backend, which must pass. Null for every other item, and for a
  // control that is a demonstration of a bug in the model's own code. Registry::add makes it an
  // item of its own, the control's twin (and drops it from an item expected to pass).
  RunFunction without_fault;
  // A twin only: the id of the control it is the twin of.
  std::string twin_of;
};

// The id of a control's twin: "mutex/negative/forgets-to-lock [without fault]". Not a path, so
// no registered id can take it.
[[nodiscard]] std::string twin_id(std::string_view control_id);

// How `interleave list` names an item expected to fail: a control that injects its fault into
// the library (it has a twin), or a demonstration of a bug that lives in the model's own code
// (a misuse such as Rc shared across threads, a wait without its predicate): no twin.
inline constexpr std::string_view control_injects_fault = "injects a fault";
inline constexpr std::string_view control_demonstration = "demonstration";

// The registry. Registration never throws; problems (a duplicate id, an id that is not a
// path, an unknown expected defect) are recorded and reported by the command line, which then
// exits with status 2 naming them.
//
// An item expected to fail that carries `without_fault` gets a twin: an item of its own, with
// the id twin_id(control), expected to pass, run by that function with the control's defaults.
// Twins are not among entries() (a plain `list` or `run` does not show or run them); twins()
// has them in registration order, twin_of() finds a control's, and find() finds them by id, so
// `replay` reproduces a twin's failure like any other.
class Registry {
 public:
  bool add(Entry e);
  [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return entries_; }
  [[nodiscard]] const std::vector<Entry>& twins() const noexcept { return twins_; }
  [[nodiscard]] const std::vector<std::string>& problems() const noexcept { return problems_; }
  [[nodiscard]] const Entry* find(std::string_view id) const noexcept;
  // The twin of `control` (an entry of this registry), or null when it has none.
  [[nodiscard]] const Entry* twin_of(const Entry& control) const noexcept;
  void record_problem(std::string p) { problems_.push_back(std::move(p)); }

 private:
  std::vector<Entry> entries_;
  std::vector<Entry> twins_;
  std::vector<std::string> problems_;
};

Registry& registry();

// Every result Relacy can report other than success, by the name Relacy prints
// (rl::test_result_str), UNTIL CONDITION HIT (a model's RL_UNTIL) included.
[[nodiscard]] const std::vector<std::string>& relacy_results();

}  // namespace interleave::harness
