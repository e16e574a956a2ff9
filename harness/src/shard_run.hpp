// harness/src/shard_run.hpp: `run --shard I/N` over the pieces of every item. Internal to the
// harness; not installed.
//
// The units of a sharded run are its items in their order, each divisible one (division.hpp,
// divisible: a model's bound or full search past divide_after executions) replaced by the
// pieces of its search in dealing order (piece_order); shard I runs the units at positions I,
// I+N, I+2N, ...
// Every shard cuts every divisible item itself, into at least pieces_per_job * N pieces, and the
// cut is deterministic for a model and its settings, so the shards agree without talking. Each
// records the cuts it made (RunInfo::divided), and `merge` checks that they agree and joins each
// item's pieces into its result (merge.hpp). A piece's result is that piece's alone. A defect in
// a piece of an item expected to pass fails it (and so the item); a piece of a negative control
// that finds its defect is an expected-failure; one that finds nothing, or another defect, is a
// `pass` of that piece whose message says so: the undivided search reports the first failure in
// listing order, which may lie in another shard's piece, so only merge can decide.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "interleave/harness/parse.hpp"
#include "interleave/harness/runner.hpp"

namespace interleave::harness {

// The order in which the `count` pieces of item `id` are dealt out: a fixed shuffle (by a hash of
// the id and the piece's index), the same on every shard and in merge. Listing order would deal
// alike pieces to one shard: sibling subtrees come in turn (piece k's last decision is often k
// mod the thread count), and the subtree that goes on without a preemption is much the largest,
// so every N-th piece can be every large one (measured: the slowest of 4 shards at 1.45 times
// their mean).
[[nodiscard]] std::vector<std::size_t> piece_order(std::string_view id, std::size_t count);

// A unit of a sharded run: item `item` whole (pieces 0), or its piece `piece` of `pieces`.
struct Unit {
  std::size_t item = 0, piece = 0, pieces = 0;
};
// The units of a run whose items (by id, in order) are cut into `pieces` each (0: whole), in
// dealing order: what shard_run deals out and what merge checks the shards against.
[[nodiscard]] std::vector<Unit> run_units(const std::vector<std::string>& ids,
                                          const std::vector<std::size_t>& pieces);

struct ShardRun {
  std::vector<Result> results;                 // the shard's units' results, in unit order
  std::map<std::string, std::size_t> divided;  // every divided item of the whole run: its pieces
};

// Runs shard `shard` of `items` (every item the run selected). `planned` is told how many
// units the shard holds once the cuts are made.
[[nodiscard]] ShardRun run_shard(const std::vector<const Entry*>& items, const Shard& shard,
                                 const RunOptions& options,
                                 const std::function<void(std::size_t)>& planned);

}  // namespace interleave::harness
