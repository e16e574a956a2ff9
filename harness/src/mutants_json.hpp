// harness/src/mutants_json.hpp (internal): mutants.json, written by `interleave mutate` and
// read back by `interleave merge`, both ways in one place. Schema 2 (docs/mutation-testing.md
// documents every field):
//   {"schema_version": 3, "command", "settings", "selected": [ID...],
//    "shard": null | "I/N", "all_mutants": [MUTANT ID...], "partial": null | WHY,
//    "score": SCORE, "files": [{"file", ...SCORE}],
//    "mutants": [{"id", "site": {"file", "line", "column", "function"}, "operation",
//                 "original", "mutation",
//                 "outcome" (killed|timeout|crash|survived|equivalent|not-run),
//                 "killed_by": null | {"id", "outcome", "defect", "message", "seconds", "replay"},
//                 "declared_equivalent": null | REASON,
//                 "items": [ID...], "runs", "seconds", "controls_changed": [ID...]}],
//    "unreached_sites": [{"file", "line", "column", "operation", "order", "function"}],
//    "unmatched_declarations": ["WHERE: FILE FUNCTION OPERATION:ORDER:MUTATION"...]}
//   SCORE = {"percent", "mutants", "detected", "killed", "timeouts", "crashes", "survived",
//            "equivalent", "not_run"}
// `all_mutants` is every mutant of the run, every shard's, in the run's order (a shard's
// `mutants` are its part of them); `partial` says why a merge was not of one whole run.
//
// Reading: the file is outside input (another job's artifact), so every field read is checked
// for its type and range, and a mutant's fields must be the ones its id names. "score" and
// "files" are not read: they follow from the mutants (MutationRun::score).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "mutate.hpp"
#include "mutation_report.hpp"

namespace interleave::harness {

// 2: the shard, every mutant of the run (all_mutants) and a merge's partial. A version 1 file
// cannot be merged (it does not list the run's mutants), so the reader refuses it.
// 3: mutants declared equivalent (outcome equivalent, declared_equivalent,
// unmatched_declarations); the reader also reads 2, as 3 without declarations.
inline constexpr int mutants_json_schema_version = 3;

[[nodiscard]] std::string to_mutants_json(const MutationRun& run, const MutationReportInfo& info);

// The run and its info from mutants.json's text, or std::runtime_error saying what is wrong
// with it. The run has no discovery results (mutants.json does not keep them).
[[nodiscard]] MutationRun parse_mutants_json(std::string_view text, MutationReportInfo* info);
// The same from a file; the error names it ("FILE is not an interleave mutants.json: ...").
[[nodiscard]] MutationRun read_mutants_json(const std::filesystem::path& file,
                                            MutationReportInfo* info);

// Whether `file` is a mutants.json rather than a results.json (or neither): its top level is an
// object with "mutants". `interleave merge` takes either kind and reads each with its reader.
[[nodiscard]] bool is_mutants_json(const std::filesystem::path& file);

}  // namespace interleave::harness
