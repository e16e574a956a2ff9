// The one JSON form of the result data model (harness/internal/.../result_json.hpp): the pipe
// carries every field of a Verdict; a Result's form is results.json's, which carries the
// verdict's fields by the same names and leaves out what a report does not show.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "interleave/harness/result_json.hpp"
#include "interleave/harness/runner.hpp"

namespace interleave::harness {
namespace result_json_test {

// A verdict with every field set to something other than its default.
Verdict every_field() {
  Verdict v;
  v.defect = "USER ASSERT FAILED";
  v.detail = "USER ASSERT FAILED (assertion: got == sent)";
  v.iterations = 17;
  v.search = SearchEnd::stopped;
  v.final_state = "3 1 0 ";
  v.trace = {Step{0, 0, "[CTOR BEGIN]", "", "", "", "fiber_proc_impl",
                  "/usr/include/relacy/context.hpp", 457, StepKind::relacy_marker},
             Step{1, 1, "atomic store, value=1, order=release", "@1", "1", "release", "flag::raise",
                  "lib/include/interleave/mutex.hpp", 120}};
  v.history = "execution history (2):\n...";
  v.other_defects = {"MEMORY LEAK in 3 iterations, first at 1"};
  v.scenarios = 33;
  v.shrink_candidates = 61;
  v.seconds_to_find = 0.5;
  v.scenario =
      ScenarioTable{{{"put", "ok", false}}, {{{"take", "", false}, {"drop", "", true}}}, {}};
  v.reproduce = "BUyYv5GZ2Fmc";
  v.replay_scheduler = Scheduler::bound;
  v.replay_context_bound = 1;
  v.replay_misfit = "decision 4 offers 3 alternatives where this item's execution has 2";
  return v;
}

void expect_same(const Verdict& a, const Verdict& b) {
  EXPECT_EQ(a.defect, b.defect);
  EXPECT_EQ(a.detail, b.detail);
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_EQ(a.search, b.search);
  EXPECT_EQ(a.final_state, b.final_state);
  EXPECT_EQ(a.trace, b.trace);
  EXPECT_EQ(a.history, b.history);
  EXPECT_EQ(a.other_defects, b.other_defects);
  EXPECT_EQ(a.scenarios, b.scenarios);
  EXPECT_EQ(a.shrink_candidates, b.shrink_candidates);
  EXPECT_EQ(a.seconds_to_find, b.seconds_to_find);
  EXPECT_EQ(a.scenario, b.scenario);
  EXPECT_EQ(a.reproduce, b.reproduce);
  EXPECT_EQ(a.replay_scheduler, b.replay_scheduler);
  EXPECT_EQ(a.replay_context_bound, b.replay_context_bound);
  EXPECT_EQ(a.replay_misfit, b.replay_misfit);
}

TEST(ResultJson, the_pipe_carries_every_field_of_a_verdict) {
  const Verdict v = every_field();
  expect_same(verdict_from_json(verdict_to_json(v)), v);
  // And an empty one stays empty: no defect, no scenario, no replay scheduler.
  const Verdict empty;
  expect_same(verdict_from_json(verdict_to_json(empty)), empty);
}

TEST(ResultJson, a_step_is_written_as_results_json_documents_it) {
  const result_json j = every_field().trace[1];
  EXPECT_EQ(j.dump(),
            R"({"step":1,"thread":1,"operation":"atomic store, value=1, order=release",)"
            R"("object":"@1","value":"1","memory_order":"release","function":"flag::raise",)"
            R"("file":"lib/include/interleave/mutex.hpp","line":120})");
  const result_json marker = every_field().trace[0];
  EXPECT_TRUE(marker.at("object").is_null());
  EXPECT_TRUE(marker.at("memory_order").is_null());
}

TEST(ResultJson, a_step_read_back_is_classified_as_the_parser_classifies_it) {
  Verdict v = every_field();
  for (auto& s : v.trace) s.kind = StepKind::program;  // wrong for the marker: reading fixes it
  const auto back = verdict_from_json(verdict_to_json(v)).trace;
  EXPECT_EQ(back[0].kind, StepKind::relacy_marker);
  EXPECT_EQ(back[1].kind, StepKind::program);
  EXPECT_FALSE(result_json(back[0]).contains("kind"));  // results.json has no such field
}

Result property_failure() {
  Result r;
  r.id = "channel/property/negative/x";
  r.kind = Kind::property;
  r.threads = 2;
  r.expected = Expectation::fails_with("USER ASSERT FAILED", {"MEMORY LEAK"});
  r.description = "a property";
  r.file = "properties/scenarios/channel.cpp";
  r.line = 40;
  r.injects_fault = true;
  r.settings.iterations = 400;
  r.outcome = Outcome::expected_failure;
  r.verdict = every_field();
  r.seconds = 1.25;
  r.replay = "interleave replay channel/property/negative/x";
  return r;
}

std::vector<std::string> keys(const result_json& j) {
  std::vector<std::string> out;
  for (const auto& [key, value] : j.items()) out.push_back(key);
  return out;
}

TEST(ResultJson, a_result_is_one_object_in_results_json_order_without_what_reports_leave_out) {
  const result_json j = property_failure();
  // A model's result without a defect: what every result has.
  const std::vector<std::string> every_result = {"id",
                                                 "kind",
                                                 "threads",
                                                 "description",
                                                 "source",
                                                 "expected",
                                                 "expected_defect",
                                                 "may_pass",
                                                 "injects_fault",
                                                 "twin_of",
                                                 "outcome",
                                                 "defect",
                                                 "detail",
                                                 "scheduler",
                                                 "context_bound",
                                                 "iteration_budget",
                                                 "seed",
                                                 "iterations",
                                                 "search",
                                                 "other_defects",
                                                 "seconds",
                                                 "replay",
                                                 "message"};
  // A failing property's: those, then its failure and its scenario.
  std::vector<std::string> failing_property = every_result;
  failing_property.insert(failing_property.end(),
                          {"state", "trace", "scenarios", "shrink_candidates", "seconds_to_find",
                           "scenario", "reproduce", "replay_scheduler", "replay_context_bound"});
  EXPECT_EQ(keys(j), failing_property);
  // No state, no trace, no property fields.
  Result model = property_failure();
  model.kind = Kind::model;
  model.verdict = Verdict{};
  model.verdict.iterations = 5;
  model.outcome = Outcome::pass;
  EXPECT_EQ(keys(result_json(model)), every_result);
  // Without a verdict (a crash), the search end is null.
  model.outcome = Outcome::crash;
  EXPECT_TRUE(result_json(model).at("search").is_null());
}

TEST(ResultJson, a_twin_names_its_control_and_a_result_without_the_fields_reads_as_none) {
  Result twin = property_failure();
  twin.injects_fault = false;
  twin.twin_of = "channel/property/negative/y";
  const result_json j = twin;
  EXPECT_EQ(j.at("injects_fault"), false);
  EXPECT_EQ(j.at("twin_of"), "channel/property/negative/y");
  EXPECT_EQ(j.get<Result>().twin_of, twin.twin_of);
  EXPECT_TRUE(result_json(property_failure()).at("twin_of").is_null());
  // A results.json older than the fields: no control, no twin.
  result_json old = property_failure();
  old.erase("injects_fault");
  old.erase("twin_of");
  EXPECT_FALSE(old.get<Result>().injects_fault);
  EXPECT_TRUE(old.get<Result>().twin_of.empty());
  old["injects_fault"] = "yes";
  EXPECT_THROW((void)old.get<Result>(), std::runtime_error);
}

TEST(ResultJson, a_result_reads_back_as_written_but_for_what_reports_leave_out) {
  const Result r = property_failure();
  const Result back = result_json(r).get<Result>();
  EXPECT_EQ(back.id, r.id);
  EXPECT_EQ(back.kind, r.kind);
  EXPECT_EQ(back.threads, r.threads);
  EXPECT_EQ(back.expected.describe(), r.expected.describe());
  EXPECT_EQ(back.description, r.description);
  EXPECT_EQ(back.file, r.file);
  EXPECT_EQ(back.line, r.line);
  EXPECT_EQ(back.injects_fault, r.injects_fault);
  EXPECT_EQ(back.twin_of, r.twin_of);
  EXPECT_EQ(back.outcome, r.outcome);
  EXPECT_EQ(back.settings.iterations, 400u);
  EXPECT_EQ(back.seconds, r.seconds);
  EXPECT_EQ(back.replay, r.replay);
  Verdict shown = r.verdict;  // results.json has no history and no replay misfit
  shown.history.clear();
  shown.replay_misfit.clear();
  expect_same(back.verdict, shown);
}

}  // namespace result_json_test
}  // namespace interleave::harness
