// The report readers (report_readers.hpp) can fail: they read back exactly the rows and counts
// a renderer wrote, and a report with a row lost, doubled or mislabelled, or a wrong count,
// reads differently from what was rendered.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <pugixml.hpp>

#include "interleave/reports/report.hpp"
#include "report_fixtures.hpp"
#include "report_readers.hpp"

namespace interleave::reports {
namespace report_readers_test {

using namespace fixtures;
using readers::Counts;
using readers::Row;

std::string without_line_containing(std::string text, const std::string& what) {
  const auto at = text.find(what);
  const auto begin = text.rfind('\n', at) + 1;
  return text.erase(begin, text.find('\n', at) + 1 - begin);
}

TEST(ReportReaders, read_back_every_row_and_count_a_markdown_report_shows) {
  const auto results = every_outcome();
  const std::string md = render_with(write_markdown, "summary.md", results, run_info("x"));
  EXPECT_EQ(readers::markdown_rows(md), readers::passes_last(expected_rows(results)));
  EXPECT_EQ(readers::markdown_counts(md), readers::counts_of(expected_rows(results)));
  EXPECT_EQ(readers::markdown_counts(md).total, 6u);

  const std::string lost = without_line_containing(md, "| `channel/aborts` |");
  EXPECT_FALSE(readers::row_problems(readers::markdown_rows(lost),
                                     readers::passes_last(expected_rows(results)))
                   .empty());
  std::string miscounted = md;
  miscounted.replace(miscounted.find("**6 results**"), 13, "**7 results**");
  EXPECT_NE(readers::markdown_counts(miscounted), readers::counts_of(expected_rows(results)));
}

TEST(ReportReaders, read_back_every_row_and_count_an_html_report_shows) {
  auto results = every_outcome();
  results[0].id = "odd/<a&b>";  // escaped in the page, read back as it was
  const std::string html = render_with(write_html, "report.html", results, run_info("x"));
  EXPECT_EQ(readers::html_rows(html), expected_rows(results));
  EXPECT_EQ(readers::html_counts(html), readers::counts_of(expected_rows(results)));

  std::string relabelled = html;
  relabelled.replace(relabelled.find("data-outcome=\"crash\"><td>"), 20, "data-outcome=\"pass\">");
  const auto problems =
      readers::row_problems(readers::html_rows(relabelled), expected_rows(results));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "row 4 is pass channel/aborts, expected crash channel/aborts");
}

TEST(ReportReaders, read_back_every_junit_test_case_and_its_verdict) {
  const auto results = every_outcome();
  pugi::xml_document doc;
  ASSERT_TRUE(
      doc.load_string(render_with(write_junit, "junit.xml", results, run_info("x")).c_str()));
  const auto expected = expected_junit_cases(results);
  EXPECT_EQ(readers::junit_cases(doc), expected);

  doc.select_node("//testcase[@name='channel/aborts']").node().remove_child("error");
  const auto problems = readers::row_problems(readers::junit_cases(doc), expected);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0], "row 0 is pass channel/aborts, expected error channel/aborts");
}

}  // namespace report_readers_test
}  // namespace interleave::reports
