// The text layer (interleave/reports/text.hpp, escape.hpp): the console and every report say a
// sentence in one wording. These tests read what the console prints and what the reports write
// and compare them with the text layer's sentences, so a renderer or the console that words one
// of them on its own again fails here.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "interleave/harness/console.hpp"
#include "interleave/reports/escape.hpp"
#include "interleave/reports/text.hpp"
#include "report_fixtures.hpp"

namespace interleave::reports {
namespace text_test {

using namespace fixtures;

// What a console function prints, as text.
template <class Print>
std::string printed(Print print) {
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* out = ::open_memstream(&buffer, &size);
  print(out);
  std::fclose(out);
  std::string text(buffer, size);
  std::free(buffer);
  return text;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Text, the_console_and_junit_print_the_interleaving_in_one_layout) {
  const Result r = fail();
  const std::string console =
      printed([&](std::FILE* out) { harness::print_trace(out, r.verdict.trace); });
  EXPECT_EQ(console, text::trace_text(r.verdict.trace, "      "));
  EXPECT_TRUE(contains(console,
                       "      "
                       "   1  T0  store, value=1"));
  EXPECT_TRUE(contains(console, "models/mutex.cpp:40 (cell::set)\n"));

  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      render_with(write_junit, "junit.xml", {r}, run_info("interleave run")).c_str()));
  const std::string body = doc.select_node("//failure").node().text().get();
  EXPECT_TRUE(contains(body, "interleaving:\n" + text::trace_text(r.verdict.trace, "  "))) << body;
}

TEST(Text, a_step_without_a_line_is_named_by_its_file_alone_everywhere) {
  const Step s{7, 1, "load", "@1", "", "", "f", "models/x.cpp", 0};
  EXPECT_EQ(text::where_text(s), "models/x.cpp");
  EXPECT_EQ(text::trace_text({s}, ""), "   7  T1  load  models/x.cpp (f)\n");
  EXPECT_EQ(text::where_text(Step{}), "");
}

TEST(Text, the_summary_line_and_verdict_are_the_consoles_and_the_reports) {
  const auto results = every_outcome();
  const std::string console =
      printed([&](std::FILE* out) { harness::print_summary(out, results, 2.5, ""); });
  EXPECT_EQ(console, "\n" + text::summary_text(results, 2.5) +
                         "\nFAILED: " + text::verdict_text(results, "") + "\n");
  EXPECT_EQ(text::summary_text(results, 2.5),
            "6 results in 2.5s: 1 pass, 1 expected-failure, 1 fail, 1 unexpected-pass, 1 timeout, "
            "1 crash");
  const std::string md = render_with(write_markdown, "summary.md", results, run_info("x", 2.5));
  EXPECT_TRUE(contains(md, "**6 results** in 2.5s: " + text::counts_text(results))) << md;
  EXPECT_TRUE(contains(md, text::verdict_text(results, ""))) << md;

  const std::vector<Result> one = {pass()};
  EXPECT_EQ(printed([&](std::FILE* out) { harness::print_summary(out, one, 0.5, ""); }),
            "\n1 result in 0.5s: 1 pass\nOK: every result is what it was expected to be\n");
}

TEST(Text, the_console_words_a_search_as_the_reports_do) {
  Result r = expected_failure();
  const std::string search = text::search_text(r);
  EXPECT_TRUE(contains(search, "search stopped at the first defect")) << search;
  const std::string line = printed([&](std::FILE* out) { harness::print_result(out, r, 20); });
  EXPECT_TRUE(contains(line, r.verdict.defect + ": " + search)) << line;
  EXPECT_TRUE(line.starts_with(text::outcome_label(r.outcome))) << line;
  const std::string html = render_with(write_html, "report.html", {r}, run_info("x"));
  EXPECT_TRUE(contains(html, escape::html(search))) << "report.html words the search otherwise";
  for (auto e : {harness::SearchEnd::complete, harness::SearchEnd::budget_exhausted,
                 harness::SearchEnd::stopped})
    EXPECT_EQ(text::search_end_text(e), "search " + std::string(harness::to_string(e)));
}

TEST(Text, an_unexpected_pass_is_worded_once_on_the_console_and_in_every_report) {
  Result r = unexpected_pass();
  const std::string said = text::unexpected_pass_text(r);
  EXPECT_EQ(said, "expected to fail with USER ASSERT FAILED, but found nothing (" +
                      text::search_text(r) + ")");
  const std::string line = printed([&](std::FILE* out) { harness::print_result(out, r, 20); });
  EXPECT_TRUE(contains(line, said)) << line;
  const auto run = run_info("x");
  EXPECT_TRUE(contains(render_with(write_sarif, "results.sarif", {r}, run), said));
  EXPECT_TRUE(contains(render_with(write_junit, "junit.xml", {r}, run), said));
  EXPECT_TRUE(contains(render_with(write_html, "report.html", {r}, run),
                       escape::html(text::search_text(r))));
}

TEST(Text, outcome_labels_are_the_outcome_in_capitals) {
  EXPECT_EQ(text::outcome_label(Outcome::expected_failure), "EXPECTED FAILURE");
  EXPECT_EQ(text::outcome_label(Outcome::not_run), "NOT RUN");
  EXPECT_EQ(text::outcome_label(Outcome::timeout), "TIMEOUT");
}

TEST(Escape, each_language_has_one_escaper) {
  EXPECT_EQ(escape::html("a<b>&\"c\"'\x01\t"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;\\x01\t");
  EXPECT_EQ(escape::markdown("a|b`c*_\n"), "a\\|b\\`c\\*\\_ ");
  EXPECT_EQ(escape::markdown("\x02"), "\\\\x02");
  EXPECT_EQ(escape::markdown_code("a`b|c"), "``a`b\\|c``");
  EXPECT_EQ(escape::markdown_code("a|b", false), "`a|b`");
  EXPECT_EQ(escape::markdown_code("`x"), "`` `x ``");
  EXPECT_EQ(escape::markdown_code(""), "");
  EXPECT_EQ(escape::markdown_code_block("a ``` b", "sh"), "````sh\na ``` b\n````\n");
  EXPECT_EQ(escape::xml("a\x01\tb\x7f"), "a?\tb?");
}

}  // namespace text_test
}  // namespace interleave::reports
