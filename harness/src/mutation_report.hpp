// harness/src/mutation_report.hpp (internal): the reports of `interleave mutate`.
//
// mutants.json, schema 1 (docs/mutation-testing.md documents every field):
//   {"schema_version": 1, "command", "settings", "selected": [ID...],
//    "score": SCORE, "files": [{"file", ...SCORE}],
//    "mutants": [{"id", "site": {"file", "line", "column", "function"}, "operation",
//                 "original", "mutation", "outcome" (killed|timeout|crash|survived|not-run),
//                 "killed_by": null | {"id", "outcome", "defect", "message", "seconds", "replay"},
//                 "items": [ID...], "runs", "seconds", "controls_changed": [ID...]}],
//    "unreached_sites": [{"file", "line", "column", "operation", "order", "function"}]}
//   SCORE = {"percent", "mutants", "detected", "killed", "timeouts", "crashes", "survived",
//            "not_run"}
// mutants.md and mutants.html: the same for a person: the score, per file, each survivor with
// what it may mean, every detected mutant with what detected it. mutants.xml (format junit):
// one test case per mutant, a survivor a failure, a mutant not run skipped.
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
};

inline constexpr std::string_view survivor_meaning =
    "no item changed its result: either the site needs less than it has (the change is safe, and "
    "a weaker operation may be faster), or no model exercises what it guarantees (a gap in the "
    "tests)";

[[nodiscard]] const std::vector<std::string_view>&
mutation_report_formats();  // json, md, html, junit

// Writes mutants.<format> (mutants.xml for junit) for each format into `dir`; throws
// std::runtime_error naming the file that could not be written.
void write_mutation_reports(const std::string& dir, const std::vector<std::string>& formats,
                            const MutationRun& run, const MutationReportInfo& info);

}  // namespace interleave::harness
