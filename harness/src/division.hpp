// harness/src/division.hpp: one item's bound or full search run as pieces side by side
// (`run --jobs N`). Internal to the harness; not installed.
//
// A random search is divided by its iterations instead (Relacy seeds each by its index, so any
// range of them runs alone exactly as within the whole search): pieces of at least
// random_piece_iterations, with no probe. A property likewise by its scenarios (RapidCheck
// derives each from the seed and its number: property_cases.hpp): pieces of at least
// property_piece_scenarios; each piece shrinks its own failure.
//
// The child that runs a divisible item first searches it whole for a few executions (the
// probe): most items end within them, and their verdict is then exactly the undivided search's.
// A search that would go on is cut into pieces instead (Entry::list_pieces, the subtrees under the
// tree's first decisions) and the child returns their states; the runner searches each piece in a
// child of its own (SearchSettings::piece) and joins their verdicts (join_pieces) into the one the
// undivided search gives: the same executions, each explored once (tests/relacy/division_test).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "interleave/harness/registry.hpp"

namespace interleave::harness::detail {

// The most pieces a search is cut into, and the deepest cut: the listing runs one execution per
// piece, so it stays a small part of a search worth dividing.
inline constexpr std::size_t max_pieces = 4096;
inline constexpr unsigned max_cut_depth = 64;
// The fewest iterations of a random search's piece: a child's start costs about as much as a few
// thousand iterations of a small model.
inline constexpr std::uint64_t random_piece_iterations = 50000;
// The fewest scenarios of a property's piece: a default property (400 scenarios, a few seconds)
// is cut in 4.
inline constexpr std::uint64_t property_piece_scenarios = 100;

// Whether the runner may divide `e`'s search under `s`: a model's search of more executions than
// `divide_after` allows (a bound or full search's budget of 0 is none; a random search of fewer
// than two pieces' iterations is not), or a property of at least two pieces' scenarios, from the
// beginning (not a replay, not a piece). `divide_after` 0: none is.
[[nodiscard]] bool divisible(const Entry& e, const SearchSettings& s, std::uint64_t divide_after);

// The child's side. Searches `e` under `s` (by `search`, which applies the run's mutant) for at
// most `divide_after` executions; a search that ends within them (a defect, the whole tree, or
// its own time budget) gives its verdict. Otherwise the pieces: the cut one decision deeper at a
// time until there are at least `target` (or the tree has no deeper decision, or max_pieces).
// A random search: no probe, its iterations in `target` ranges, fewer where that would make a
// range shorter than random_piece_iterations. A property: its scenarios so, by
// property_piece_scenarios.
// `divide_after` 0: no search, only the cut (a sharded run's, which every shard makes alike).
using SearchOrPieces = std::variant<Verdict, std::vector<std::string>>;
[[nodiscard]] SearchOrPieces search_or_divide(
    const Entry& e, const SearchSettings& s, std::uint64_t divide_after, std::size_t target,
    const std::function<Verdict(const SearchSettings&)>& search);

// The parent's side: the undivided search's verdict from its pieces' verdicts, in listing order
// (an empty one: that piece has not finished), once the ones already in decide it. `budget` is
// the item's iteration budget (0: none), which the undivided search spends in that order.
//   - A piece that met a defect within what is left of the budget decides, if every piece before
//     it is in: its defect, execution and state (which replays undivided), with the iterations
//     of the pieces before it added. Pieces after it do not count, as the undivided search never
//     reaches them.
//   - The budget spent within a piece decides too: "budget exhausted" at exactly `budget`.
//   - Otherwise every piece must be in: the iterations summed, "complete" only if every piece
//     is; a piece that ran out of its time budget makes it "budget exhausted".
// The verdict's `pieces` is the number of pieces; a mutation run's sites are those of the pieces
// that count. A failing state names the execution's number in the piece; the joined one names it
// in the whole search, as the undivided search's does (`scheduler` and `threads` read it).
// A random search's pieces each run their own range (the budget is theirs), and a failure's
// iteration and state are already the whole search's; the defects the pieces that count went
// past are tallied together ("MEMORY LEAK in 113 iterations, first at 1").
// A property's pieces likewise, the first failing one deciding once those before it are in: its
// shrunk scenario, reproduce string and replay (none names the piece), with the scenarios and
// iterations of the pieces before it added (its seconds_to_find stays its piece's own).
[[nodiscard]] std::optional<Verdict> join_pieces(std::span<const std::optional<Verdict>> pieces,
                                                 Kind kind, std::uint64_t budget,
                                                 Scheduler scheduler, int threads);

// What an item's result says when one of its pieces (`index` from 0, of `count`, `piece` its
// SearchSettings::piece) crashed, timed out or could not run: "piece 4 of 216 (the subtree
// under ...): MESSAGE", "(iterations 1-50000)" for a random search's, "(scenarios 101-200)" for
// a property's. The runner and merge say it alike.
[[nodiscard]] std::string piece_failure(Kind kind, std::size_t index, std::size_t count,
                                        const std::string& piece, const std::string& message);

}  // namespace interleave::harness::detail
