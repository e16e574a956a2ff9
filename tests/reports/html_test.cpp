// report.html: one self-contained page, with every failure's interleaving as swim lanes.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <cstdint>
#include <string>
#include <vector>

#include "interleave/reports/report.hpp"
#include "report_fixtures.hpp"
#include "swim_lane_sample.hpp"

namespace html_test {

using namespace interleave;
using harness::Result;
using reports::fixtures::TempDir;

using reports::fixtures::run_info;

std::string render(const std::vector<Result>& results, const reports::RunInfo& run = {}) {
  return reports::fixtures::render_with(reports::write_html, "report.html", results, run);
}

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

// The text between the first `open` at or after `from` and the next `close`, inclusive.
std::string between(const std::string& s, const std::string& open, const std::string& close,
                    std::size_t from = 0) {
  const auto a = s.find(open, from);
  if (a == std::string::npos) return {};
  const auto b = s.find(close, a);
  return b == std::string::npos ? std::string() : s.substr(a, b + close.size() - a);
}

// The swim-lane table of the result whose section shows `id`.
std::string lanes_of(const std::string& html, const std::string& id) {
  const auto at = html.find("<code>" + id + "</code> <span class=\"tag");
  if (at == std::string::npos) return {};
  return between(html, "<table class=\"lanes\"", "</table>", at);
}

struct Row {
  std::string cls;
  std::uint64_t step = 0;
  int thread = 0;
  std::vector<std::string> cells;  // each <td ...>...</td>
};

std::vector<Row> rows_of(const std::string& lanes) {
  std::vector<Row> rows;
  static const std::regex tr(
      R"re(<tr class="(step[^"]*)" data-step="(\d+)" data-thread="(\d+)">(.*?)</tr>)re");
  static const std::regex td(R"re(<td[^>]*>.*?</td>)re");
  for (std::sregex_iterator it(lanes.begin(), lanes.end(), tr), end; it != end; ++it) {
    Row r{(*it)[1], std::stoull((*it)[2]), std::stoi((*it)[3]), {}};
    const std::string body = (*it)[4];
    for (std::sregex_iterator c(body.begin(), body.end(), td); c != end; ++c)
      r.cells.push_back(c->str());
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<Result> sample_results() {
  auto pass = reports::fixtures::pass();
  auto fail = reports::fixtures::fail();  // two threads; one operation carries <&"quoted">
  return {pass, reports::samples::rc_double_free(), fail, reports::fixtures::crash()};
}

TEST(HtmlReport, is_self_contained) {
  const std::string html = render(sample_results(), run_info("interleave run --format html"));
  ASSERT_TRUE(html.starts_with("<!DOCTYPE html>")) << html.substr(0, 200);
  static const std::regex attr(R"re((src|href)\s*=\s*"([^"]*)")re", std::regex::icase);
  int links = 0;
  for (std::sregex_iterator it(html.begin(), html.end(), attr), end; it != end; ++it, ++links) {
    const std::string url = (*it)[2];
    EXPECT_FALSE(url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//"))
        << "external asset: " << url;
    EXPECT_EQ((*it)[1].str(), "href") << "no src= at all, not even local: " << url;
  }
  EXPECT_GT(links, 0) << "source links expected";
  EXPECT_FALSE(contains(html, "<link")) << "no <link rel=stylesheet>";
  EXPECT_FALSE(contains(html, "<script")) << "no script, inline or not";
  EXPECT_FALSE(contains(html, "@import"));
  EXPECT_FALSE(contains(html, "url(")) << "no CSS url(), so no fonts or images to fetch";
  EXPECT_FALSE(contains(html, "http://"));
  EXPECT_FALSE(contains(html, "https://"));
  EXPECT_EQ(count(html, "<style>"), 1u);
}

TEST(HtmlReport, summary_gives_counts_verdict_and_command) {
  const std::string html =
      render(sample_results(), run_info("interleave run --filter 'rc/*' --format html", 2));
  EXPECT_TRUE(contains(html, "<header class=\"verdict bad\"")) << html;
  EXPECT_TRUE(contains(
      html,
      "<p><span class=\"word\">FAILED</span> 2 results are not what they were expected to be</p>"));
  EXPECT_TRUE(contains(html, "2 results are not what they were expected to be"));
  for (const char* o : {"pass", "expected-failure", "fail", "crash"})
    EXPECT_TRUE(contains(html, fmt::format("data-outcome=\"{0}\"><a href=\"#only-{0}\" "
                                           "title=\"show only these rows\"><span "
                                           "class=\"n\">1</span>{0}</a></li>",
                                           o)))
        << o;
  EXPECT_TRUE(contains(html, "data-outcome=\"timeout\"><span class=\"n\">0</span>timeout</li>"));
  EXPECT_TRUE(contains(html, "<code>interleave run --filter &#39;rc/*&#39; --format html</code>"));

  const std::string ok = render({reports::fixtures::pass()});
  EXPECT_TRUE(contains(ok, "<header class=\"verdict ok\"")) << ok;
  EXPECT_TRUE(contains(
      ok, "<p><span class=\"word\">OK</span> every result is what it was expected to be</p>"));
}

TEST(HtmlReport, results_table_has_one_row_per_result) {
  const std::string html = render(sample_results());
  const std::string table = between(html, "<table class=\"results\">", "</table>");
  EXPECT_EQ(count(table, "<tr class=\"result "), 4u) << table;
  EXPECT_EQ(reports::readers::html_rows(html), reports::fixtures::expected_rows(sample_results()));
  EXPECT_TRUE(
      contains(table,
               "<tr class=\"result as-expected\" data-outcome=\"expected-failure\"><td><span "
               "class=\"badge o-expected-failure\">"
               "expected-failure</span></td><td><a href=\"#r1-rc-double-free\"><code>rc/double-free"
               "</code></a></td><td class=\"num\">3</td><td>fails with DOUBLE FREE</td><td>DOUBLE "
               "FREE</td><td>random, found at iteration 122, search stopped at the first "
               "defect</td><td class=\"num\">0.36</td></tr>"))
      << table;
  EXPECT_TRUE(contains(table, "<code>mutex/mutual-exclusion</code></td>"))
      << "a pass has no section to link to";
}

TEST(HtmlReport, count_chips_link_to_their_rows_and_plain_passes_are_collapsed) {
  const std::string html = render(sample_results(), run_info("interleave run --format html"));
  // One pass, one expected failure, one fail, one crash: a link for each count that is not 0.
  for (const char* o : {"pass", "expected-failure", "fail", "crash"}) {
    EXPECT_TRUE(contains(html, fmt::format("data-outcome=\"{0}\"><a href=\"#only-{0}\"", o))) << o;
    EXPECT_TRUE(contains(html, fmt::format("<span id=\"only-{}\"></span>", o))) << o;
    EXPECT_TRUE(contains(html, fmt::format("body:has(#only-{0}:target) tr.result:not([data-outcome="
                                           "\"{0}\"]) {{ display: none; }}",
                                           o)))
        << o;
  }
  EXPECT_TRUE(contains(html, "data-outcome=\"timeout\"><span class=\"n\">0</span>")) << html;
  EXPECT_FALSE(contains(html, "href=\"#only-timeout\""));
  EXPECT_TRUE(contains(html, "tr.result[data-outcome=\"pass\"] { display: none; }"));
  EXPECT_TRUE(contains(html,
                       "<input type=\"checkbox\" id=\"show-passes\"> show the 1 plain pass "
                       "(collapsed)"))
      << html;
  EXPECT_TRUE(contains(html, "<h2 id=\"results\">Results</h2>"));
  // Without passes, nothing to show.
  EXPECT_FALSE(contains(render({reports::fixtures::fail()}), "id=\"show-passes\""));
}

TEST(HtmlReport, unexpected_results_come_before_expected_failures) {
  const std::string html = render(sample_results());
  const auto fail =
      html.find("<article class=\"item unexpected\" id=\"r2-mutex-negative-forgets-to-lock\">");
  const auto crash = html.find("<article class=\"item unexpected\" id=\"r3-channel-aborts\">");
  const auto expected = html.find("<article class=\"item expected\" id=\"r1-rc-double-free\">");
  ASSERT_NE(fail, std::string::npos) << html;
  ASSERT_NE(crash, std::string::npos);
  ASSERT_NE(expected, std::string::npos);
  EXPECT_LT(fail, crash);
  EXPECT_LT(crash, expected);
  EXPECT_FALSE(contains(html, "<article class=\"item expected\" id=\"r0-"))
      << "a plain pass gets no section";
}

TEST(HtmlReport, swim_lanes_have_one_column_per_thread) {
  const std::string html = render(sample_results());
  const std::string lanes = lanes_of(html, "rc/double-free");
  ASSERT_FALSE(lanes.empty()) << html;
  EXPECT_TRUE(lanes.starts_with("<table class=\"lanes\" data-threads=\"3\""))
      << lanes.substr(0, 100);
  EXPECT_EQ(count(between(lanes, "<colgroup>", "</colgroup>"), "<col"),
            1u + 1u + 3u);  // colgroup, step, lanes
  for (int t = 0; t < 3; ++t)
    EXPECT_TRUE(contains(
        lanes, "data-lane=\"" + std::to_string(t) + "\">thread " + std::to_string(t) + "</th>"));
  EXPECT_FALSE(contains(lanes, ">thread 3</th>"));

  const auto rows = rows_of(lanes);
  ASSERT_FALSE(rows.empty());
  for (const auto& r : rows) {
    ASSERT_EQ(r.cells.size(), 4u) << "step " << r.step;  // the step number and three lanes
    for (int t = 0; t < 3; ++t) {
      const auto& cell = r.cells[static_cast<std::size_t>(t) + 1];
      if (t == r.thread)
        EXPECT_TRUE(cell.starts_with("<td class=\"lane lane-" + std::to_string(t))) << cell;
      else
        EXPECT_EQ(cell, "<td class=\"empty lane-" + std::to_string(t) + "\"></td>")
            << "step " << r.step << " lane " << t;
    }
  }
}

TEST(HtmlReport, swim_lanes_show_every_step_in_execution_order) {
  const auto sample = reports::samples::rc_double_free();
  const std::string html = render({sample});
  const auto rows = rows_of(lanes_of(html, "rc/double-free"));
  ASSERT_EQ(rows.size(), sample.verdict.trace.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& s = sample.verdict.trace[i];
    EXPECT_EQ(rows[i].step, s.index);
    EXPECT_EQ(rows[i].thread, s.thread);
    const auto& cell = rows[i].cells[static_cast<std::size_t>(s.thread) + 1];
    EXPECT_TRUE(contains(cell, "<div class=\"op\">" + s.operation + "</div>")) << cell;
    EXPECT_TRUE(contains(cell, ">" + s.file + ":" + std::to_string(s.line) + "</a>")) << cell;
    if (!s.object.empty() && s.operation.find(s.object) == std::string::npos) {
      EXPECT_TRUE(contains(cell, ">" + s.object + "</span>")) << "the object it touched: " << cell;
    }
  }
  // Relacy's markers are there, greyed, not dropped.
  EXPECT_EQ(rows[0].cls, "step marker");
  EXPECT_TRUE(contains(html, "id=\"hide-markers\""));
}

TEST(HtmlReport, source_links_point_at_the_file_and_line) {
  const std::string html = render({reports::samples::rc_double_free()});
  EXPECT_TRUE(contains(
      html, "<a href=\"lib/include/interleave/rc.hpp#L57\">lib/include/interleave/rc.hpp:57</a>"))
      << html;
  auto odd = reports::samples::rc_double_free();
  odd.verdict.trace.back().file = "javascript:alert(1) \"x\".cpp";
  const std::string h2 = render({odd});
  EXPECT_TRUE(contains(h2, "<a href=\"javascript%3Aalert%281%29%20%22x%22.cpp#L89\">")) << h2;
}

TEST(HtmlReport, with_a_source_url_links_open_the_line_at_the_revision_run) {
  reports::RunInfo run = run_info("interleave run --format html");
  run.sources.url = "https://github.com/o/r/blob/abc/";
  auto r = reports::samples::rc_double_free();
  r.verdict.trace.front().file = "/usr/include/c++/12/atomic";  // outside the root: as it was
  r.verdict.trace.back().file = "javascript:alert(1) \"x\".cpp";
  const std::string html = render({r}, run);
  EXPECT_TRUE(contains(html,
                       "<a href=\"https://github.com/o/r/blob/abc/lib/include/interleave/"
                       "rc.hpp#L57\">lib/include/interleave/rc.hpp:57</a>"))
      << html;
  EXPECT_TRUE(contains(
      html, "<a href=\"https://github.com/o/r/blob/abc/javascript%3Aalert%281%29%20%22x%22.cpp#L"))
      << html;
  EXPECT_TRUE(contains(html, "<a href=\"/usr/include/c%2B%2B/12/atomic#L")) << html;
  EXPECT_TRUE(contains(html,
                       "Source links open the file at <a "
                       "href=\"https://github.com/o/r/blob/abc/\">"))
      << html;
}

TEST(HtmlReport, marks_the_failing_step_and_only_it) {
  const auto sample = reports::samples::rc_double_free();
  const std::string html = render({sample});
  const auto rows = rows_of(lanes_of(html, "rc/double-free"));
  ASSERT_FALSE(rows.empty());
  for (std::size_t i = 0; i + 1 < rows.size(); ++i)
    EXPECT_FALSE(contains(rows[i].cls, "failing")) << rows[i].step;
  const auto& last = rows.back();
  EXPECT_TRUE(contains(last.cls, "failing")) << last.cls;
  EXPECT_EQ(last.step, 33u);
  const auto& cell = last.cells[2];  // thread 1
  EXPECT_TRUE(cell.starts_with("<td class=\"lane lane-1 failing\">")) << cell;
  EXPECT_TRUE(contains(cell, "<span class=\"flag\">failing step: DOUBLE FREE</span>")) << cell;
  EXPECT_TRUE(contains(cell, "DOUBLE FREE (incorrect address passed to free() function)")) << cell;
  EXPECT_EQ(count(html, "class=\"flag\""), 1u);
}

// A DATA RACE: both accesses marked, each naming the other (text::racing_steps), beside the
// failing step.
TEST(HtmlReport, marks_both_accesses_of_a_data_race) {
  const std::string html = render({reports::fixtures::fail()});
  const auto rows = rows_of(lanes_of(html, "mutex/negative/forgets-to-lock"));
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_TRUE(rows[1].cells[1].starts_with("<td class=\"lane lane-0 racing\">"))
      << rows[1].cells[1];
  EXPECT_TRUE(
      contains(rows[1].cells[1], "<span class=\"flag race\">racing access (with step 2)</span>"));
  EXPECT_TRUE(rows[2].cells[2].starts_with("<td class=\"lane lane-1 racing\">"))
      << rows[2].cells[2];
  EXPECT_TRUE(
      contains(rows[2].cells[2], "<span class=\"flag race\">racing access (with step 1)</span>"));
  EXPECT_EQ(count(html, "class=\"flag race\""), 2u);
}

// A long repetition is one row across the lanes; both its ends show (text::trace_rows).
TEST(HtmlReport, folds_a_long_repetition_into_one_row) {
  auto r = reports::fixtures::fail();
  r.verdict.defect = "LIVELOCK";
  r.verdict.trace.clear();
  for (std::uint64_t i = 0; i < 3000; ++i)
    r.verdict.trace.push_back(harness::Step{i, static_cast<int>(i % 2), "atomic load, value=1",
                                            "@1", "", "", "spin", "models/x.cpp", 7});
  r.verdict.trace.push_back(
      harness::Step{3000, 0, "LIVELOCK (livelock)", "", "", "", "spin", "models/x.cpp", 7});
  const std::string html = render({r});
  EXPECT_TRUE(contains(html,
                       "<tr class=\"fold\"><td class=\"idx\">…</td><td colspan=\"2\">... 2,996 "
                       "similar steps (2 to 2997) ...</td></tr>"))
      << html.substr(html.find("<table class=\"lanes\""), 3000);
  EXPECT_EQ(count(html, "<tr class=\"fold\">"), 1u);
  EXPECT_LT(html.size(), 60000u);
}

TEST(HtmlReport, escapes_html_in_every_piece_of_text) {
  auto fail = reports::fixtures::fail();
  fail.id = "x/<b>bold</b>";
  fail.verdict.detail = "a < b";
  fail.description = "<script>alert(1)</script>";
  const std::string html = render({fail}, run_info("run --filter '<i>'"));
  EXPECT_TRUE(
      contains(html, "<div class=\"op\">store, value=2 &lt;&amp;&quot;quoted&quot;&gt;</div>"))
      << html;
  EXPECT_FALSE(contains(html, "value=2 <")) << html;
  EXPECT_TRUE(contains(html, "<code>x/&lt;b&gt;bold&lt;/b&gt;</code>"));
  EXPECT_FALSE(contains(html, "<b>"));
  EXPECT_FALSE(contains(html, "<i>"));
  EXPECT_FALSE(contains(html, "<script"));
  EXPECT_TRUE(contains(html, "a &lt; b"));

  // A control character, which HTML text cannot hold, shows as \xNN.
  const std::string crash = render({reports::fixtures::crash()});
  EXPECT_TRUE(contains(crash, "killed by signal 6 (Aborted)\\x01<")) << crash;
  EXPECT_FALSE(contains(crash, "\x01"));
}

TEST(HtmlReport, each_failure_has_its_replay_command) {
  const std::string html = render(sample_results());
  EXPECT_TRUE(
      contains(html,
               "<h4>Replay</h4>\n<pre class=\"replay\">./build/interleave replay rc/double-free "
               "--scheduler random --state &#39;122 &#39;</pre>"))
      << html;
  EXPECT_TRUE(contains(
      html,
      "interleave replay mutex/negative/forgets-to-lock --scheduler bound --context-bound 2 "
      "--state &#39;0 1 0 &#39;</pre>"));
}

TEST(HtmlReport, is_one_of_the_formats_write_reports_knows) {
  TempDir dir;
  const auto results = sample_results();
  reports::write_reports(dir.path(), {"html"}, {}, results);
  const std::string html = reports::fixtures::read_text(dir.path() / "report.html");
  EXPECT_EQ(reports::readers::html_rows(html), reports::fixtures::expected_rows(results));
  EXPECT_EQ(reports::readers::html_counts(html),
            reports::readers::counts_of(reports::fixtures::expected_rows(results)));
  const auto& formats = reports::available_formats();
  EXPECT_NE(std::find(formats.begin(), formats.end(), "html"), formats.end());
}

}  // namespace html_test
