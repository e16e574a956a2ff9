// Every report of a run stopped by a signal says so, and carries the items it did not finish as
// `not-run`; every format is written whatever the results hold, and one that cannot be written
// does not keep the others from being written.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "interleave/harness/utf8.hpp"
#include "interleave/reports/report.hpp"
#include "junit_validator.hpp"
#include "report_readers.hpp"
#include "report_fixtures.hpp"
#include "sarif_validator.hpp"

namespace interleave::reports {
namespace interrupted_report_test {

using namespace fixtures;
using json = nlohmann::json;

RunInfo interrupted_by_sigint() {
  RunInfo run = run_info("interleave run --report-dir out", 2.5);
  run.interrupted = "SIGINT";
  return run;
}

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

TEST(InterruptedReport, json_marks_the_summary_and_reads_back_for_merge) {
  TempDir dir;
  write_json(dir.path(), interrupted_by_sigint(), interrupted_results());
  const json doc = json::parse(read_text(dir.path() / "results.json"));
  EXPECT_EQ(doc["summary"]["interrupted"], "SIGINT");
  EXPECT_EQ(doc["summary"]["not-run"], 2);
  EXPECT_EQ(doc["summary"]["pass"], 1);
  EXPECT_EQ(doc["summary"]["as_expected"], false);
  EXPECT_EQ(doc["results"][1]["outcome"], "not-run");
  EXPECT_EQ(doc["results"][1]["message"], "stopped by SIGINT after 2.0 s, before it finished");

  RunInfo back;
  const auto results = read_json(dir.path() / "results.json", &back);
  EXPECT_EQ(back.interrupted, "SIGINT");
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[1].outcome, harness::Outcome::not_run);
  EXPECT_EQ(results[2].outcome, harness::Outcome::not_run);
  EXPECT_EQ(results[2].message, "not started: the run was stopped by SIGINT");
}

TEST(InterruptedReport, json_of_a_finished_run_says_it_was_not_interrupted) {
  TempDir dir;
  write_json(dir.path(), run_info("interleave run"), every_outcome());
  const json doc = json::parse(read_text(dir.path() / "results.json"));
  EXPECT_TRUE(doc["summary"]["interrupted"].is_null());
  EXPECT_EQ(doc["summary"]["not-run"], 0);
  RunInfo back;
  (void)read_json(dir.path() / "results.json", &back);
  EXPECT_EQ(back.interrupted, "");
}

TEST(InterruptedReport, junit_skips_what_was_not_run_and_names_the_signal) {
  TempDir dir;
  write_junit(dir.path(), interrupted_by_sigint(), interrupted_results());
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file((dir.path() / "junit.xml").c_str()));
  const auto problems = validation::junit_problems(doc);
  EXPECT_TRUE(problems.empty()) << joined(problems);
  const auto skipped = doc.select_node("//testcase[@name='channel/slow']/skipped").node();
  ASSERT_TRUE(skipped);
  EXPECT_STREQ(skipped.attribute("message").value(),
               "stopped by SIGINT after 2.0 s, before it finished");
  const auto channel =
      doc.document_element().find_child_by_attribute("testsuite", "name", "channel");
  EXPECT_EQ(channel.attribute("skipped").as_int(), 1);
  EXPECT_EQ(channel.attribute("errors").as_int(), 0);
  EXPECT_STREQ(channel.child("properties")
                   .find_child_by_attribute("property", "name", "interrupted")
                   .attribute("value")
                   .value(),
               "SIGINT");
}

TEST(InterruptedReport, sarif_says_the_invocation_did_not_finish_and_makes_no_finding_of_it) {
  TempDir dir;
  write_sarif(dir.path(), interrupted_by_sigint(), interrupted_results());
  const json doc = json::parse(read_text(dir.path() / "results.sarif"));
  const auto problems = validation::sarif_problems(doc);
  EXPECT_TRUE(problems.empty()) << joined(problems);
  const auto& run = doc["runs"][0];
  EXPECT_TRUE(run["results"].empty());
  const auto& invocation = run["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], false);
  EXPECT_EQ(invocation["exitSignalName"], "SIGINT");
  const auto& notes = invocation["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 3u);
  EXPECT_EQ(notes[0]["message"]["text"], "interrupted by SIGINT: 2 of 3 items not run");
  EXPECT_EQ(notes[1]["properties"]["id"], "channel/slow");
}

TEST(InterruptedReport, markdown_and_html_say_the_report_is_partial) {
  for (const auto& [writer, file] :
       {std::pair{&write_markdown, "summary.md"}, std::pair{&write_html, "report.html"}}) {
    const std::string text =
        render_with(writer, file, interrupted_results(), interrupted_by_sigint());
    EXPECT_TRUE(contains(text, "interrupted by SIGINT: 2 of 3 items not run")) << file;
    EXPECT_TRUE(contains(text, "not started: the run was stopped by SIGINT")) << file;
  }
  // Every item has its row, the two unfinished ones as not-run, and the counts say so.
  const std::vector<readers::Row> rows = {
      {"pass", "mutex/mutual-exclusion"}, {"not-run", "channel/slow"}, {"not-run", "rwlock/later"}};
  const readers::Counts counts{3, {{"pass", 1}, {"not-run", 2}}};
  const std::string md =
      render_with(&write_markdown, "summary.md", interrupted_results(), interrupted_by_sigint());
  EXPECT_EQ(readers::markdown_rows(md), readers::passes_last(rows)) << md;
  EXPECT_EQ(readers::markdown_counts(md), counts) << md;
  const std::string html =
      render_with(&write_html, "report.html", interrupted_results(), interrupted_by_sigint());
  EXPECT_EQ(readers::html_rows(html), rows);
  EXPECT_EQ(readers::html_counts(html), counts);
  const std::string finished =
      render_with(&write_markdown, "summary.md", every_outcome(), run_info("x"));
  EXPECT_FALSE(contains(finished, "interrupted"));
}

TEST(WriteReports, text_that_is_not_utf8_is_written_valid_in_every_format) {
  auto bad = crash();
  bad.message = "died: \xff\xfe \xc3";
  bad.description = "caf\xe9 (Latin-1)";
  bad.verdict.other_defects = {"\xed\xa0\x80"};
  RunInfo run = run_info("interleave run \xff");
  TempDir dir;
  write_reports(dir.path(), {"json", "junit", "md", "html", "sarif"}, run, {pass(), bad});
  for (const char* f :
       {"results.json", "junit.xml", "summary.md", "report.html", "results.sarif"}) {
    const std::string text = read_text(dir.path() / f);
    EXPECT_FALSE(text.empty()) << f;
    EXPECT_TRUE(harness::is_valid_utf8(text)) << f;
  }
  const auto back = read_json(dir.path() / "results.json");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back.at(1).message, "died: \xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD");
  pugi::xml_document junit;
  ASSERT_TRUE(junit.load_file((dir.path() / "junit.xml").c_str()));
  EXPECT_EQ(readers::junit_cases(junit), expected_junit_cases({pass(), bad}));
  const json sarif = json::parse(read_text(dir.path() / "results.sarif"));
  EXPECT_TRUE(validation::sarif_problems(sarif).empty());
  ASSERT_EQ(sarif["runs"][0]["results"].size(), 1u) << "the crash, and only it";
  EXPECT_EQ(sarif["runs"][0]["results"][0]["properties"]["id"], "channel/aborts");
  EXPECT_EQ(readers::markdown_rows(read_text(dir.path() / "summary.md")),
            readers::passes_last(expected_rows({pass(), bad})));
  EXPECT_EQ(readers::html_rows(read_text(dir.path() / "report.html")),
            expected_rows({pass(), bad}));
}

TEST(WriteReports, a_format_that_cannot_be_written_does_not_stop_the_others_and_is_named) {
  TempDir dir;
  std::filesystem::create_directory(dir.path() / "junit.xml");  // where the file should go
  try {
    write_reports(dir.path(), {"json", "junit", "md", "html", "sarif"}, run_info("x"),
                  every_outcome());
    FAIL() << "write_reports did not say junit.xml could not be written";
  } catch (const std::runtime_error& e) {
    EXPECT_TRUE(contains(e.what(), "junit")) << e.what();
    EXPECT_TRUE(contains(e.what(), "junit.xml")) << e.what();
    EXPECT_FALSE(contains(e.what(), "results.json")) << e.what();
  }
  // The others are whole: every result in each.
  const auto results = every_outcome();
  EXPECT_EQ(read_json(dir.path() / "results.json").size(), results.size());
  EXPECT_EQ(readers::markdown_rows(read_text(dir.path() / "summary.md")),
            readers::passes_last(expected_rows(results)));
  EXPECT_EQ(readers::html_rows(read_text(dir.path() / "report.html")), expected_rows(results));
  const json sarif = json::parse(read_text(dir.path() / "results.sarif"));
  EXPECT_TRUE(validation::sarif_problems(sarif).empty());
  EXPECT_EQ(sarif["runs"][0]["results"].size(), 4u) << "fail, unexpected pass, crash, timeout";
}

}  // namespace interrupted_report_test
}  // namespace interleave::reports
