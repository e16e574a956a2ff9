// Each backend operation records its caller's std::source_location, so a Relacy history names
// the line in the primitive (or model) that made the call, never the backend wrapper's line.
#include <gtest/gtest.h>

#include <string>

#include "source_location_models.hpp"

namespace interleave::test {
namespace {

harness::SearchSettings bound2() {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::bound;
  s.context_bound = 2;
  s.iterations = 100000;
  return s;
}

TEST(SourceLocation, history_names_the_callers_line_not_the_backend_wrapper) {
  const auto v = run_relaxed_publication(bound2());
  ASSERT_EQ(v.defect, "DATA RACE");
  bool found = false;
  for (const auto& step : v.trace) {
    if (step.operation.rfind("atomic store, value=1", 0) != 0) continue;
    found = true;
    EXPECT_EQ(step.file, "tests/relacy/source_location_models.cpp");
    EXPECT_EQ(step.line, store_line);
    EXPECT_EQ(step.order, "relaxed");
  }
  EXPECT_TRUE(found) << v.history;
}

TEST(SourceLocation, steps_inside_mutex_name_mutex_hpp) {
  const auto v = run_unlocked_read(bound2());
  ASSERT_EQ(v.defect, "DATA RACE") << v.history;
  int lock_steps = 0;
  for (const auto& step : v.trace) {
    if (step.operation.find("mutex: exclusive") == std::string::npos) continue;
    ++lock_steps;
    EXPECT_EQ(step.file, "lib/include/interleave/mutex.hpp") << step.operation;
    EXPECT_NE(step.file, "lib/include/interleave/backend/relacy.hpp");
  }
  EXPECT_GE(lock_steps, 2);
  EXPECT_EQ(v.trace.back().file, "tests/relacy/source_location_models.cpp");
}

// Every step that builds a primitive names the line that called its constructor or factory (its
// built_here parameter), not the members' declarations in the library (a constructor's own
// operations, as the bounded channel's stores of its slots' stamps, keep their lines); a Mutex
// built by std::optional::emplace names its own member line, not the standard library's.
TEST(SourceLocation, construction_steps_name_the_line_that_built_the_primitive) {
  const auto v = run_built_where_called(bound2());
  ASSERT_EQ(v.defect, "USER ASSERT FAILED") << v.history;
  const std::string here = "tests/relacy/source_location_models.cpp";
  const char* what[] = {"a Mutex", "make_arc", "sync_channel", "an in-place RwLock", "an Rc"};
  for (int i = 0; i < 5; ++i) {
    int steps = 0;
    for (const auto& step : v.trace)
      if (step.file == here && step.line == built_lines[i]) ++steps;
    EXPECT_GE(steps, 1) << what[i] << " at line " << built_lines[i] << "\n" << v.history;
  }
  bool allocation = false;  // make_arc's allocation names its caller's line
  for (const auto& step : v.trace)
    if (step.operation.rfind("memory allocation", 0) == 0 && step.line == built_lines[1])
      allocation = step.file == here;
  EXPECT_TRUE(allocation) << v.history;
  // The emplaced Mutex: its poison flag's initial store at the member's line, never at the
  // standard library's (std::optional calls the constructor).
  bool member_line = false;
  for (const auto& step : v.trace) {
    EXPECT_EQ(step.file.find("/c++/"), std::string::npos) << step.file;
    member_line = member_line || step.file == "lib/include/interleave/poison.hpp";
  }
  EXPECT_TRUE(member_line) << v.history;
}

TEST(SourceLocation, a_clean_search_completes_and_reports_no_trace) {
  const auto v = run_locked_only(bound2());
  EXPECT_EQ(v.defect, "");
  EXPECT_EQ(v.search, harness::SearchEnd::complete);
  EXPECT_TRUE(v.trace.empty());
  EXPECT_GT(v.iterations, 1u);
}

TEST(SearchBudget, a_time_budget_ends_a_search_as_budget_exhausted) {
  // A random search of a billion iterations, cut to a fifth of a second.
  auto random = bound2();
  random.scheduler = harness::Scheduler::random;
  random.iterations = 1'000'000'000;
  random.seconds = 0.2;
  const auto r = run_locked_only(random);
  EXPECT_EQ(r.defect, "");
  EXPECT_EQ(r.search, harness::SearchEnd::budget_exhausted);
  EXPECT_GT(r.iterations, 0u);
  EXPECT_LT(r.iterations, random.iterations);
  // A bound search whose deadline has passed before its first iteration ends at once, without
  // claiming to be complete (the same search without a time budget completes).
  auto bound = bound2();
  bound.seconds = 1e-9;
  const auto b = run_locked_only(bound);
  EXPECT_EQ(b.defect, "");
  EXPECT_EQ(b.search, harness::SearchEnd::budget_exhausted);
  EXPECT_EQ(b.iterations, 0u);
}

TEST(SearchBudget, a_bound_search_stops_at_its_iteration_budget) {
  const auto complete = run_locked_only(bound2());
  ASSERT_GT(complete.iterations, 10u) << "the model must need more than the budget below";
  auto s = bound2();
  s.iterations = 5;
  const auto v = run_locked_only(s);
  EXPECT_EQ(v.defect, "");
  EXPECT_EQ(v.search, harness::SearchEnd::budget_exhausted);
  EXPECT_EQ(v.iterations, 5u);
}

}  // namespace
}  // namespace interleave::test
