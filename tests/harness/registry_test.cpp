#include <gtest/gtest.h>

#include "interleave/harness/registry.hpp"
#include "interleave/harness/result.hpp"

namespace interleave::harness {
namespace {

Entry entry(std::string id, Expectation e = Expectation::pass()) {
  Entry x;
  x.id = std::move(id);
  x.expected = std::move(e);
  x.file = "m.cpp";
  x.line = 7;
  return x;
}

TEST(Registry, accepts_path_ids_and_finds_them) {
  Registry r;
  EXPECT_TRUE(r.add(entry("mutex/poison-seen-after-panic")));
  EXPECT_TRUE(r.add(entry("channel/unbounded/two-producers-no-loss")));
  EXPECT_NE(r.find("mutex/poison-seen-after-panic"), nullptr);
  EXPECT_EQ(r.find("mutex"), nullptr);
  EXPECT_TRUE(r.problems().empty());
}

TEST(Registry, rejects_ids_that_are_not_paths_and_says_where) {
  Registry r;
  for (const char* bad : {"", "/mutex", "mutex/", "mutex//x", "Mutex/X", "mutex x"})
    EXPECT_FALSE(r.add(entry(bad))) << bad;
  ASSERT_EQ(r.problems().size(), 6u);
  EXPECT_NE(r.problems()[0].find("m.cpp:7"), std::string::npos);
  EXPECT_TRUE(r.entries().empty());
}

TEST(Registry, rejects_a_duplicate_id_naming_both_places) {
  Registry r;
  EXPECT_TRUE(r.add(entry("rc/double-free")));
  EXPECT_FALSE(r.add(entry("rc/double-free")));
  ASSERT_EQ(r.problems().size(), 1u);
  EXPECT_NE(r.problems()[0].find("already registered"), std::string::npos);
}

TEST(Registry, rejects_a_model_expecting_a_defect_relacy_never_reports) {
  Registry r;
  EXPECT_FALSE(r.add(entry("rc/double-free", Expectation::fails_with("DOUBLE FREED"))));
  ASSERT_EQ(r.problems().size(), 1u);
  EXPECT_NE(r.problems()[0].find("DOUBLE FREE,"), std::string::npos) << "lists the known names";
  EXPECT_TRUE(r.add(entry("rc/double-free", Expectation::fails_with("DOUBLE FREE"))));
}

TEST(Registry, rejects_default_settings_outside_what_the_command_line_accepts) {
  Registry r;
  Entry property = entry("channel/property/x");
  property.kind = Kind::property;
  property.defaults.iterations = max_scenarios + 1;  // RapidCheck counts scenarios in an int
  EXPECT_FALSE(r.add(property));
  Entry model = entry("mutex/x");
  model.defaults.seconds = max_seconds * 2;
  EXPECT_FALSE(r.add(model));
  model.defaults.seconds = -1;
  EXPECT_FALSE(r.add(model));
  ASSERT_EQ(r.problems().size(), 3u);
  EXPECT_NE(r.problems()[0].find("1000001 scenarios (at most 1000000)"), std::string::npos)
      << r.problems()[0];
  property.defaults.iterations = max_scenarios;
  EXPECT_TRUE(r.add(property));
}

TEST(Expectation, describes_itself_as_list_prints_it) {
  EXPECT_EQ(Expectation::pass().describe(), "pass");
  EXPECT_EQ(Expectation::fails_with("DEADLOCK").describe(), "fails with DEADLOCK");
}

TEST(Classify, maps_expectation_and_verdict_to_outcome) {
  Verdict clean;
  Verdict race;
  race.defect = "DATA RACE";
  const auto pass = Expectation::pass();
  const auto wants_race = Expectation::fails_with("DATA RACE");
  const auto wants_deadlock = Expectation::fails_with("DEADLOCK");
  EXPECT_EQ(classify(pass, clean), Outcome::pass);
  EXPECT_EQ(classify(pass, race), Outcome::fail);
  EXPECT_EQ(classify(wants_race, race), Outcome::expected_failure);
  EXPECT_EQ(classify(wants_race, clean), Outcome::unexpected_pass);
  EXPECT_EQ(classify(wants_deadlock, race), Outcome::fail);
}

TEST(Classify, only_pass_and_expected_failure_are_as_expected) {
  for (Outcome o : all_outcomes)
    EXPECT_EQ(as_expected(o), o == Outcome::pass || o == Outcome::expected_failure) << to_string(o);
}

TEST(Scheduler, names_round_trip) {
  for (Scheduler s : {Scheduler::random, Scheduler::bound, Scheduler::full})
    EXPECT_EQ(parse_scheduler(to_string(s)), s);
  EXPECT_FALSE(parse_scheduler("fast").has_value());
}

}  // namespace
}  // namespace interleave::harness
