#include <gtest/gtest.h>

#include "interleave/harness/registry.hpp"
#include "interleave/harness/result.hpp"

namespace interleave::harness {
namespace registry_test {

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

TEST(Registry, accepts_every_result_relacy_reports_but_success) {
  Registry r;
  for (const char* name : {"UNTIL CONDITION HIT", "DOUBLE INITIALIZATION OF SEMAPHORE",
                           "USAGE OF NON INITIALIZED SEMAPHORE", "DOUBLE INITIALIZATION OF EVENT",
                           "USAGE OF NON INITIALIZED EVENT"})
    EXPECT_TRUE(r.add(
        entry(std::string("x/") + char('a' + r.entries().size()), Expectation::fails_with(name))))
        << name;
  EXPECT_FALSE(r.add(entry("x/success", Expectation::fails_with("SUCCESS"))));
  EXPECT_EQ(r.problems().size(), 1u);
}

TEST(Registry, accepts_the_defects_the_library_names_itself) {
  Registry r;
  EXPECT_TRUE(r.add(entry("rc/a", Expectation::fails_with("RC USED ON ANOTHER THREAD"))));
  EXPECT_TRUE(
      r.add(entry("rc/b", Expectation::fails_with("DOUBLE FREE", {"RC USED ON ANOTHER THREAD"}))));
  EXPECT_TRUE(r.problems().empty());
  EXPECT_EQ(model_defects().back(), "RC USED ON ANOTHER THREAD");
  EXPECT_EQ(model_defects().size(), relacy_results().size() + 1);
}

TEST(Registry, rejects_passing_a_defect_that_is_the_expected_one_or_no_relacy_result) {
  Registry r;
  EXPECT_FALSE(r.add(entry("rc/a", Expectation::fails_with("DOUBLE FREE", {"DOUBLE FREE"}))));
  EXPECT_FALSE(r.add(entry("rc/b", Expectation::fails_with("DOUBLE FREE", {"MEMORY LEAKS"}))));
  ASSERT_EQ(r.problems().size(), 2u);
  EXPECT_NE(
      r.problems()[0].find("'rc/a' may pass 'DOUBLE FREE', but it is the expected defect itself"),
      std::string::npos)
      << r.problems()[0];
  EXPECT_NE(r.problems()[1].find(
                "'rc/b' may pass 'MEMORY LEAKS', but it is not a defect a model reports"),
            std::string::npos)
      << r.problems()[1];
  EXPECT_TRUE(r.add(entry("rc/c", Expectation::fails_with("DOUBLE FREE", {"MEMORY LEAK"}))));
}

TEST(Registry, rejects_a_description_that_is_not_valid_utf8) {
  Registry r;
  Entry e = entry("mutex/x");
  e.description = "caf\xc3";  // a character cut in half
  EXPECT_FALSE(r.add(e));
  ASSERT_EQ(r.problems().size(), 1u);
  EXPECT_NE(r.problems()[0].find("the description of 'mutex/x' is not valid UTF-8"),
            std::string::npos)
      << r.problems()[0];
  e.description = "caf\xc3\xa9";
  EXPECT_TRUE(r.add(e));
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
  EXPECT_EQ(
      Expectation::fails_with("DOUBLE FREE", {"MEMORY LEAK", "ACCESS TO FREED MEMORY"}).describe(),
      "fails with DOUBLE FREE (may pass MEMORY LEAK, ACCESS TO FREED MEMORY)");
  EXPECT_TRUE(Expectation::fails_with("DOUBLE FREE", {"MEMORY LEAK"}).may_pass("MEMORY LEAK"));
  EXPECT_FALSE(Expectation::fails_with("DOUBLE FREE", {"MEMORY LEAK"}).may_pass("DATA RACE"));
}

TEST(SearchSettings, a_search_goes_on_only_past_the_defects_named_as_passing) {
  SearchSettings s;
  s.search_for = "DOUBLE FREE";
  EXPECT_FALSE(s.may_pass("MEMORY LEAK")) << "none unless named";
  s.passing = {"MEMORY LEAK", "ACCESS TO FREED MEMORY"};
  EXPECT_TRUE(s.may_pass("MEMORY LEAK"));
  EXPECT_TRUE(s.may_pass("ACCESS TO FREED MEMORY"));
  EXPECT_FALSE(s.may_pass("DATA RACE"));
  EXPECT_FALSE(s.may_pass("DOUBLE FREE"));
}

TEST(SearchEnd, names_round_trip) {
  for (SearchEnd e : {SearchEnd::complete, SearchEnd::budget_exhausted, SearchEnd::stopped})
    EXPECT_EQ(parse_search_end(to_string(e)), e);
  EXPECT_EQ(to_string(SearchEnd::stopped), "stopped at the first defect");
  EXPECT_EQ(parse_search_end("finished"), std::nullopt);
}

TEST(Classify, maps_expectation_and_verdict_to_outcome) {
  Verdict clean;
  clean.iterations = 100;
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

TEST(Classify, a_search_that_explored_nothing_is_an_error_never_a_pass) {
  Verdict nothing;  // no defect, no execution: a model of 0 iterations, a property of 0 scenarios
  for (const auto& e : {Expectation::pass(), Expectation::fails_with("DATA RACE")})
    EXPECT_EQ(classify(e, nothing), Outcome::error) << e.describe();
  EXPECT_TRUE(explored_nothing(nothing));
  Verdict race_at_first;  // a defect in the first execution is something found
  race_at_first.defect = "DATA RACE";
  EXPECT_EQ(classify(Expectation::fails_with("DATA RACE"), race_at_first),
            Outcome::expected_failure);
  EXPECT_FALSE(explored_nothing(race_at_first));
  Verdict one;
  one.iterations = 1;
  EXPECT_EQ(classify(Expectation::pass(), one), Outcome::pass);
}

TEST(Classify, only_pass_and_expected_failure_are_as_expected) {
  for (Outcome o : all_outcomes)
    EXPECT_EQ(as_expected(o), o == Outcome::pass || o == Outcome::expected_failure) << to_string(o);
}

TEST(Registry, a_control_that_injects_a_fault_gets_a_twin_expected_to_pass) {
  Registry r;
  Entry control = entry("mutex/negative/forgets-to-lock", Expectation::fails_with("DATA RACE"));
  control.defaults.iterations = 123;
  bool twin_ran = false;
  control.without_fault = [&](const SearchSettings&) {
    twin_ran = true;
    return Verdict{};
  };
  ASSERT_TRUE(r.add(control));
  ASSERT_EQ(r.entries().size(), 1u) << "a twin is not an entry: plain list and run leave it out";
  ASSERT_EQ(r.twins().size(), 1u);
  const Entry* twin = r.twin_of(r.entries().front());
  ASSERT_NE(twin, nullptr);
  EXPECT_EQ(twin->id, "mutex/negative/forgets-to-lock [without fault]");
  EXPECT_EQ(twin->id, twin_id(control.id));
  EXPECT_EQ(twin->twin_of, control.id);
  EXPECT_TRUE(r.entries().front().injects_fault) << "add marks the control from without_fault";
  EXPECT_FALSE(twin->injects_fault);
  EXPECT_TRUE(twin->expected.expects_pass());
  EXPECT_EQ(twin->defaults.iterations, 123u) << "the same search as the control";
  EXPECT_EQ(twin->file, "m.cpp");
  EXPECT_EQ(r.find(twin->id), twin) << "replay finds a twin by its id";
  (void)twin->run(SearchSettings{});
  EXPECT_TRUE(twin_ran) << "the twin runs the control's without_fault";
}

TEST(Registry, a_demonstration_or_a_passing_item_has_no_twin) {
  Registry r;
  ASSERT_TRUE(r.add(entry("rc/double-free", Expectation::fails_with("DOUBLE FREE"))));
  Entry passing = entry("mutex/mutual-exclusion");
  passing.without_fault = [](const SearchSettings&) { return Verdict{}; };
  ASSERT_TRUE(r.add(passing));
  EXPECT_TRUE(r.twins().empty());
  for (const auto& e : r.entries()) {
    EXPECT_EQ(r.twin_of(e), nullptr) << e.id;
    EXPECT_FALSE(e.injects_fault) << e.id;
  }
}

TEST(Scheduler, names_round_trip) {
  for (Scheduler s : {Scheduler::random, Scheduler::bound, Scheduler::full})
    EXPECT_EQ(parse_scheduler(to_string(s)), s);
  EXPECT_FALSE(parse_scheduler("fast").has_value());
}

}  // namespace registry_test
}  // namespace interleave::harness
