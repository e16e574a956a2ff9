// harness/src/shard_run.hpp: `run --shard I/N` over the pieces of every item. Internal to the
// harness; not installed.
//
// The units of a sharded run are its items in their order, each divisible one (division.hpp,
// divisible: a model's bound or full search past divide_after executions) replaced by the
// pieces of its search in listing order; shard I runs the units at positions I, I+N, I+2N, ...
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
#include <vector>

#include "interleave/harness/parse.hpp"
#include "interleave/harness/runner.hpp"

namespace interleave::harness {

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
