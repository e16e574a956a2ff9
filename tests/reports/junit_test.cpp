// junit.xml: what CI tools accept, and what each outcome looks like in it.
//
// `junit_problems` (junit_validator.hpp) checks a document against the rules of the de-facto JUnit
// schema CI tools validate with (Jenkins' junit-10.xsd from jenkinsci/xunit-plugin, which GitLab's
// and GitHub's test-report readers also accept), plus the consistency those tools rely on: a
// suite's counts are its children's. It is itself shown to reject broken documents.
#include <gtest/gtest.h>

#include <cstring>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "interleave/reports/report.hpp"
#include "junit_validator.hpp"
#include "report_fixtures.hpp"

namespace interleave::reports {
namespace junit_test {

using namespace fixtures;

using validation::junit_problems;

// --- rendering ----------------------------------------------------------------------------------

struct Rendered {
  TempDir dir;
  pugi::xml_document doc;
};

void render(Rendered& out, const std::vector<harness::Result>& results) {
  RunInfo run{"interleave run --report-dir out --format junit", 2.5, ""};
  write_junit(out.dir.path(), run, results);
  const auto loaded = out.doc.load_file((out.dir.path() / "junit.xml").c_str());
  ASSERT_TRUE(loaded) << loaded.description();
}

pugi::xml_node testcase(const pugi::xml_document& doc, const std::string& id) {
  return doc.select_node(("//testcase[@name='" + id + "']").c_str()).node();
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

TEST(JUnit, every_outcome_renders_a_document_ci_tools_accept) {
  Rendered r;
  render(r, every_outcome());
  const auto problems = junit_problems(r.doc);
  EXPECT_TRUE(problems.empty()) << joined(problems);
  auto root = r.doc.document_element();
  EXPECT_STREQ(root.attribute("name").value(), "interleave");
  EXPECT_EQ(root.attribute("tests").as_int(), 6);
  EXPECT_EQ(root.attribute("failures").as_int(), 2);  // fail, unexpected pass
  EXPECT_EQ(root.attribute("errors").as_int(), 2);    // crash, timeout
  EXPECT_STREQ(root.attribute("time").value(), "2.500");
}

TEST(JUnit, an_empty_run_is_a_valid_document_with_no_suites) {
  Rendered r;
  render(r, {});
  EXPECT_TRUE(junit_problems(r.doc).empty()) << joined(junit_problems(r.doc));
  EXPECT_EQ(r.doc.document_element().attribute("tests").as_int(), 0);
  EXPECT_FALSE(r.doc.document_element().child("testsuite"));
}

TEST(JUnit, one_suite_per_top_level_id_component_in_order_of_appearance) {
  Rendered r;
  render(r, every_outcome());
  std::vector<std::string> names;
  for (auto s : r.doc.document_element().children("testsuite"))
    names.push_back(s.attribute("name").value());
  EXPECT_EQ(names, (std::vector<std::string>{"mutex", "rc", "channel"}));
  auto mutex = r.doc.document_element().find_child_by_attribute("testsuite", "name", "mutex");
  EXPECT_EQ(mutex.attribute("tests").as_int(), 3);
  EXPECT_EQ(mutex.attribute("failures").as_int(), 2);
  EXPECT_STREQ(mutex.child("properties")
                   .find_child_by_attribute("property", "name", "kind")
                   .attribute("value")
                   .value(),
               "model");
  EXPECT_STREQ(testcase(r.doc, "mutex/negative/forgets-to-lock").attribute("classname").value(),
               "mutex.negative");
  EXPECT_STREQ(testcase(r.doc, "mutex/negative/forgets-to-lock").attribute("time").value(),
               "1.500");
}

TEST(JUnit, models_and_properties_of_one_primitive_are_separate_suites) {
  auto prop = base("mutex/state-machine", Outcome::pass);
  prop.kind = harness::Kind::property;
  Rendered r;
  render(r, {pass(), prop});
  EXPECT_TRUE(junit_problems(r.doc).empty());
  auto suite =
      r.doc.document_element().find_child_by_attribute("testsuite", "name", "mutex (properties)");
  ASSERT_TRUE(suite);
  EXPECT_STREQ(suite.child("properties")
                   .find_child_by_attribute("property", "name", "kind")
                   .attribute("value")
                   .value(),
               "property");
}

TEST(JUnit, a_pass_is_a_plain_testcase) {
  Rendered r;
  render(r, every_outcome());
  auto tc = testcase(r.doc, "mutex/mutual-exclusion");
  ASSERT_TRUE(tc);
  EXPECT_FALSE(tc.first_child());
}

TEST(JUnit, an_expected_failure_passes_and_shows_its_defect_interleaving_and_replay) {
  Rendered r;
  render(r, every_outcome());
  auto tc = testcase(r.doc, "rc/double-free");
  ASSERT_TRUE(tc);
  EXPECT_FALSE(tc.child("failure"));
  EXPECT_FALSE(tc.child("error"));
  const std::string out = tc.child("system-out").text().get();
  EXPECT_NE(out.find("failed as expected with DOUBLE FREE"), std::string::npos) << out;
  EXPECT_NE(out.find("interleave replay rc/double-free --scheduler random --state '122 '"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("T1  @1  memory deallocation: addr=@1"), std::string::npos) << out;
  EXPECT_NE(out.find("lib/include/interleave/detail/refcount.hpp:89"), std::string::npos) << out;
}

TEST(JUnit, a_failure_holds_its_defect_one_line_per_step_and_the_replay_command) {
  Rendered r;
  render(r, every_outcome());
  auto failure = testcase(r.doc, "mutex/negative/forgets-to-lock").child("failure");
  ASSERT_TRUE(failure);
  EXPECT_STREQ(failure.attribute("type").value(), "DATA RACE");
  EXPECT_STREQ(failure.attribute("message").value(), "DATA RACE: data race detected");
  const std::string text = failure.text().get();
  // Every step, in order, each on its own line with index, thread, object (a column two wide:
  // the fixture's objects are @1 and @2), operation and file:line.
  std::size_t at = 0;
  for (const auto& s : race_trace()) {
    const std::string object = s.object.empty() ? "  " : s.object;
    const auto line = text.find("\n" + std::string(6 - std::to_string(s.index).size(), ' ') +
                                    std::to_string(s.index) + "  T" + std::to_string(s.thread) +
                                    "  " + object + "  " + s.operation,
                                at);
    ASSERT_NE(line, std::string::npos) << "step " << s.index << " missing or out of order in\n"
                                       << text;
    const auto end = text.find('\n', line + 1);
    EXPECT_NE(text.substr(line, end - line).find(s.file + ":" + std::to_string(s.line)),
              std::string::npos);
    at = line + 1;
  }
  // Markup in an operation survives the round trip: pugixml escaped it.
  EXPECT_NE(text.find("store, value=2 <&\"quoted\">"), std::string::npos);
  EXPECT_NE(text.find("replay: interleave replay mutex/negative/forgets-to-lock --scheduler bound "
                      "--context-bound 2 --state '0 1 0 '"),
            std::string::npos);
}

TEST(JUnit, a_different_defect_than_expected_says_both) {
  auto r0 = fail();
  r0.expected = Expectation::fails_with("DEADLOCK");
  r0.verdict.detail = "DATA RACE (data race detected)";
  Rendered r;
  render(r, {r0});
  EXPECT_STREQ(r.doc.select_node("//failure").node().attribute("message").value(),
               "expected DEADLOCK, got DATA RACE (data race detected)");
}

TEST(JUnit, relacys_detail_that_already_names_the_defect_is_not_repeated) {
  auto r0 = fail();
  r0.verdict.detail = "DATA RACE (data race detected)";  // as Relacy words it
  Rendered r;
  render(r, {r0});
  auto failure = r.doc.select_node("//failure").node();
  EXPECT_STREQ(failure.attribute("message").value(), "DATA RACE (data race detected)");
  EXPECT_EQ(std::string(failure.text().get()).rfind("DATA RACE (data race detected)\n", 0), 0u);
}

TEST(JUnit, an_unexpected_pass_is_a_failure) {
  Rendered r;
  render(r, every_outcome());
  auto failure = testcase(r.doc, "mutex/negative/shared-exception-state").child("failure");
  ASSERT_TRUE(failure);
  EXPECT_STREQ(failure.attribute("type").value(), "UNEXPECTED PASS");
  EXPECT_STREQ(failure.attribute("message").value(),
               "expected to fail with USER ASSERT FAILED, but found nothing (random, 1 "
               "iteration, search budget exhausted)");
  EXPECT_NE(std::string(failure.text().get()).find("replay: interleave run --filter"),
            std::string::npos);
}

TEST(JUnit, crash_and_timeout_are_errors_with_their_message) {
  Rendered r;
  render(r, every_outcome());
  auto crash = testcase(r.doc, "channel/aborts").child("error");
  ASSERT_TRUE(crash);
  EXPECT_STREQ(crash.attribute("type").value(), "CRASH");
  // The control character XML 1.0 cannot hold was replaced, so the file still parses.
  EXPECT_STREQ(crash.attribute("message").value(), "killed by signal 6 (Aborted)?");
  auto timeout = testcase(r.doc, "channel/hangs").child("error");
  ASSERT_TRUE(timeout);
  EXPECT_STREQ(timeout.attribute("type").value(), "TIMEOUT");
  EXPECT_STREQ(timeout.attribute("message").value(), "ran past the 30s timeout and was killed");
  EXPECT_STREQ(testcase(r.doc, "channel/hangs").attribute("time").value(), "30.000");
}

// --- the validator can fail -----------------------------------------------------------------------

TEST(JUnitValidator, rejects_counts_that_do_not_match_the_children) {
  Rendered r;
  render(r, every_outcome());
  r.doc.document_element().child("testsuite").attribute("failures").set_value(0);
  const auto problems = junit_problems(r.doc);
  ASSERT_EQ(problems.size(), 1u) << joined(problems);
  EXPECT_EQ(problems[0], "testsuite 'mutex' says failures=0 but holds 2");
}

TEST(JUnitValidator, rejects_a_missing_attribute_a_bad_time_and_a_stray_element) {
  Rendered r;
  render(r, every_outcome());
  auto failure = testcase(r.doc, "mutex/negative/forgets-to-lock").child("failure");
  failure.remove_attribute("message");
  testcase(r.doc, "rc/double-free").attribute("time").set_value("-0.5");
  r.doc.document_element().child("testsuite").remove_attribute("errors");
  r.doc.document_element().append_child("testcase").append_attribute("name").set_value("stray");
  r.doc.document_element().attribute("tests").set_value(7);
  const auto problems = junit_problems(r.doc);
  const std::vector<std::string> expected = {
      "<failure> without message",
      "testsuite 'mutex' has no errors",
      "testcase time '-0.5' is not a non-negative decimal",
      "testsuites holds <testcase>",
      "testsuites 'interleave' says tests=7 but holds 6",
  };
  EXPECT_EQ(problems, expected) << joined(problems);
}

TEST(JUnitValidator, rejects_an_attribute_the_schema_does_not_allow_on_testsuites) {
  Rendered r;
  render(r, every_outcome());
  r.doc.document_element().append_attribute("skipped").set_value(0);
  EXPECT_EQ(junit_problems(r.doc),
            std::vector<std::string>{"testsuites carries attribute 'skipped'"});
}

TEST(JUnitValidator, rejects_a_document_that_is_not_testsuites) {
  pugi::xml_document doc;
  doc.append_child("testsuite").append_attribute("name").set_value("lonely");
  EXPECT_FALSE(junit_problems(doc).empty());
}

}  // namespace junit_test
}  // namespace interleave::reports
