// harness/src/mutation_merge.hpp (internal): joins the mutants.json files of `mutate --shard`
// runs into the mutants.json of the whole run, as merge.hpp joins results.json files and by the
// same rules (shard_set.hpp): the set must be one whole run (every shard present once, of the
// same selection and settings, each holding exactly its shard's mutants), else it is refused, or
// with `allow_partial` merged anyway with the missing mutants `not-run` and the reason recorded.
//
// Every shard makes the same discovery, so the shards of one run list the same `all_mutants`
// and the same unreached sites: a set that differs in either is mixed. The merged run holds
// every mutant in the run's order; its score (and per file) follows from them.
#pragma once

#include <string>
#include <vector>

#include "mutate.hpp"
#include "mutation_report.hpp"

namespace interleave::harness {

// One shard's mutants.json as read back (read_mutants_json).
struct MutantShard {
  std::string file;  // where it was read from, for messages
  MutationReportInfo info;
  MutationRun run;
};

struct MergedMutation {
  MutationReportInfo info;  // info.partial says what is missing, if anything; no command
  MutationRun run;
};

// Throws MergeRefused (merge.hpp) naming the file and what is wrong with the set.
[[nodiscard]] MergedMutation merge_mutant_shards(const std::vector<MutantShard>& shards,
                                                 bool allow_partial);

}  // namespace interleave::harness
