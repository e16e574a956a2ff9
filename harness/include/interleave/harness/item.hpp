// interleave/harness/item.hpp: the vocabulary of a verification item: its kind, what it is
// expected to do, and how it is searched. Plain C++, no Relacy. The registry (registry.hpp) holds
// items; every result (result.hpp) repeats what was expected and how it was searched.
#pragma once

#include <algorithm>
#include <cstdint>
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
  // A bound or full search divided (relacy_schedulers.hpp, search_division): the piece to
  // search, as Relacy's state string of its first decisions (list_search_pieces gives them); a
  // random search divided: the iterations to run, as range_text writes them (they replace seed
  // and iterations); a property divided: its scenarios to run, likewise (numbered from 1 of
  // `iterations`, which stays the whole property's: it sizes them); empty: the whole search.
  std::string piece;
  // A sharded run's share of a divided search (`run --shard`): `piece` is piece piece_index
  // (listing order, from 0) of piece_count, which `merge` joins with the others into the item's
  // result. 0 pieces: the result is not a shard's piece.
  std::size_t piece_index = 0;
  std::size_t piece_count = 0;
  // A defect to search for, and the defects the search may pass on its way to it; the runner
  // sets both from the item's Expectation. A random search that meets one of `passing` records
  // it and goes on from the next iteration until `search_for` shows or the budget ends (a lost
  // update may show up as a leak before it shows up as a double free); a property skips to its
  // next search. Any other defect ends the search and is its result.
  std::string search_for;
  std::vector<std::string> passing;
  // Whether a search that met `defect` goes on (it is one of `passing`, not `search_for`).
  [[nodiscard]] bool may_pass(std::string_view defect) const noexcept {
    return defect != search_for &&
           std::find(passing.begin(), passing.end(), defect) != passing.end();
  }
  // property replay: RapidCheck's reproduce string of a shrunk scenario (the text after
  // `reproduce=` in RC_PARAMS); with initial_state it replays one execution of that scenario.
  std::string reproduce;
  // Mutation testing (`interleave mutate`): the id of one mutant to apply in this run (empty:
  // none), and whether the run records the sites it reaches (Verdict::sites).
  std::string mutant;
  bool record_sites = false;
};

// A random search's piece: iterations first..last (Relacy's seeds, from 1), "FIRST-LAST".
struct IterationRange {
  std::uint64_t first = 1;
  std::uint64_t last = 1;
};
[[nodiscard]] std::string range_text(IterationRange r);
// The range `text` writes, if it is one (first <= last, both from 1).
[[nodiscard]] std::optional<IterationRange> parse_range(std::string_view text);
// The iterations a random search under `s` runs: its piece's range, or from its seed (0 counts
// as 1) for its count of iterations (0 counts as 1). Throws std::invalid_argument for a piece
// that is not a range.
[[nodiscard]] IterationRange random_iterations(const SearchSettings& s);

// What a sharded run's piece of a divided search is called where an id would be (the console,
// merge's messages): "ID [piece 3 of 256]" (counted from 1); the id alone for a whole item.
[[nodiscard]] std::string unit_name(std::string_view id, const SearchSettings& s);

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

}  // namespace interleave::harness
