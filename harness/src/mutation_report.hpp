// harness/src/mutation_report.hpp (internal): the reports of `interleave mutate`.
//
// mutants.json: mutants_json.hpp, its schema and its reader. mutants.md and mutants.html: the
// same for a person: the score, per file, each survivor with what it may mean, every detected
// mutant with what detected it. mutants.xml (format junit): one test case per mutant, a survivor
// a failure, a mutant not run skipped. Each says when it is a shard's (its score is of its part
// of the mutants only) and when it is a partial merge.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mutate.hpp"

namespace interleave::harness {

struct MutationReportInfo {
  std::string command;
  std::string settings;  // describe(SearchOverrides)
  std::vector<std::string> selected;
  std::string shard;    // "I/N" when the run was one shard, else empty
  std::string partial;  // a merge of a set that was not one whole run: what was wrong with it
};

inline constexpr std::string_view survivor_meaning =
    "no item changed its result: either the site needs less than it has (the change is safe, and "
    "a weaker operation may be faster), or no model exercises what it guarantees (a gap in the "
    "tests)";

// "shard 1/3 holds 3 of the run's 8 mutants and scores those only: merge every shard's
// mutants.json (interleave merge) for the run's score", or "" when `info` is not a shard's.
[[nodiscard]] std::string shard_text(const MutationRun& run, const MutationReportInfo& info);

// What is wrong with the run's equivalence declarations (--equivalent), a sentence each: a
// declared mutant that was detected, a declaration that matched no mutant.
[[nodiscard]] std::vector<std::string> declaration_warnings(const MutationRun& run);

[[nodiscard]] const std::vector<std::string_view>&
mutation_report_formats();  // json, md, html, junit

// Writes mutants.<format> (mutants.xml for junit) for each format into `dir`; throws
// std::runtime_error naming the file that could not be written.
void write_mutation_reports(const std::string& dir, const std::vector<std::string>& formats,
                            const MutationRun& run, const MutationReportInfo& info);

}  // namespace interleave::harness
