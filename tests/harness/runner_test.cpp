// The runner isolates each item in its own process: a crash, a hang or a throw is a result,
// and the other items still run.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <stdexcept>

#include "interleave/harness/runner.hpp"

namespace interleave::harness {
namespace {

Entry item(std::string id, RunFunction f, Expectation e = Expectation::pass()) {
  Entry x;
  x.id = std::move(id);
  x.expected = std::move(e);
  x.run = std::move(f);
  x.defaults.scheduler = Scheduler::random;
  x.defaults.iterations = 10;
  return x;
}

Verdict clean(const SearchSettings& s) {
  Verdict v;
  v.iterations = s.iterations;
  return v;
}

Verdict racy(const SearchSettings&) {
  Verdict v;
  v.defect = "DATA RACE";
  v.final_state = "3 ";
  v.trace.push_back(Step{4, 1, "store, value=1", "@1", "1", "", "thread", "m.cpp", 12});
  return v;
}

std::vector<Result> run_all(const std::vector<Entry>& entries, double timeout = 30) {
  std::vector<const Entry*> items;
  for (const auto& e : entries) items.push_back(&e);
  RunOptions o;
  o.jobs = 3;
  o.timeout_seconds = timeout;
  o.program = "interleave";
  return run_items(items, o);
}

TEST(Runner, crash_hang_and_throw_are_results_and_the_rest_still_run) {
  const std::vector<Entry> entries = {
      item("a/clean", clean),
      item("a/aborts", [](const SearchSettings&) -> Verdict { std::abort(); }),
      item("a/hangs", [](const SearchSettings&) -> Verdict { for (;;) ::pause(); }),
      item("a/throws", [](const SearchSettings&) -> Verdict { throw std::runtime_error("boom"); }),
      item("a/exits", [](const SearchSettings&) -> Verdict { std::_Exit(3); }),
      item("a/also-clean", clean),
  };
  const auto results = run_all(entries, 1.0);
  ASSERT_EQ(results.size(), entries.size());
  EXPECT_EQ(results[0].outcome, Outcome::pass);
  EXPECT_EQ(results[1].outcome, Outcome::crash);
  EXPECT_NE(results[1].message.find("signal 6"), std::string::npos) << results[1].message;
  EXPECT_EQ(results[2].outcome, Outcome::timeout);
  EXPECT_EQ(results[3].outcome, Outcome::error);
  EXPECT_NE(results[3].message.find("boom"), std::string::npos);
  EXPECT_EQ(results[4].outcome, Outcome::crash);
  EXPECT_NE(results[4].message.find("status 3"), std::string::npos) << results[4].message;
  EXPECT_EQ(results[5].outcome, Outcome::pass);
}

TEST(Runner, results_keep_registration_order_and_settings) {
  const std::vector<Entry> entries = {item("b/one", clean), item("b/two", racy),
                                      item("b/three", racy, Expectation::fails_with("DATA RACE"))};
  const auto results = run_all(entries);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].id, "b/one");
  EXPECT_EQ(results[0].verdict.iterations, 10u);
  EXPECT_EQ(results[1].outcome, Outcome::fail);
  EXPECT_EQ(results[2].outcome, Outcome::expected_failure);
  ASSERT_EQ(results[2].verdict.trace.size(), 1u);
  EXPECT_EQ(results[2].verdict.trace[0], (Step{4, 1, "store, value=1", "@1", "1", "", "thread", "m.cpp", 12}));
}

TEST(Runner, overrides_replace_only_what_was_given) {
  Entry e = item("c/x", clean);
  e.defaults = SearchSettings{.scheduler = Scheduler::bound, .iterations = 500, .context_bound = 3};
  SearchOverrides o;
  o.context_bound = 1;
  const auto s = effective_settings(e, o);
  EXPECT_EQ(s.scheduler, Scheduler::bound);
  EXPECT_EQ(s.iterations, 500u);
  EXPECT_EQ(s.context_bound, 1u);
}

TEST(Runner, replay_command_carries_every_setting_needed) {
  Result r;
  r.id = "rc/double-free";
  r.settings = SearchSettings{.scheduler = Scheduler::bound, .iterations = 1000, .context_bound = 2};
  r.verdict.defect = "DOUBLE FREE";
  r.verdict.final_state = "1 3 2 0 ";
  EXPECT_EQ(replay_command("./interleave", r),
            "./interleave replay rc/double-free --scheduler bound --context-bound 2 --state '1 3 2 0 '");
  Result p;
  p.id = "mutex/x";
  p.settings = SearchSettings{.scheduler = Scheduler::random, .iterations = 5000, .context_bound = 2, .seed = 17};
  EXPECT_EQ(replay_command("interleave", p),
            "interleave run --filter mutex/x --scheduler random --iterations 5000 --seed 17");
}

TEST(Runner, verdicts_cross_the_pipe_intact) {
  Verdict v = racy({});
  v.detail = "DATA RACE (data race detected)";
  v.history = "line one\nline \"two\"\n";
  v.iterations = 42;
  v.search = SearchEnd::complete;
  const Verdict back = verdict_from_json(verdict_to_json(v));
  EXPECT_EQ(back.defect, v.defect);
  EXPECT_EQ(back.detail, v.detail);
  EXPECT_EQ(back.history, v.history);
  EXPECT_EQ(back.iterations, 42u);
  EXPECT_EQ(back.search, SearchEnd::complete);
  EXPECT_EQ(back.trace, v.trace);
}

}  // namespace
}  // namespace interleave::harness
