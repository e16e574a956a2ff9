// summary.md: the headline, one table row per result, and a section per failure with its
// interleaving and replay command, all escaped for GitHub-flavoured Markdown.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "interleave/reports/report.hpp"
#include "report_fixtures.hpp"

namespace markdown_test {

using namespace interleave;
using harness::Outcome;
using harness::Result;
using reports::fixtures::TempDir;

using reports::fixtures::run_info;

std::string render(const std::vector<Result>& results, const reports::RunInfo& run = {}) {
  return reports::fixtures::render_with(reports::write_markdown, "summary.md", results, run);
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The line that starts with `prefix`, or "" when none does.
std::string line_starting(const std::string& md, const std::string& prefix) {
  for (const auto& l : lines_of(md))
    if (l.starts_with(prefix)) return l;
  return {};
}

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

// The four kinds of result the summary must tell apart. The failure's interleaving carries a
// pipe in one operation, which would split its table row if it were not escaped.
std::vector<Result> four_results() {
  auto pass = reports::fixtures::pass();
  pass.settings.scheduler = harness::Scheduler::bound;
  pass.settings.context_bound = 2;
  pass.verdict.iterations = 4242;
  pass.verdict.search = harness::SearchEnd::complete;

  auto expected = reports::fixtures::expected_failure();
  expected.verdict.detail = "DOUBLE FREE (incorrect address passed to free() function)";
  expected.replay = "interleave replay rc/double-free --scheduler random --state '122 '";

  auto fail = reports::fixtures::fail();
  fail.verdict.detail = "DATA RACE (data race detected)";
  fail.replay =
      "interleave replay mutex/negative/forgets-to-lock --scheduler bound --context-bound 2 "
      "--state '0 1 0 '";
  fail.verdict.trace = {
      harness::Step{0, 0, "[CTOR BEGIN]", "", "", "", "fiber_proc_impl",
                    "/usr/include/relacy/context.hpp", 457, harness::StepKind::relacy_marker},
      harness::Step{3, 0, "store, value=1", "@1", "1", "", "cell::set", "models/mutex.cpp", 40},
      harness::Step{4, 1, "flags a | b, `raw`", "@1", "", "", "cell::get", "models/mutex.cpp", 44},
      harness::Step{5, 1, "[THREAD FINISHED]", "", "", "", "fiber_proc_impl",
                    "/usr/include/relacy/context.hpp", 457, harness::StepKind::relacy_marker},
      harness::Step{6, 0, "DATA RACE (data race detected)", "", "", "", "cell::set",
                    "models/mutex.cpp", 41},
  };

  auto crash = reports::fixtures::crash();
  crash.message = "killed by signal 6 (Aborted)";
  return {pass, expected, fail, crash};
}

TEST(MarkdownReport, headline_gives_the_verdict_and_counts_per_outcome) {
  const std::string md = render(four_results(), run_info("interleave run --format md", 3.04));
  const auto first = lines_of(md).front();
  EXPECT_TRUE(first.starts_with("## ❌ interleave: 2 results are not what they were expected to be"))
      << first;
  EXPECT_TRUE(contains(md, "**4 results** in 3.0s: 1 pass, 1 expected-failure, 1 fail, 1 crash"))
      << md;
  EXPECT_TRUE(contains(md, "Command: `interleave run --format md`")) << md;

  const std::string ok = render({reports::fixtures::pass(), reports::fixtures::expected_failure()});
  EXPECT_TRUE(ok.starts_with("## ✅ interleave: every result is what it was expected to be")) << ok;
}

TEST(MarkdownReport,
     results_table_has_one_row_per_result_with_outcome_expectation_defect_and_search) {
  const std::string md = render(four_results());
  EXPECT_TRUE(contains(md,
                       "| outcome | id | expected | defect | search | seconds |\n| --- | --- | --- "
                       "| --- | --- | ---: |\n"))
      << md;
  EXPECT_EQ(line_starting(md, "| ✅ pass |"),
            "| ✅ pass | `mutex/mutual-exclusion` | pass | — | bound 2, 4242 iterations, search "
            "complete | 0.25 |");
  EXPECT_EQ(line_starting(md, "| ✅ expected-failure |"),
            "| ✅ expected-failure | `rc/double-free` | fails with DOUBLE FREE | DOUBLE FREE | "
            "random, found "
            "at iteration 1000, search stopped at the first defect | 0.50 |");
  EXPECT_EQ(line_starting(md, "| ❌ fail |"),
            "| ❌ fail | `mutex/negative/forgets-to-lock` | pass | DATA RACE | bound 2, found at "
            "iteration 1000, search stopped at the first defect | 1.50 |");
  EXPECT_EQ(line_starting(md, "| ❌ crash |"),
            "| ❌ crash | `channel/aborts` | pass | killed by signal 6 (Aborted) | random | 0.25 |");
}

TEST(MarkdownReport, plain_passes_are_folded_away_below_the_other_results) {
  const std::string md = render(four_results(), run_info("interleave run --format md"));
  const auto first_table = md.find("| outcome | id |");
  const auto details = md.find("<details><summary>1 plain pass</summary>\n\n| outcome | id |");
  ASSERT_NE(first_table, std::string::npos) << md;
  ASSERT_NE(details, std::string::npos) << md;
  EXPECT_LT(first_table, details);
  const std::string above = md.substr(first_table, details - first_table);
  EXPECT_FALSE(contains(above, "✅ pass")) << above;
  EXPECT_TRUE(contains(md.substr(details), "| ✅ pass | `mutex/mutual-exclusion` |")) << md;
  // A run of passes alone: only the folded table.
  auto all_pass = reports::fixtures::pass();
  const std::string green = render({all_pass, all_pass});
  EXPECT_TRUE(contains(green, "<details><summary>2 plain passes</summary>")) << green;
  EXPECT_EQ(reports::readers::markdown_rows(green).size(), 2u);
}

TEST(MarkdownReport, unexpected_failures_come_first_and_are_marked) {
  const std::string md = render(four_results());
  const auto fail = md.find("#### ❌ unexpected: `mutex/negative/forgets-to-lock` (fail)");
  const auto crash = md.find("#### ❌ unexpected: `channel/aborts` (crash)");
  const auto expected = md.find("#### ✅ expected: `rc/double-free` (expected-failure)");
  ASSERT_NE(fail, std::string::npos) << md;
  ASSERT_NE(crash, std::string::npos) << md;
  ASSERT_NE(expected, std::string::npos) << md;
  EXPECT_LT(fail, crash);  // run order within the unexpected ones
  EXPECT_LT(crash, expected);
  EXPECT_FALSE(contains(md, "#### ✅ expected: `mutex/mutual-exclusion`"))
      << "a plain pass gets no section";
}

TEST(MarkdownReport, failure_section_gives_defect_and_relacys_detail) {
  const std::string md = render(four_results());
  EXPECT_TRUE(
      contains(md, "- **defect:** DATA RACE\n- **Relacy says:** DATA RACE (data race detected)\n"))
      << md;
  EXPECT_TRUE(contains(
      md,
      "- **defect:** DOUBLE FREE\n- **Relacy says:** DOUBLE FREE (incorrect address passed to "
      "free() function)\n"))
      << md;
  EXPECT_TRUE(contains(md, "- **what happened:** killed by signal 6 (Aborted)\n")) << md;
}

TEST(MarkdownReport, interleaving_is_a_table_without_relacys_marker_steps) {
  const std::string md = render(four_results());
  EXPECT_TRUE(contains(md,
                       "<details open><summary>interleaving: 3 steps (Relacy's 2 marker steps left "
                       "out)</summary>\n\n"
                       "| step | thread | object | operation | file:line |\n"
                       "| ---: | ---: | --- | --- | --- |\n"
                       "| 3 | 0 | `@1` | store, value=1 | `models/mutex.cpp:40` |\n"))
      << md;
  EXPECT_FALSE(contains(md, "CTOR BEGIN")) << md;
  EXPECT_FALSE(contains(md, "THREAD FINISHED")) << md;
  // The last step is the defect, in bold and flagged.
  EXPECT_TRUE(contains(
      md, "| 6 ⚠️ | 0 |  | **DATA RACE (data race detected)** | `models/mutex.cpp:41` |\n"))
      << md;
  // An expected failure's interleaving starts folded.
  EXPECT_TRUE(contains(md, "<details><summary>interleaving: 3 steps</summary>")) << md;
}

TEST(MarkdownReport, with_a_source_url_each_file_line_links_to_the_line_at_the_revision_run) {
  reports::RunInfo run = run_info("interleave run --format md");
  run.sources.url = "https://gitlab.com/g/p/-/blob/def/";
  auto results = four_results();
  for (auto& r : results)
    if (!r.verdict.trace.empty())
      r.verdict.trace.insert(
          r.verdict.trace.begin() + 1,
          harness::Step{9, 1, "load", "@9", "1", "", "f", "/opt/lib/x (1).hpp", 4});
  const std::string md = render(results, run);
  EXPECT_TRUE(contains(md,
                       "| 3 | 0 | `@1` | store, value=1 | "
                       "[`models/mutex.cpp:40`](https://gitlab.com/g/p/-/blob/def/models/"
                       "mutex.cpp#L40) |\n"))
      << md;
  // A path outside the root has no link; nothing in it can end the link early.
  EXPECT_TRUE(contains(md, "| `/opt/lib/x (1).hpp:4` |")) << md;
  EXPECT_FALSE(contains(render(four_results()), "](")) << "no URL, no links";
}

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// [NOT CURRENT] is explained once for the whole report, however many interleavings show it.
TEST(MarkdownReport, explains_not_current_once) {
  auto a = reports::fixtures::fail();
  a.verdict.trace[3].operation = "atomic load, value=0 [NOT CURRENT], order=relaxed";
  auto b = a;
  b.id = "mutex/negative/other";
  const std::string md = render({a, b});
  EXPECT_EQ(count_of(md, "**Legend:** `[NOT CURRENT]`"), 1u) << md;
  EXPECT_EQ(md.find("[CTOR BEGIN]`"), std::string::npos) << md;  // the table leaves markers out
}

TEST(MarkdownReport, keeps_a_defect_step_that_relacy_reports_on_its_own_line) {
  auto r = reports::fixtures::expected_failure();
  r.verdict.defect = "MEMORY LEAK";
  r.verdict.search = harness::SearchEnd::stopped;
  r.verdict.trace.push_back(harness::Step{20, 1, "MEMORY LEAK (memory leak detected)", "", "", "",
                                          "fiber_proc_impl", "/usr/include/relacy/context.hpp", 519,
                                          harness::StepKind::relacy});
  const std::string md = render({r});
  EXPECT_TRUE(contains(md,
                       "| 20 ⚠️ | 1 |  | **MEMORY LEAK (memory leak detected)** | "
                       "`/usr/include/relacy/context.hpp:519` |"))
      << md;
}

TEST(MarkdownReport, escapes_pipes_and_backticks_in_table_cells) {
  const std::string md = render(four_results());
  // One row, five cells: the pipe is escaped, the backticks cannot open a code span.
  EXPECT_TRUE(contains(md, "| 4 | 1 | `@1` | flags a \\| b, \\`raw\\` | `models/mutex.cpp:44` |\n"))
      << md;

  auto odd = reports::fixtures::pass();
  odd.id = "odd/a|b`c";
  odd.message = "";
  const std::string md2 = render({odd});
  EXPECT_TRUE(contains(md2, "| ✅ pass | ``odd/a\\|b`c`` | pass |")) << md2;
}

TEST(MarkdownReport, escapes_markdown_and_html_in_text) {
  auto r = reports::fixtures::crash();
  r.message = "<script>x</script> *not emphasis* [not](a link)";
  const std::string md = render({r});
  EXPECT_TRUE(contains(md, "\\<script\\>x\\</script\\> \\*not emphasis\\* \\[not\\](a link)"))
      << md;
  EXPECT_FALSE(contains(md, "<script>")) << md;
}

TEST(MarkdownReport, each_failure_has_its_replay_command_in_a_code_block) {
  const std::string md = render(four_results());
  EXPECT_TRUE(contains(
      md,
      "Replay:\n\n```sh\ninterleave replay mutex/negative/forgets-to-lock --scheduler bound "
      "--context-bound 2 --state '0 1 0 '\n```\n"))
      << md;
  EXPECT_TRUE(contains(
      md, "```sh\ninterleave replay rc/double-free --scheduler random --state '122 '\n```\n"))
      << md;
}

TEST(MarkdownReport, a_very_long_interleaving_keeps_its_last_steps) {
  auto r = reports::fixtures::fail();
  r.verdict.trace.clear();
  // Each step on a line of its own: nothing repeats, so nothing is folded.
  for (std::uint64_t i = 0; i < 250; ++i)
    r.verdict.trace.push_back(harness::Step{i, static_cast<int>(i % 2), "step " + std::to_string(i),
                                            "", "", "", "", "models/x.cpp",
                                            static_cast<unsigned>(i + 1)});
  const std::string md = render({r});
  EXPECT_TRUE(contains(md, "The first 50 steps are left out here")) << md;
  EXPECT_FALSE(contains(md, "| step 49 |"));
  EXPECT_TRUE(contains(md, "| 50 | 0 |  | step 50 |")) << md;
  EXPECT_TRUE(contains(md, "| 249 ⚠️ | 1 |  | **step 249** |")) << md;
}

TEST(MarkdownReport, a_livelocks_spin_is_one_row) {
  auto r = reports::fixtures::fail();
  r.verdict.defect = "LIVELOCK";
  r.verdict.trace.clear();
  for (std::uint64_t i = 0; i < 5000; ++i)
    r.verdict.trace.push_back(harness::Step{i, 0, "atomic load, value=1, order=relaxed", "@1", "",
                                            "relaxed", "spin", "models/x.cpp", 7});
  r.verdict.trace.push_back(
      harness::Step{5000, 0, "LIVELOCK (livelock)", "", "", "", "spin", "models/x.cpp", 7});
  const std::string md = render({r});
  EXPECT_TRUE(contains(md, "interleaving: 5001 steps")) << md;
  EXPECT_TRUE(contains(md, "| … | | | *... 4,998 similar steps (1 to 4998) ...* | |\n")) << md;
  EXPECT_FALSE(contains(md, "left out here")) << md;
  EXPECT_LT(md.size(), 4000u);
}

// Many failures with long interleavings: summary.md still fits the limit asked for (a pull-request
// comment's), with less detail, saying so; the headline and the unexpected results stay.
TEST(MarkdownReport, fits_the_limit_asked_for_with_less_detail) {
  std::vector<Result> results;
  for (int i = 0; i < 40; ++i) {
    auto r = reports::fixtures::fail();
    r.id = "big/failure-" + std::to_string(i);
    r.verdict.trace.clear();
    for (std::uint64_t k = 0; k < 300; ++k)
      r.verdict.trace.push_back(harness::Step{k, static_cast<int>(k % 3), "store, value=1", "@1",
                                              "", "", "f", "models/x.cpp",
                                              static_cast<unsigned>(k + 1)});
    results.push_back(r);
  }
  for (int i = 0; i < 500; ++i) {
    auto p = reports::fixtures::pass();
    p.id = "big/pass-" + std::to_string(i);
    results.push_back(p);
  }
  TempDir dir;
  write_markdown(dir.path(), run_info("interleave run"), results);  // the default: 1 MiB
  const std::string whole = reports::fixtures::read_text(dir.path() / "summary.md");
  EXPECT_LE(whole.size(), reports::step_summary_limit);
  EXPECT_FALSE(contains(whole, "Shortened")) << whole.size();

  write_markdown_within(dir.path(), run_info("interleave run"), results,
                        reports::pull_request_comment_limit);
  const std::string md = reports::fixtures::read_text(dir.path() / "summary.md");
  EXPECT_LE(md.size(), reports::pull_request_comment_limit);
  EXPECT_TRUE(contains(md, "*Shortened to fit 65536 characters")) << md.substr(0, 600);
  EXPECT_TRUE(md.starts_with("## ❌ interleave: 40 results are not what they were expected to be"));
  EXPECT_TRUE(contains(md, "big/failure-39")) << md.substr(0, 600);

  write_markdown_within(dir.path(), run_info("interleave run"), results,
                        reports::min_markdown_limit);
  const std::string tiny = reports::fixtures::read_text(dir.path() / "summary.md");
  EXPECT_LE(tiny.size(), reports::min_markdown_limit);
  EXPECT_TRUE(tiny.starts_with("## ❌ interleave:")) << tiny;
  EXPECT_TRUE(contains(tiny, "report.html")) << tiny;
}

TEST(MarkdownReport, is_one_of_the_formats_write_reports_knows) {
  TempDir dir;
  const auto results = four_results();
  reports::write_reports(dir.path() / "out", {"md"}, {}, results);
  const std::string md = reports::fixtures::read_text(dir.path() / "out" / "summary.md");
  EXPECT_EQ(reports::readers::markdown_rows(md),
            reports::readers::passes_last(reports::fixtures::expected_rows(results)))
      << md;
  EXPECT_EQ(reports::readers::markdown_counts(md),
            reports::readers::counts_of(reports::fixtures::expected_rows(results)))
      << md;
  const auto& formats = reports::available_formats();
  EXPECT_NE(std::find(formats.begin(), formats.end(), "md"), formats.end());
}

}  // namespace markdown_test
