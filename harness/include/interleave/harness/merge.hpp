// interleave/harness/merge.hpp: joins the reports of a sharded run into the report of the whole
// run, and refuses a set that is not one whole run.
//
// Each shard's results.json records which shard it is ("I/N"), every id the run selected before
// sharding (in registration order) and the search settings it was given. From those, a set of
// shard reports is one whole run exactly when
//   - every report names the same N, the same selection and the same settings (else: mixed),
//   - no shard index and no id appears twice (else: overlapping),
//   - every index 0..N-1 is present (else: incomplete), and
//   - each report holds exactly the ids its shard selects (else: mixed; it is not that shard).
// A refused set is a usage error (exit 2) naming what is wrong. With `allow_partial`, the set is
// merged anyway: what is present keeps its result, every selected id that no report holds is
// `not-run`, and the merge records why it is partial, so the gate fails (exit 1).
//
// The merged results are in registration order (the selection's), not in the order of the files.
#pragma once

#include <string>
#include <vector>

#include "interleave/harness/result.hpp"
#include "interleave/reports/report.hpp"

namespace interleave::harness {

// One shard's report as read back from its results.json.
struct ShardReport {
  std::string file;  // where it was read from, for messages
  reports::RunInfo run;
  std::vector<Result> results;
};

struct MergedRun {
  reports::RunInfo run;  // run.partial says what is missing, if anything
  std::vector<Result> results;
};

// Thrown for a set that is not one whole run (and allow_partial is off); what() names the file
// and the shard or id at fault.
struct MergeRefused : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[nodiscard]] MergedRun merge_shards(const std::vector<ShardReport>& shards, bool allow_partial);

}  // namespace interleave::harness
