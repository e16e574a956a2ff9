// `interleave run` over models that misbehave (tests/hostile/models), as a user runs it: each
// misbehaviour is a result that says what happened, every report format is written and valid,
// nothing is left in TMPDIR, and SIGINT or SIGTERM stop the run with a partial report and no
// process left behind.
#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "junit_validator.hpp"
#include "sarif_validator.hpp"

namespace hostile_test {

namespace fs = std::filesystem;
using json = nlohmann::json;
using clock_type = std::chrono::steady_clock;

const std::string all_formats = "json,junit,md,html,sarif";
const char* const report_files[] = {"results.json", "junit.xml", "summary.md", "report.html",
                                    "results.sarif"};
const std::string replacement = "\xEF\xBF\xBD";  // U+FFFD

fs::path fresh_dir(const std::string& name) {
  const auto d =
      fs::temp_directory_path() / ("interleave-hostile-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

// Whether `s` is well-formed UTF-8 (Unicode table 3-7), checked here independently of the
// harness's own code.
bool is_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
    if (c < 0x80)
      n = 0;
    else if (c >= 0xC2 && c <= 0xDF)
      n = 1;
    else if (c >= 0xE0 && c <= 0xEF)
      n = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
      n = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
      return false;
    if (i + n >= s.size() && n > 0) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return false;
    }
    i += n + 1;
  }
  return true;
}

// `interleave_hostile ARGS` with stdout and stderr into `output` (stdout into `stdout_fd`
// instead, if given), and `env` added.
pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const fs::path& output, int stdout_fd = -1) {
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
  std::FILE* out = std::fopen(output.c_str(), "w");
  if (!out) ::_exit(127);
  ::dup2(stdout_fd >= 0 ? stdout_fd : ::fileno(out), STDOUT_FILENO);
  ::dup2(::fileno(out), STDERR_FILENO);
  std::vector<char*> argv = {const_cast<char*>(INTERLEAVE_HOSTILE_BINARY)};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(INTERLEAVE_HOSTILE_BINARY, argv.data());
  ::_exit(127);
}

// The exit status of `pid`, or -1 if it did not exit within `seconds` (then it is killed).
int exit_status(pid_t pid, double seconds) {
  const auto until = clock_type::now() + std::chrono::duration<double>(seconds);
  int status = 0;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (clock_type::now() > until) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::map<std::string, json> results_by_id(const json& doc) {
  std::map<std::string, json> out;
  for (const auto& r : doc["results"]) out[r["id"]] = r;
  return out;
}

// Every report format is there, valid UTF-8, and parses as its format; returns results.json.
json check_every_report(const fs::path& dir) {
  for (const char* f : report_files) {
    const std::string text = read_text(dir / f);
    EXPECT_FALSE(text.empty()) << f << " was not written";
    EXPECT_TRUE(is_utf8(text)) << f << " is not valid UTF-8";
  }
  pugi::xml_document junit;
  const auto loaded = junit.load_file((dir / "junit.xml").c_str());
  EXPECT_TRUE(loaded) << loaded.description();
  const auto junit_problems = interleave::reports::validation::junit_problems(junit);
  EXPECT_TRUE(junit_problems.empty()) << joined(junit_problems);
  const auto sarif = json::parse(read_text(dir / "results.sarif"));
  const auto sarif_problems = interleave::reports::validation::sarif_problems(sarif);
  EXPECT_TRUE(sarif_problems.empty()) << joined(sarif_problems);
  EXPECT_TRUE(read_text(dir / "report.html").ends_with("</html>\n"));
  return json::parse(read_text(dir / "results.json"));
}

TEST(Hostile, every_misbehaviour_is_a_result_that_says_what_happened_and_every_report_is_written) {
  const auto tmp = fresh_dir("tmp");
  const auto reports = fresh_dir("reports");
  const auto output = fresh_dir("output") / "out.txt";
  const pid_t pid =
      spawn({"run", "--filter", "hostile/outcome/*", "--report-dir", reports.string(), "--format",
             all_formats, "--timeout", "3", "--memory-limit", "256M", "--jobs", "2"},
            {{"TMPDIR", tmp.string()}}, output);
  const int status = exit_status(pid, 120);
  const std::string out = read_text(output);
  ASSERT_EQ(status, 1) << out;
  EXPECT_TRUE(is_utf8(out)) << "the console output is not valid UTF-8";

  const json doc = check_every_report(reports);
  auto r = results_by_id(doc);
  ASSERT_EQ(r.size(), 12u) << doc.dump(2);
  const auto outcome = [&](const char* id) {
    return r[std::string("hostile/outcome/") + id]["outcome"];
  };
  const auto message = [&](const char* id) {
    return r[std::string("hostile/outcome/") + id]["message"].get<std::string>();
  };
  EXPECT_EQ(outcome("clean"), "pass");
  EXPECT_EQ(outcome("segfault"), "crash");
  EXPECT_TRUE(message("segfault").starts_with("died on signal 11 (Segmentation fault)"))
      << message("segfault");
  EXPECT_EQ(outcome("hangs"), "timeout");
  EXPECT_EQ(message("hangs"), "killed after the 3 s timeout");
  EXPECT_EQ(outcome("throws-in-thread"), "error");
  EXPECT_EQ(message("throws-in-thread"), "thread 1 threw std::runtime_error: boom from thread 1");
  EXPECT_EQ(outcome("throws-in-before"), "error");
  EXPECT_EQ(message("throws-in-before"),
            "before() threw hostile::oops (not derived from std::exception)");
  EXPECT_EQ(outcome("throws-in-after"), "error");
  EXPECT_EQ(message("throws-in-after"), "after() threw std::logic_error: after() gave up");
  EXPECT_EQ(outcome("prints-invalid-utf8"), "crash");
  EXPECT_TRUE(message("prints-invalid-utf8").starts_with("died on signal 6 (Aborted)"))
      << message("prints-invalid-utf8");
  EXPECT_TRUE(contains(message("prints-invalid-utf8"),
                       "bad bytes: " + replacement + replacement + ", a cut one: " + replacement))
      << message("prints-invalid-utf8");
  EXPECT_EQ(outcome("cut-utf8-at-the-tail"), "crash");
  EXPECT_TRUE(contains(message("cut-utf8-at-the-tail"), ": ...\xE2\x82\xAC\xE2\x82\xAC"))
      << message("cut-utf8-at-the-tail");
  EXPECT_FALSE(contains(message("cut-utf8-at-the-tail"), replacement))
      << "the kept tail split a character";
  EXPECT_EQ(outcome("exits"), "crash");
  EXPECT_EQ(message("exits"), "exited with status 3 without a verdict");
  EXPECT_EQ(outcome("allocates-without-bound"), "crash");
  EXPECT_TRUE(
      message("allocates-without-bound").starts_with("exceeded the memory limit of 256 MiB"))
      << message("allocates-without-bound");
  EXPECT_EQ(outcome("one-huge-allocation"), "crash");
  EXPECT_EQ(message("one-huge-allocation").substr(0, 72),
            "exceeded the memory limit of 256 MiB: an allocation in thread 0 failed (")
      << message("one-huge-allocation");
  EXPECT_EQ(outcome("explores-nothing"), "error");
  EXPECT_EQ(message("explores-nothing"), "the search explored no execution");

  const auto& summary = doc["summary"];
  EXPECT_EQ(summary["pass"], 1);
  EXPECT_EQ(summary["timeout"], 1);
  EXPECT_EQ(summary["crash"], 6);
  EXPECT_EQ(summary["error"], 4);
  EXPECT_EQ(summary["as_expected"], false);
  EXPECT_TRUE(summary["interrupted"].is_null());

  // Relacy's output never goes through a named file: a crash and a timeout leave nothing behind.
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(tmp)) left.push_back(e.path().filename().string());
  EXPECT_TRUE(left.empty()) << "left in TMPDIR: " << joined(left);
  for (const auto& d : {tmp, reports, output.parent_path()}) fs::remove_all(d);
}

// Makes this process the reaper of its orphaned descendants: a process the run started and did
// not stop would be re-parented here, where the test sees it.
void adopt_orphans() { ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0) << std::strerror(errno); }

// Whether every descendant of this process has ended within `seconds` (reaping them).
bool no_descendant_left(double seconds) {
  const auto until = clock_type::now() + std::chrono::duration<double>(seconds);
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(-1, &status, WNOHANG);
    if (r < 0 && errno == ECHILD) return true;
    if (r == 0 && clock_type::now() > until) return false;
    if (r == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// Whether process `pid` (a descendant re-parented here, or one that was never ours) is gone within
// `seconds`.
bool ends_within(pid_t pid, double seconds) {
  const auto until = clock_type::now() + std::chrono::duration<double>(seconds);
  while (clock_type::now() < until) {
    ::waitpid(pid, nullptr, WNOHANG);
    if (::kill(pid, 0) != 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::string signal_name(int sig) {
  return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "?";
}

// Waits until the two running sleepers have each written "GRANDCHILD CHILD" into `dir`;
// returns those four pids (fewer if they did not within 30 s).
std::vector<pid_t> wait_for_sleepers(const fs::path& dir) {
  std::vector<pid_t> started;
  const auto until = clock_type::now() + std::chrono::seconds(30);
  while (clock_type::now() < until) {
    started.clear();
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".tmp") continue;
      std::ifstream in(e.path());
      pid_t grandchild = 0, child = 0;
      if (in >> grandchild >> child) started.insert(started.end(), {grandchild, child});
    }
    if (started.size() == 4) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return started;
}

class StopSignal : public testing::TestWithParam<int> {};

TEST_P(StopSignal, stops_the_children_writes_a_partial_report_and_exits_128_plus_the_signal) {
  const int sig = GetParam();
  const std::string name = signal_name(sig);
  adopt_orphans();
  const auto pids = fresh_dir("pids-" + name);
  const auto tmp = fresh_dir("tmp-" + name);
  const auto reports = fresh_dir("reports-" + name);
  const auto output = fresh_dir("output-" + name) / "out.txt";
  const pid_t pid = spawn({"run", "--filter", "hostile/sleeps/*", "--jobs", "2", "--report-dir",
                           reports.string(), "--format", all_formats, "--timeout", "120"},
                          {{"HOSTILE_PID_DIR", pids.string()}, {"TMPDIR", tmp.string()}}, output);

  // Two items run (each with a grandchild of its own), two wait for a free job.
  const auto started = wait_for_sleepers(pids);
  ASSERT_EQ(started.size(), 4u) << "the sleeping items did not start: " << read_text(output);
  for (pid_t p : started) EXPECT_EQ(::kill(p, 0), 0) << p << " is not running";

  ASSERT_EQ(::kill(pid, sig), 0);
  const int status = exit_status(pid, 30);
  const std::string out = read_text(output);
  EXPECT_EQ(status, 128 + sig) << out;
  EXPECT_TRUE(contains(out, "INTERRUPTED: interrupted by " + name + ": 4 of 4 items not run"))
      << out;
  EXPECT_TRUE(contains(out, "reports: json, junit, md, html, sarif in ")) << out;

  const json doc = check_every_report(reports);
  EXPECT_EQ(doc["summary"]["interrupted"], name);
  EXPECT_EQ(doc["summary"]["not-run"], 4);
  EXPECT_EQ(doc["summary"]["as_expected"], false);
  const auto& results = doc["results"];
  ASSERT_EQ(results.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(results[i]["id"], "hostile/sleeps/" + std::to_string(i + 1));
    EXPECT_EQ(results[i]["outcome"], "not-run");
  }
  for (int i : {0, 1})
    EXPECT_TRUE(
        results[i]["message"].get<std::string>().starts_with("stopped by " + name + " after"))
        << results[i]["message"];
  for (int i : {2, 3})
    EXPECT_EQ(results[i]["message"], "not started: the run was stopped by " + name);
  pugi::xml_document junit;
  junit.load_file((reports / "junit.xml").c_str());
  EXPECT_EQ(junit.document_element().child("testsuite").attribute("skipped").as_int(), 4);
  const auto sarif = json::parse(read_text(reports / "results.sarif"));
  EXPECT_EQ(sarif["runs"][0]["invocations"][0]["executionSuccessful"], false);
  EXPECT_EQ(sarif["runs"][0]["invocations"][0]["exitSignalName"], name);
  EXPECT_TRUE(contains(read_text(reports / "summary.md"), "interrupted by " + name));
  EXPECT_TRUE(contains(read_text(reports / "report.html"), "interrupted by " + name));

  // Nothing the run started survives it: not its children, not theirs.
  EXPECT_TRUE(no_descendant_left(5)) << "a process the run started is still running";
  for (pid_t p : started) EXPECT_NE(::kill(p, 0), 0) << p << " survived the run";
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(tmp)) left.push_back(e.path().filename().string());
  EXPECT_TRUE(left.empty()) << "left in TMPDIR: " << joined(left);
  for (pid_t p : started) ::kill(p, SIGKILL);
  for (const auto& d : {pids, tmp, reports, output.parent_path()}) fs::remove_all(d);
}

INSTANTIATE_TEST_SUITE_P(SigintSigtermAndSighup, StopSignal,
                         testing::Values(SIGINT, SIGTERM, SIGHUP),
                         [](const auto& info) { return signal_name(info.param); });

TEST(Hostile, a_runner_that_is_killed_outright_takes_its_children_with_it) {
  adopt_orphans();
  const auto pids = fresh_dir("pids-kill");
  const auto output = fresh_dir("output-kill") / "out.txt";
  const pid_t pid =
      spawn({"run", "--filter", "hostile/sleeps/*", "--jobs", "2", "--timeout", "120"},
            {{"HOSTILE_PID_DIR", pids.string()}}, output);
  const auto started = wait_for_sleepers(pids);
  ASSERT_EQ(started.size(), 4u) << read_text(output);
  ASSERT_EQ(::kill(pid, SIGKILL), 0);  // no handler, no cleanup: only the kernel acts now
  EXPECT_EQ(exit_status(pid, 30), -1);
  // started holds grandchild, child pairs: each child dies with the runner. (A grandchild is in
  // its child's process group, which nobody is left to kill: the test ends those itself.)
  for (std::size_t i = 1; i < started.size(); i += 2)
    EXPECT_TRUE(ends_within(started[i], 5)) << "child " << started[i] << " outlived the runner";
  for (pid_t p : started) ::kill(p, SIGKILL);
  EXPECT_TRUE(no_descendant_left(5));
  for (const auto& d : {pids, output.parent_path()}) fs::remove_all(d);
}

TEST(Hostile, a_long_item_in_a_log_shows_a_heartbeat_and_a_shard_status_file_is_created) {
  // The output is a file, as in CI: no progress line, but a "still running" line after each
  // --heartbeat seconds without a result; GoogleTest's shard status file is created.
  const auto dir = fresh_dir("heartbeat");
  const auto output = dir / "out.txt";
  const auto status_file = dir / "shard-status";
  const pid_t pid =
      spawn({"run", "--filter", "hostile/outcome/hangs", "--timeout", "3", "--heartbeat", "1"},
            {{"GTEST_SHARD_STATUS_FILE", status_file.string()}}, output);
  EXPECT_EQ(exit_status(pid, 60), 1) << read_text(output);  // the hang is a timeout: unexpected
  const std::string text = read_text(output);
  EXPECT_TRUE(contains(text, "... still running: [0/1] ")) << text;
  EXPECT_FALSE(contains(text, "\033[K")) << "no terminal's progress line in a log";
  EXPECT_TRUE(fs::exists(status_file));
  fs::remove_all(dir);
}

TEST(Hostile, output_nobody_reads_stops_the_console_not_the_run_or_its_reports) {
  const auto reports = fresh_dir("reports-pipe");
  const auto output = fresh_dir("output-pipe") / "err.txt";
  int p[2];
  ASSERT_EQ(::pipe(p), 0);
  ::close(p[0]);  // `interleave run | head -0`: writing to stdout fails (EPIPE, or SIGPIPE)
  const pid_t pid = spawn({"run", "--filter", "hostile/outcome/clean", "--report-dir",
                           reports.string(), "--format", all_formats},
                          {}, output, p[1]);
  ::close(p[1]);
  EXPECT_EQ(exit_status(pid, 60), 0) << read_text(output);
  const json doc = check_every_report(reports);
  EXPECT_EQ(doc["results"].size(), 1u);
  EXPECT_EQ(doc["summary"]["pass"], 1);
  for (const auto& d : {reports, output.parent_path()}) fs::remove_all(d);
}

}  // namespace hostile_test
