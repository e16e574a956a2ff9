// Hand-built results, one per outcome, for the renderer tests: each renderer sees exactly the
// values the runner would hand it, and the tests need no Relacy run.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "interleave/harness/result.hpp"
#include "interleave/reports/report.hpp"
#include "report_readers.hpp"

namespace interleave::reports::fixtures {

using harness::Expectation;
using harness::Outcome;
using harness::Result;
using harness::Scheduler;
using harness::Step;

inline Result base(std::string id, Outcome o, double seconds = 0.25) {
  Result r;
  r.id = std::move(id);
  r.threads = 2;
  r.outcome = o;
  r.seconds = seconds;
  r.settings.scheduler = Scheduler::random;
  r.settings.iterations = 1000;
  r.verdict.iterations = 1000;
  r.replay = "interleave run --filter '" + r.id + "' --scheduler random --iterations 1000";
  return r;
}

// Two threads racing on one cell, with Relacy's own markers around them as a real history has.
inline std::vector<Step> race_trace() {
  return {
      Step{0, 0, "[CTOR BEGIN]", "", "", "", "fiber_proc_impl", "/usr/include/relacy/context.hpp",
           457, harness::StepKind::relacy_marker},
      Step{1, 0, "store, value=1", "@1", "1", "", "cell::set", "models/mutex.cpp", 40},
      Step{2, 1, "load, value=0", "@1", "0", "", "cell::get", "models/mutex.cpp", 44},
      Step{3, 0, "atomic store, value=1, order=release", "@2", "1", "release", "flag::raise",
           "lib/include/interleave/mutex.hpp", 120},
      Step{4, 1, "[THREAD FINISHED]", "", "", "", "fiber_proc_impl",
           "/usr/include/relacy/context.hpp", 457, harness::StepKind::relacy_marker},
      Step{5, 0, "store, value=2 <&\"quoted\">", "@1", "2", "", "cell::set", "models/mutex.cpp",
           41},
      Step{6, 1, "DATA RACE (data race detected)", "", "", "", "cell::set", "models/mutex.cpp", 41},
  };
}

inline Result pass() { return base("mutex/mutual-exclusion", Outcome::pass); }

inline Result expected_failure() {
  auto r = base("rc/double-free", Outcome::expected_failure, 0.5);
  r.expected = Expectation::fails_with("DOUBLE FREE");
  r.verdict.defect = "DOUBLE FREE";
  r.verdict.search = harness::SearchEnd::stopped;
  r.verdict.detail = "DOUBLE FREE (incorrect address passed to free() function)";
  r.verdict.final_state = "122 ";
  r.verdict.trace = {
      Step{0, 0, "memory allocation: addr=@1, size=120", "@1", "", "", "strong_ref::strong_ref",
           "lib/include/interleave/detail/refcount.hpp", 113},
      Step{1, 0, "memory deallocation: addr=@1", "@1", "", "", "refcount_block::deallocate",
           "lib/include/interleave/detail/refcount.hpp", 89},
      Step{2, 1, "memory deallocation: addr=@1", "@1", "", "", "refcount_block::deallocate",
           "lib/include/interleave/detail/refcount.hpp", 89},
  };
  r.replay = "interleave replay rc/double-free --scheduler random --state '122 '";
  return r;
}

inline Result fail() {
  auto r = base("mutex/negative/forgets-to-lock", Outcome::fail, 1.5);
  r.verdict.defect = "DATA RACE";
  r.verdict.search = harness::SearchEnd::stopped;
  r.verdict.detail = "data race detected";
  r.verdict.final_state = "0 1 0 ";
  r.verdict.trace = race_trace();
  r.settings.scheduler = Scheduler::bound;
  r.replay =
      "interleave replay mutex/negative/forgets-to-lock --scheduler bound --context-bound 2 "
      "--state '0 1 0 '";
  return r;
}

inline Result unexpected_pass() {
  auto r = base("mutex/negative/shared-exception-state", Outcome::unexpected_pass);
  r.expected = Expectation::fails_with("USER ASSERT FAILED");
  r.verdict.iterations = 1;
  return r;
}

inline Result crash() {
  auto r = base("channel/aborts", Outcome::crash);
  r.message = "killed by signal 6 (Aborted)\x01";  // a control character XML cannot carry
  return r;
}

inline Result timeout() {
  auto r = base("channel/hangs", Outcome::timeout, 30);
  r.message = "ran past the 30s timeout and was killed";
  return r;
}

// A run stopped by SIGINT: one item finished, one was stopped while it ran, one never started.
inline std::vector<Result> interrupted_results() {
  auto stopped = base("channel/slow", Outcome::not_run, 2.0);
  stopped.message = "stopped by SIGINT after 2.0 s, before it finished";
  stopped.verdict.iterations = 0;
  auto waiting = base("rwlock/later", Outcome::not_run, 0);
  waiting.message = "not started: the run was stopped by SIGINT";
  waiting.verdict.iterations = 0;
  return {pass(), stopped, waiting};
}

inline std::vector<Result> every_outcome() {
  return {pass(), expected_failure(), fail(), unexpected_pass(), crash(), timeout()};
}

// The rows summary.md and report.html must show for `results`: outcome word and id, in order.
inline std::vector<readers::Row> expected_rows(const std::vector<Result>& results) {
  std::vector<readers::Row> rows;
  for (const auto& r : results) rows.push_back({std::string(harness::to_string(r.outcome)), r.id});
  return rows;
}

// The test cases junit.xml must hold for `results`, sorted by id (readers::junit_expected).
inline std::vector<readers::Row> expected_junit_cases(const std::vector<Result>& results) {
  return readers::junit_expected(expected_rows(results));
}

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "interleave-reports-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

// A run's description, as the command line would pass it to the renderers.
inline RunInfo run_info(std::string command, double seconds = 0) {
  RunInfo run;
  run.command = std::move(command);
  run.seconds = seconds;
  return run;
}

inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Renders `results` with one renderer into a fresh directory and returns the file it wrote.
template <class Writer>
std::string render_with(Writer write, const char* file, const std::vector<Result>& results,
                        const RunInfo& run) {
  TempDir dir;
  write(dir.path(), run, results);
  return read_text(dir.path() / file);
}

}  // namespace interleave::reports::fixtures
