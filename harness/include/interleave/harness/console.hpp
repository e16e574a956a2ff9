// interleave/harness/console.hpp: the human-readable lines `interleave` prints.
#pragma once

#include <cstdio>
#include <string_view>
#include <vector>

#include "interleave/harness/registry.hpp"
#include "interleave/harness/result.hpp"

namespace interleave::harness {

// One line per result; an unexpected failure is followed by its interleaving, and every
// failure by its replay command. `colour`: the outcome word in ANSI colour (green as expected,
// red not, yellow not run), for a terminal.
void print_result(std::FILE* out, const Result& r, std::size_t id_width, bool colour = false);
// The interleaving as numbered steps: thread, object, operation, file:line; for a DATA RACE
// (`defect`) both racing accesses marked.
void print_trace(std::FILE* out, const std::vector<Step>& trace, std::string_view defect = {});
// A result's interleaving so, a step that Relacy ran outside the threads named by its lane
// instead of its thread ("prefix", "check", "after": a property's before() and after(), a
// model's after()), as every report names it.
void print_trace(std::FILE* out, const Result& r);
// A generated scenario: one column per part (prefix, thread 0, ..., suffix), each operation
// with its result.
void print_scenario(std::FILE* out, const ScenarioTable& t);
// "N results: a pass, b expected-failure, ..." and the verdict line; for a run stopped by a
// signal (`interrupted`: "SIGINT"), a line saying so and how many items were not run.
// `colour`: the verdict's word (OK, FAILED) as print_result colours outcomes.
void print_summary(std::FILE* out, const std::vector<Result>& results, double seconds,
                   std::string_view interrupted = {}, bool colour = false);
// `interleave list`.
void print_listing(std::FILE* out, const std::vector<const Entry*>& items);

}  // namespace interleave::harness
