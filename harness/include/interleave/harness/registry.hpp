// interleave/harness/registry.hpp: what a verification item is, and the process-wide list of
// them. Plain C++: safe to include anywhere (it does not include Relacy).
//
// An item is a Relacy model (a test suite over backend-instrumented code) or a property, with
// an id ("mutex/poison-seen-after-panic"), a thread count, an expected outcome (`pass`, or
// `fails with <DEFECT>`), a description and default search settings. Items register themselves
// during static initialisation, normally through INTERLEAVE_MODEL in <interleave/model.hpp>.
#pragma once

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

// `pass`, or `fails with DEFECT` where DEFECT is a Relacy verdict ("DATA RACE", "DEADLOCK",
// "DOUBLE FREE", ...) or, for a property, the name of the property's failure.
class Expectation {
 public:
  [[nodiscard]] static Expectation pass() { return Expectation(""); }
  [[nodiscard]] static Expectation fails_with(std::string defect) {
    return Expectation(std::move(defect));
  }
  [[nodiscard]] bool expects_pass() const noexcept { return defect_.empty(); }
  [[nodiscard]] const std::string& defect() const noexcept { return defect_; }
  [[nodiscard]] std::string describe() const;  // "pass" or "fails with DATA RACE"

 private:
  explicit Expectation(std::string defect) : defect_(std::move(defect)) {}
  std::string defect_;
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
  // random: a defect to search for. A random search that meets another defect first records
  // it and goes on from the next iteration until this one shows or the budget ends. The runner
  // sets it from the item's expected outcome, so a negative control shows the defect it is
  // about (a lost update may show up as a leak before it shows up as a double free).
  std::string search_for;
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

// What a run of one item found.
struct Verdict {
  std::string defect;           // empty: no defect found
  std::string detail;           // Relacy's own words for it ("data race detected")
  std::uint64_t iterations = 0;  // iterations explored
  bool search_complete = false;  // the scheduler covered its whole space (bound/full)
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
};

// The registry. Registration never throws; problems (a duplicate id, an id that is not a
// path, an unknown expected defect) are recorded and reported by the command line, which then
// exits with status 2 naming them.
class Registry {
 public:
  bool add(Entry e);
  [[nodiscard]] const std::vector<Entry>& entries() const noexcept { return entries_; }
  [[nodiscard]] const std::vector<std::string>& problems() const noexcept { return problems_; }
  [[nodiscard]] const Entry* find(std::string_view id) const noexcept;
  void record_problem(std::string p) { problems_.push_back(std::move(p)); }

 private:
  std::vector<Entry> entries_;
  std::vector<std::string> problems_;
};

Registry& registry();

// The defects Relacy can report, by the names Relacy prints (test_result_str).
[[nodiscard]] const std::vector<std::string>& relacy_defects();

}  // namespace interleave::harness
