// interleave/harness/runner.hpp: runs items, each in its own child process.
//
// A child runs one item and writes its Verdict back over a pipe as JSON. The parent keeps
// `jobs` children going at a time; a child that dies on a signal, exits without a verdict, runs
// past `timeout` or past its memory limit (then killed with SIGKILL) becomes a crash or timeout
// result, and the run goes on with the other items. The parent is single-threaded, so fork() is
// safe.
//
// Each child runs in its own process group, which is what the parent kills (a timeout, the
// memory limit, a stop signal), so nothing a model started outlives it. Text that comes from a
// child (its output, Relacy's history, what() of an exception) is made valid UTF-8 before it
// enters a Result (utf8.hpp), so every report can be written whatever a model prints.
//
// The memory limit: see memory_limit.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "interleave/harness/memory_limit.hpp"
#include "interleave/harness/registry.hpp"
#include "interleave/harness/result.hpp"
#include "interleave/harness/stop_signals.hpp"

namespace interleave::harness {

// Dividing one item's search (`--jobs` above 1): a bound or full search of a model that goes on
// past `divide_after` executions is cut into at least pieces_per_job * jobs pieces (subtrees of
// its search), run side by side, one child each, and joined into the one result the undivided
// search gives: the same iterations, the same first failure and replay command. Each piece has
// the item's --timeout and memory limit; the item's --time-budget is shared by its pieces (one
// that would start after it is spent is not searched, and the search is "budget exhausted").
// Sizes: an item within divide_after executions (half a second of a channel model) is run whole,
// as dividing costs about a millisecond per piece; the subtrees of a context-bound search differ
// widely in size, so many pieces per job keep the last one to finish short (measured on
// channel/rendezvous/three-producers-no-loss with --jobs 2: 16 pieces left one core idle for a
// third of the run, 216 for a tenth; bench/README.md).
inline constexpr std::uint64_t divide_after_default = 100000;
inline constexpr std::size_t pieces_per_job = 64;

// A run's profile. `standard` runs each item at its own defaults. `quick` caps every search so
// that the whole suite gives a verdict within a minute on two cores while every negative
// control still fails: an item expected to pass gets a model's iteration budget of
// quick_iterations or a property's quick_scenarios scenarios, and at most quick_seconds. An
// item expected to fail keeps its own budget, with at most quick_control_seconds: its search
// stops at its defect, so a tighter cap would save nothing where it is caught and would lose
// the catch where the defect is rare (a property's fault drawn in scenario 100 of 400, which a
// Debug build reaches after several seconds). A control's twin keeps its control's budget (it is
// the same search without the fault), with quick_seconds.
enum class Profile { standard, quick };
inline constexpr std::uint64_t quick_iterations = 20000;
inline constexpr std::uint64_t quick_scenarios = 40;
inline constexpr double quick_seconds = 5;
inline constexpr double quick_control_seconds = 30;

// Settings given on the command line; unset fields keep each item's own default (after the
// profile), explicit flags win over the profile.
struct SearchOverrides {
  Profile profile = Profile::standard;
  std::optional<Scheduler> scheduler;
  std::optional<std::uint64_t> iterations;
  std::optional<double> seconds;
  std::optional<unsigned> context_bound;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> initial_state;
  std::optional<std::string> reproduce;  // properties: RapidCheck's reproduce string
  std::optional<std::string> mutant;     // a mutant's id (SearchSettings::mutant)
};

[[nodiscard]] SearchSettings effective_settings(const Entry& e, const SearchOverrides& o);

// The overrides as one canonical line ("profile=quick scheduler=random iterations=100"; empty
// when none): what a report records so that `merge` can tell shards of one run from a mix.
[[nodiscard]] std::string describe(const SearchOverrides& o);

struct RunOptions {
  SearchOverrides search;
  unsigned jobs = 1;
  std::uint64_t divide_after = divide_after_default;  // 0: never divide an item
  double timeout_seconds = 300;
  std::uint64_t memory_limit = 0;  // bytes of address space per child; 0: none
  std::string program;             // argv[0], for replay commands
  // Results name the files under it relative to it (sources.hpp, make_relative); empty: as
  // compiled.
  std::string source_root;
  // Called as each result arrives, with its item's index in the list given.
  std::function<void(std::size_t, const Result&)> on_result;
  std::function<void()> on_tick;  // called about once a second while running
  // When set and a signal is received: the children are killed (their process groups), the
  // items they ran and those not started yet become `not-run` results, and run_items returns.
  const StopSignals* stop = nullptr;
  // Per item, by its index in the list given (`interleave mutate` runs one item under many
  // mutants): `adjust` changes its settings before it starts; when `wanted` says no, it does not
  // start and its result is `not-run` ("not needed").
  std::function<void(std::size_t, SearchSettings&)> adjust;
  std::function<bool(std::size_t)> wanted;
  // Cutting instead of searching (the first step of a sharded run, shard_run.hpp): when
  // non-zero, each item is cut into at least `cut_into` pieces (division.hpp, search_or_divide
  // with no search first) and handed to `on_cut` with its index; its result is then `not-run`.
  // An item that cannot be cut (a property, a random search, a model that throws) keeps the
  // result of its attempt, or `not-run` when it has no cut at all.
  std::size_t cut_into = 0;
  std::function<void(std::size_t, std::vector<std::string>)> on_cut;
};

// One result per item, in the order given.
[[nodiscard]] std::vector<Result> run_items(const std::vector<const Entry*>& items,
                                            const RunOptions& options);

// The command that reproduces `r` exactly.
[[nodiscard]] std::string replay_command(const std::string& program, const Result& r);
// One argument of such a command, quoted for a POSIX shell where it needs it.
[[nodiscard]] std::string shell_quote(const std::string& s);

// A Verdict across the child's pipe: every field, in the form results.json gives a verdict's
// fields (harness/internal/interleave/harness/result_json.hpp).
[[nodiscard]] std::string verdict_to_json(const Verdict& v);
[[nodiscard]] Verdict verdict_from_json(const std::string& text);

}  // namespace interleave::harness
