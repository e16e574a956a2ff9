// report.html in a real browser: headless Chromium parses it into the swim-lane table with every
// step, fits three threads into a 1280px window without sideways scrolling, and takes a
// screenshot of it. Fails where Chromium (/usr/bin/chromium, Debian's package) is not installed,
// unless INTERLEAVE_SKIP_BROWSER_TESTS=1. Set INTERLEAVE_BROWSER_TEST_KEEP=DIR to keep the report and its screenshot.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "interleave/reports/report.hpp"
#include "report_fixtures.hpp"
#include "interleave_test/command.hpp"
#include "swim_lane_sample.hpp"

namespace html_browser_test {

interleave::reports::RunInfo run_info(std::string command, double seconds = 0) {
  interleave::reports::RunInfo run;
  run.command = std::move(command);
  run.seconds = seconds;
  return run;
}

namespace fs = std::filesystem;
using namespace interleave;

constexpr const char* chromium = "/usr/bin/chromium";
constexpr int window_width = 1280;
constexpr int window_height = 900;

using interleave_test::Ran;  // output: stdout only, Chromium's own chatter goes to stderr

// Whether the browser checks can run. scripts/setup installs Chromium for the tests, so its
// absence fails the test (a check that skips where its tool is missing passes unseen), unless
// INTERLEAVE_SKIP_BROWSER_TESTS=1 says the skip is meant (INTERLEAVE_SETUP_BROWSER=0 machines).
bool browser_available() {
  if (fs::exists(chromium)) return true;
  const char* skip = std::getenv("INTERLEAVE_SKIP_BROWSER_TESTS");
  if (skip != nullptr && std::string(skip) == "1") return false;
  ADD_FAILURE() << "Chromium is absent (" << chromium
                << "): run scripts/setup, or set INTERLEAVE_SKIP_BROWSER_TESTS=1 to skip the "
                   "browser checks on purpose";
  return false;
}

// After browser_available() said no: a skip that was asked for says so; a missing browser has
// already failed the test, and says only that.
void skip_unless_failed() {
  if (!::testing::Test::HasFailure())
    GTEST_SKIP() << "INTERLEAVE_SKIP_BROWSER_TESTS=1: no browser check";
}

// Runs headless Chromium on `page` with `mode` (--dump-dom or --screenshot=...), a fresh profile
// and nothing that would reach the network, bounded by `timeout`.
Ran run_chromium(const fs::path& profile, const std::string& mode, const fs::path& page) {
  const std::string cmd =
      std::string("timeout 120 ") + chromium +
      " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
      " --disable-background-networking --disable-component-update --disable-sync"
      " --user-data-dir='" +
      profile.string() +
      "'"
      " --window-size=" +
      std::to_string(window_width) + "," + std::to_string(window_height) + " " + mode +
      " 'file://" + page.string() + "' 2>" + (profile / "stderr.txt").string();
  return interleave_test::run_command(cmd);
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string attribute(const std::string& html, const std::string& name) {
  const std::regex re("<body[^>]*\\s" + name + "=\"([^\"]*)\"");
  std::smatch m;
  return std::regex_search(html, m, re) ? m[1].str() : std::string("(absent)");
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
  return n;
}

// Measures the laid-out page from inside it and leaves the answer on <body>, where --dump-dom
// shows it. Only the test's copy of the report carries it; the report itself has no script.
constexpr std::string_view overflow_probe =
    "<script>{const d=document.documentElement, b=document.body;"
    "b.dataset.overflow=String(d.scrollWidth>d.clientWidth || d.scrollWidth>window.innerWidth);"
    "b.dataset.scrollWidth=d.scrollWidth; b.dataset.innerWidth=window.innerWidth;"
    "let wide=0; for (const e of document.querySelectorAll('table.lanes td'))"
    " if (e.scrollWidth>e.clientWidth+1) ++wide;"
    "b.dataset.cellsOverflowing=wide;}</script>\n";

TEST(HtmlReportInChromium, renders_three_thread_swim_lanes_within_1280px_and_screenshots) {
  if (!browser_available()) return skip_unless_failed();

  reports::fixtures::TempDir dir;
  const fs::path profile = dir.path() / "profile";
  fs::create_directories(profile);
  auto unexpected = reports::fixtures::fail();
  unexpected.verdict.trace.back().operation =
      "DATA RACE (data race detected) on a_rather_long_identifier_without_any_spaces_in_it_at_all_"
      "that_must_wrap_rather_than_widen_its_lane";
  const std::vector<harness::Result> results = {reports::fixtures::pass(),
                                                reports::samples::rc_double_free(), unexpected,
                                                reports::fixtures::crash()};
  reports::write_html(
      dir.path(), run_info("interleave run --filter 'rc/*' --report-dir out --format html", 0.4),
      results);
  const fs::path report = dir.path() / "report.html";
  std::string probed = read_file(report);
  const auto end = probed.rfind("</body>");
  ASSERT_NE(end, std::string::npos);
  probed.insert(end, overflow_probe);
  const fs::path probe_page = dir.path() / "probe.html";
  std::ofstream(probe_page) << probed;

  // 1. The DOM Chromium built: the page parsed, with the swim lanes and every step in them.
  const Ran dom = run_chromium(profile, "--dump-dom", probe_page);
  ASSERT_EQ(dom.status, 0) << read_file(profile / "stderr.txt");
  ASSERT_NE(dom.output.find("<table class=\"lanes\" data-threads=\"3\""), std::string::npos)
      << dom.output;
  const auto sample = reports::samples::rc_double_free();
  const auto lanes_at = dom.output.find("<table class=\"lanes\" data-threads=\"3\"");
  const std::string lanes =
      dom.output.substr(lanes_at, dom.output.find("</table>", lanes_at) - lanes_at);
  EXPECT_EQ(count(lanes, "<tr class=\"step"), sample.verdict.trace.size());
  for (const auto& s : sample.verdict.trace)
    EXPECT_NE(lanes.find("data-step=\"" + std::to_string(s.index) + "\" data-thread=\"" +
                         std::to_string(s.thread) + "\""),
              std::string::npos)
        << "step " << s.index;
  EXPECT_EQ(count(lanes, "failing step: DOUBLE FREE"), 1u);

  // 2. No sideways scrolling at a laptop's width, for three threads, and no lane cell whose
  // content spills out of it.
  EXPECT_EQ(attribute(dom.output, "data-inner-width"), std::to_string(window_width));
  EXPECT_EQ(attribute(dom.output, "data-overflow"), "false")
      << "scrollWidth " << attribute(dom.output, "data-scroll-width") << " > innerWidth "
      << attribute(dom.output, "data-inner-width");
  EXPECT_EQ(attribute(dom.output, "data-cells-overflowing"), "0");

  // 3. A screenshot of the report itself (without the probe).
  const fs::path png = dir.path() / "report.png";
  const Ran shot = run_chromium(profile, "--screenshot=" + png.string(), report);
  ASSERT_EQ(shot.status, 0) << read_file(profile / "stderr.txt");
  ASSERT_TRUE(fs::exists(png)) << read_file(profile / "stderr.txt");
  const std::string bytes = read_file(png);
  ASSERT_GT(bytes.size(), 24u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  const auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned char>(bytes[at]) << 24) |
           (static_cast<unsigned char>(bytes[at + 1]) << 16) |
           (static_cast<unsigned char>(bytes[at + 2]) << 8) |
           static_cast<unsigned char>(bytes[at + 3]);
  };
  EXPECT_EQ(be32(16), window_width);   // IHDR width
  EXPECT_EQ(be32(20), window_height);  // IHDR height

  if (const char* keep = std::getenv("INTERLEAVE_BROWSER_TEST_KEEP")) {
    fs::create_directories(keep);
    for (const fs::path& f : {report, probe_page, png})
      fs::copy_file(f, fs::path(keep) / f.filename(), fs::copy_options::overwrite_existing);
  }
}

// Which rows of the results table the laid-out page shows (their outcomes, in order), as loaded
// and with the plain passes switched on; left on <body> as overflow_probe leaves its answers.
// After the load event: a URL's fragment becomes the :target only then.
constexpr std::string_view visible_rows_probe =
    "<script>addEventListener('load',()=>{const b=document.body;"
    "const shown=()=>[...document.querySelectorAll('tr.result')]"
    ".filter(r=>getComputedStyle(r).display!=='none').map(r=>r.dataset.outcome).join(',');"
    "b.dataset.rows=shown();"
    "const note=[...document.querySelectorAll('.filter-note')]"
    ".filter(n=>getComputedStyle(n).display!=='none').map(n=>n.dataset.for).join(',');"
    "b.dataset.note=note;"
    "const c=document.getElementById('show-passes');"
    "if(c){c.checked=true; b.dataset.rowsWithPasses=shown(); c.checked=false;}})</script>\n";

TEST(HtmlReportInChromium, passes_are_collapsed_and_a_count_chip_shows_only_its_rows) {
  if (!browser_available()) return skip_unless_failed();
  reports::fixtures::TempDir dir;
  const fs::path profile = dir.path() / "profile";
  fs::create_directories(profile);
  auto second_pass = reports::fixtures::pass();
  second_pass.id = "rc/counts";
  const std::vector<harness::Result> results = {
      reports::fixtures::pass(), reports::fixtures::fail(), second_pass,
      reports::fixtures::expected_failure(), reports::fixtures::crash()};
  reports::write_html(dir.path(), run_info("interleave run --format html", 0.4), results);
  std::string probed = read_file(dir.path() / "report.html");
  probed.insert(probed.rfind("</body>"), visible_rows_probe);
  const fs::path page = dir.path() / "rows.html";
  std::ofstream(page) << probed;

  const Ran plain = run_chromium(profile, "--dump-dom", page);
  ASSERT_EQ(plain.status, 0) << read_file(profile / "stderr.txt");
  EXPECT_EQ(attribute(plain.output, "data-rows"), "fail,expected-failure,crash");
  EXPECT_EQ(attribute(plain.output, "data-rows-with-passes"),
            "pass,fail,pass,expected-failure,crash");
  EXPECT_EQ(attribute(plain.output, "data-note"), "");

  // The chip's link: only that outcome's rows, and a note saying so.
  EXPECT_NE(plain.output.find("<a href=\"#only-pass\""), std::string::npos);
  for (const auto& [target, rows] : {std::pair<std::string, std::string>{"only-fail", "fail"},
                                     {"only-pass", "pass,pass"},
                                     {"only-crash", "crash"}}) {
    const Ran filtered = run_chromium(profile, "--dump-dom", page.string() + "#" + target);
    ASSERT_EQ(filtered.status, 0) << read_file(profile / "stderr.txt");
    EXPECT_EQ(attribute(filtered.output, "data-rows"), rows) << target;
    EXPECT_EQ(attribute(filtered.output, "data-note"), target.substr(5)) << target;
  }
}

}  // namespace html_browser_test
