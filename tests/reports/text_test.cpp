// The text layer (interleave/reports/text.hpp, escape.hpp): the console and every report say a
// sentence in one wording. These tests read what the console prints and what the reports write
// and compare them with the text layer's sentences, so a renderer or the console that words one
// of them on its own again fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
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
  const std::string console = printed([&](std::FILE* out) { harness::print_trace(out, r); });
  EXPECT_EQ(console, text::trace_text(r, "      "));
  EXPECT_EQ(printed([&](std::FILE* out) { harness::print_trace(out, r.verdict.trace); }),
            text::trace_text(r.verdict.trace, "      "));
  EXPECT_TRUE(contains(console,
                       "      "
                       "   1  T0  @1  store, value=1"));
  EXPECT_TRUE(
      contains(console, "models/mutex.cpp:40 (cell::set)  <- racing access (with step 2)\n"))
      << console;

  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(
      render_with(write_junit, "junit.xml", {r}, run_info("interleave run")).c_str()));
  const std::string body = doc.select_node("//failure").node().text().get();
  EXPECT_TRUE(contains(body, "interleaving:\n" + text::trace_text(r, "  "))) << body;
}

TEST(Text, a_models_after_gets_a_lane_only_where_it_runs_the_programs_code) {
  using harness::StepKind;
  const std::string relacy = "/usr/include/relacy/context.hpp";
  Result r = fail();
  r.threads = 2;
  r.verdict.defect = "USER ASSERT FAILED";
  r.verdict.trace = {
      Step{0, 0, "[BEFORE END]", "", "", "", "", relacy, 457, StepKind::relacy_marker},
      Step{1, 0, "store, value=1", "@1", "1", "", "f", "models/m.cpp", 10},
      Step{2, 0, "[THREAD FINISHED]", "", "", "", "", relacy, 457, StepKind::relacy_marker},
      Step{3, 1, "[THREAD FINISHED]", "", "", "", "", relacy, 457, StepKind::relacy_marker},
      Step{4, 1, "[AFTER BEGIN]", "", "", "", "", relacy, 457, StepKind::relacy_marker},
      Step{5, 1, "USER ASSERT FAILED (count == 4)", "", "", "", "after", "models/m.cpp", 20}};
  auto lanes = text::lanes_of(r);
  EXPECT_EQ(lanes.names, (std::vector<std::string>{"thread 0", "thread 1", "after()"}));
  EXPECT_EQ(lanes.of_step, (std::vector<std::size_t>{0, 0, 0, 1, 2, 2}));
  EXPECT_TRUE(contains(text::trace_text(r, ""), "   5  after      USER ASSERT FAILED"))
      << text::trace_text(r, "");
  EXPECT_TRUE(contains(text::trace_text(r, ""), "   1  T0     @1  store"))
      << text::trace_text(r, "");

  r.verdict.trace.pop_back();  // after() ran nothing of the program: threads only
  lanes = text::lanes_of(r);
  EXPECT_EQ(lanes.names, (std::vector<std::string>{"thread 0", "thread 1"}));
  EXPECT_EQ(lanes.of_step, (std::vector<std::size_t>{0, 0, 0, 1, 1}));
  EXPECT_EQ(text::trace_text(r, "  "), text::trace_text(r.verdict.trace, "  ", r.verdict.defect));
}

TEST(Text, a_step_without_a_line_is_named_by_its_file_alone_everywhere) {
  const Step s{7, 1, "load", "@1", "", "", "f", "models/x.cpp", 0};
  EXPECT_EQ(text::where_text(s), "models/x.cpp");
  EXPECT_EQ(text::trace_text({s}, ""), "   7  T1  @1  load  models/x.cpp (f)\n");
  EXPECT_EQ(text::where_text(Step{}), "");
}

// A DATA RACE marks both accesses: the failing thread's last one (T1's load of @1, step 2) and
// the other thread's store to the same object before it (step 1), each naming the other.
TEST(Text, both_accesses_of_a_data_race_are_marked) {
  const Result r = fail();
  const auto& trace = r.verdict.trace;
  EXPECT_EQ(text::racing_steps(trace, "DATA RACE"), (std::vector<std::size_t>{1, 2}));
  EXPECT_TRUE(text::racing_steps(trace, "DEADLOCK").empty());
  const std::string lines = text::trace_text(trace, "", "DATA RACE");
  EXPECT_TRUE(contains(lines, "(cell::set)  <- racing access (with step 2)\n")) << lines;
  EXPECT_TRUE(contains(lines, "(cell::get)  <- racing access (with step 1)\n")) << lines;
  std::size_t marks = 0;
  for (auto at = lines.find("<- "); at != std::string::npos; at = lines.find("<- ", at + 1))
    ++marks;
  EXPECT_EQ(marks, 2u) << lines;
  EXPECT_EQ(text::trace_text(trace, "", "DEADLOCK").find("<-"), std::string::npos);
  // Two loads do not race: the other access must be a store when the failing one is a load.
  std::vector<Step> loads = trace;
  loads[1].operation = "load, value=0";
  EXPECT_TRUE(text::racing_steps(loads, "DATA RACE").empty());
}

// Relacy's markers are explained once, after the steps: [NOT CURRENT] first, then the phase
// markers the trace shows, together.
TEST(Text, relacys_markers_are_explained_in_a_legend) {
  std::vector<Step> trace = fail().verdict.trace;
  trace[3].operation = "atomic load, value=0 [NOT CURRENT], order=relaxed";
  const std::string lines = text::trace_text(trace, "  ");
  const auto at = lines.find("  legend: [NOT CURRENT]: an atomic load read a value older");
  ASSERT_NE(at, std::string::npos) << lines;
  EXPECT_NE(lines.find("  legend: [CTOR BEGIN] [THREAD FINISHED]: Relacy's markers", at),
            std::string::npos)
      << lines;
  EXPECT_EQ(text::legend_of({&trace}, false).size(), 1u);  // a report without marker steps
  const std::vector<Step> plain = {Step{1, 0, "load, value=0", "@1", "", "", "f", "x.cpp", 3}};
  EXPECT_TRUE(text::legend_of({&plain}).empty());
  EXPECT_EQ(text::trace_text(plain, "").find("legend"), std::string::npos);
}

// A spin of 2,000 loads before a LIVELOCK: the first and last loads show, the 1,998 between are
// one line; the LIVELOCK step is never folded.
TEST(Text, a_long_repetition_is_folded_with_both_ends_shown) {
  std::vector<Step> spin;
  for (std::uint64_t i = 0; i < 2000; ++i)
    spin.push_back(Step{i, 0, "atomic load, value=" + std::to_string(i % 7) + ", order=acquire",
                        "@1", "", "acquire", "Spinlock::lock", "spinlock.hpp", 16});
  spin.push_back(
      Step{2000, 0, "LIVELOCK (livelock)", "", "", "", "Spinlock::lock", "spinlock.hpp", 16});
  const auto rows = text::trace_rows(spin, "LIVELOCK");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].first, 1u);
  EXPECT_EQ(rows[1].folded, 1998u);
  EXPECT_EQ(text::fold_text(spin, rows[1]), "... 1,998 similar steps (1 to 1998) ...");
  const std::string lines = text::trace_text(spin, "");
  EXPECT_TRUE(contains(lines, "\n      ... 1,998 similar steps (1 to 1998) ...\n")) << lines;
  EXPECT_TRUE(contains(lines, "1999  T0  @1  atomic load, value=4, order=acquire")) << lines;
  EXPECT_TRUE(contains(lines, "LIVELOCK (livelock)")) << lines;
  EXPECT_LT(lines.size(), 1000u);

  // A block of two steps on two threads repeats as well; a short repetition stays whole.
  std::vector<Step> pair;
  for (std::uint64_t i = 0; i < 60; ++i)
    pair.push_back(Step{i, static_cast<int>(i % 2), i % 2 ? "store, value=1" : "load, value=0",
                        "@2", "", "", "f", "x.cpp", static_cast<unsigned>(3 + i % 2)});
  const auto folded = text::trace_rows(pair, "DEADLOCK");
  ASSERT_EQ(folded.size(), 5u);
  EXPECT_EQ(folded[2].folded, 56u);
  pair.resize(12);
  EXPECT_EQ(text::trace_rows(pair, "DEADLOCK").size(), 12u);
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
