// The runner isolates each item in its own process: a crash, a hang or a throw is a result,
// and the other items still run.
#include <gtest/gtest.h>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "interleave/harness/runner.hpp"
#include "interleave/harness/utf8.hpp"
#include "interleave/reports/report.hpp"

namespace interleave::harness {
namespace runner_test {

// Settings with a scheduler, an iteration count and a context bound, the rest their defaults.
SearchSettings settings(Scheduler scheduler, std::uint64_t iterations, unsigned context_bound) {
  SearchSettings s;
  s.scheduler = scheduler;
  s.iterations = iterations;
  s.context_bound = context_bound;
  return s;
}

Entry item(std::string id, RunFunction f, Expectation e = Expectation::pass()) {
  Entry x;
  x.id = std::move(id);
  x.expected = std::move(e);
  x.run = std::move(f);
  x.defaults.scheduler = Scheduler::random;
  x.defaults.iterations = 10;
  return x;
}

Verdict clean(const SearchSettings& s) {
  Verdict v;
  v.iterations = s.iterations;
  return v;
}

Verdict racy(const SearchSettings&) {
  Verdict v;
  v.defect = "DATA RACE";
  v.final_state = "3 ";
  v.trace.push_back(Step{4, 1, "store, value=1", "@1", "1", "", "thread", "m.cpp", 12});
  return v;
}

std::vector<Result> run_all(const std::vector<Entry>& entries, double timeout = 30,
                            RunOptions o = {}) {
  std::vector<const Entry*> items;
  for (const auto& e : entries) items.push_back(&e);
  o.jobs = 3;
  o.timeout_seconds = timeout;
  o.program = "interleave";
  return run_items(items, o);
}

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

void* volatile sink = nullptr;  // where allocations go, so that none is optimized away

constexpr const char* replacement_character = "\xEF\xBF\xBD";  // U+FFFD

// Makes this process the reaper of its orphaned descendants, so a test can see whether a
// grandchild of the runner survived its child: it would be re-parented here.
void adopt_orphans() { ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0) << std::strerror(errno); }

// Whether process `pid` (a descendant re-parented here) is gone within `seconds`: reaped here, or
// never our child at all.
bool ends_within(pid_t pid, double seconds) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno == ECHILD)) return ::kill(pid, 0) != 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

// Forks a grandchild that sleeps forever and writes its pid to `pid_file`; then hangs.
[[noreturn]] void hang_with_a_grandchild(const std::string& pid_file) {
  if (const pid_t g = ::fork(); g == 0) {
    std::ofstream(pid_file) << ::getpid() << '\n';
    for (;;) ::pause();
  }
  for (;;) ::pause();
}

pid_t read_pid(const std::string& file) {
  for (int i = 0; i < 200; ++i) {
    std::ifstream in(file);
    pid_t pid = 0;
    if (in >> pid && pid > 0) return pid;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return 0;
}

TEST(Runner, crash_hang_and_throw_are_results_and_the_rest_still_run) {
  const std::vector<Entry> entries = {
      item("a/clean", clean),
      item("a/aborts", [](const SearchSettings&) -> Verdict { std::abort(); }),
      item("a/hangs",
           [](const SearchSettings&) -> Verdict {
             for (;;) ::pause();
           }),
      item("a/throws", [](const SearchSettings&) -> Verdict { throw std::runtime_error("boom"); }),
      item("a/exits", [](const SearchSettings&) -> Verdict { std::_Exit(3); }),
      item("a/also-clean", clean),
  };
  const auto results = run_all(entries, 1.0);
  ASSERT_EQ(results.size(), entries.size());
  EXPECT_EQ(results[0].outcome, Outcome::pass);
  EXPECT_EQ(results[1].outcome, Outcome::crash);
  EXPECT_NE(results[1].message.find("signal 6"), std::string::npos) << results[1].message;
  EXPECT_EQ(results[2].outcome, Outcome::timeout);
  EXPECT_EQ(results[3].outcome, Outcome::error);
  EXPECT_NE(results[3].message.find("boom"), std::string::npos);
  EXPECT_EQ(results[4].outcome, Outcome::crash);
  EXPECT_NE(results[4].message.find("status 3"), std::string::npos) << results[4].message;
  EXPECT_EQ(results[5].outcome, Outcome::pass);
}

TEST(Runner, results_keep_registration_order_and_settings) {
  const std::vector<Entry> entries = {item("b/one", clean), item("b/two", racy),
                                      item("b/three", racy, Expectation::fails_with("DATA RACE"))};
  const auto results = run_all(entries);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].id, "b/one");
  EXPECT_EQ(results[0].verdict.iterations, 10u);
  EXPECT_EQ(results[1].outcome, Outcome::fail);
  EXPECT_EQ(results[2].outcome, Outcome::expected_failure);
  ASSERT_EQ(results[2].verdict.trace.size(), 1u);
  EXPECT_EQ(results[2].verdict.trace[0],
            (Step{4, 1, "store, value=1", "@1", "1", "", "thread", "m.cpp", 12}));
}

TEST(Runner, overrides_replace_only_what_was_given) {
  Entry e = item("c/x", clean);
  e.defaults = settings(Scheduler::bound, 500, 3);
  SearchOverrides o;
  o.context_bound = 1;
  const auto s = effective_settings(e, o);
  EXPECT_EQ(s.scheduler, Scheduler::bound);
  EXPECT_EQ(s.iterations, 500u);
  EXPECT_EQ(s.context_bound, 1u);
}

// Quick caps the searches of items expected to pass; a negative control keeps its budget (its
// search ends at its defect) under a looser time cap, and a twin searches as its control.
TEST(Runner, the_quick_profile_caps_what_should_pass_and_times_everything) {
  SearchOverrides quick;
  quick.profile = Profile::quick;
  Entry passing = item("q/pass", clean);
  passing.defaults.iterations = 1'000'000;
  Entry control = item("q/control", racy, Expectation::fails_with("DATA RACE"));
  control.defaults.iterations = 1'000'000;
  EXPECT_EQ(effective_settings(passing, quick).iterations, quick_iterations);
  EXPECT_EQ(effective_settings(control, quick).iterations, 1'000'000u);
  EXPECT_EQ(effective_settings(passing, quick).seconds, quick_seconds);
  EXPECT_EQ(effective_settings(control, quick).seconds, quick_control_seconds);
  Entry twin = passing;  // the same search as its control's, without the fault
  twin.twin_of = "q/control";
  EXPECT_EQ(effective_settings(twin, quick).iterations, 1'000'000u);
  passing.kind = Kind::property;
  EXPECT_EQ(effective_settings(passing, quick).iterations, quick_scenarios);
  quick.iterations = 7;  // an explicit flag wins
  EXPECT_EQ(effective_settings(control, quick).iterations, 7u);
}

TEST(Runner, replay_command_carries_every_setting_needed) {
  Result r;
  r.id = "rc/double-free";
  r.settings = settings(Scheduler::bound, 1000, 2);
  r.verdict.defect = "DOUBLE FREE";
  r.verdict.final_state = "1 3 2 0 ";
  EXPECT_EQ(
      replay_command("./interleave", r),
      "./interleave replay rc/double-free --scheduler bound --context-bound 2 --state '1 3 2 0 '");
  Result p;
  p.id = "mutex/x";
  p.settings = settings(Scheduler::random, 5000, 2);
  p.settings.seed = 17;
  EXPECT_EQ(replay_command("interleave", p),
            "interleave run --filter mutex/x --scheduler random --iterations 5000 --seed 17");
}

TEST(Runner, verdicts_cross_the_pipe_intact) {
  Verdict v = racy({});
  v.detail = "DATA RACE (data race detected)";
  v.history = "line one\nline \"two\"\n";
  v.iterations = 42;
  v.search = SearchEnd::complete;
  const Verdict back = verdict_from_json(verdict_to_json(v));
  EXPECT_EQ(back.defect, v.defect);
  EXPECT_EQ(back.detail, v.detail);
  EXPECT_EQ(back.history, v.history);
  EXPECT_EQ(back.iterations, 42u);
  EXPECT_EQ(back.search, SearchEnd::complete);
  EXPECT_EQ(back.trace, v.trace);
}

TEST(Runner, results_name_files_under_the_source_root_relative_to_it_before_anyone_sees_them) {
  Entry e = item(
      "absolute",
      [](const SearchSettings&) {
        Verdict v;
        v.defect = "DATA RACE";
        v.final_state = "3 ";
        v.trace.push_back(Step{4, 1, "store, value=1", "@1", "1", "", "f", "/proj/src/m.cpp", 12});
        v.trace.push_back(Step{5, 0, "load", "@1", "1", "", "g", "/usr/include/atomic", 3});
        v.history = "[4] 1: store /proj/src/m.cpp(12)\n";
        return v;
      },
      Expectation::fails_with("DATA RACE"));
  e.file = "/proj/src/m.cpp";
  RunOptions o;
  o.source_root = "/proj";
  std::vector<std::string> seen;
  o.on_result = [&](std::size_t, const Result& r) {
    for (const auto& s : r.verdict.trace) seen.push_back(s.file);
  };
  const auto results = run_all({e}, 30, o);
  ASSERT_EQ(results.size(), 1u);
  const Result& r = results[0];
  EXPECT_EQ(r.outcome, Outcome::expected_failure) << r.message;
  EXPECT_EQ(r.file, "src/m.cpp");
  ASSERT_EQ(r.verdict.trace.size(), 2u);
  EXPECT_EQ(r.verdict.trace[0].file, "src/m.cpp");
  EXPECT_EQ(r.verdict.trace[1].file, "/usr/include/atomic");
  EXPECT_EQ(r.verdict.history, "[4] 1: store src/m.cpp(12)\n");
  EXPECT_EQ(seen, (std::vector<std::string>{"src/m.cpp", "/usr/include/atomic"}));
  // Without a root they stay as compiled.
  const auto as_compiled = run_all({e});
  EXPECT_EQ(as_compiled[0].verdict.trace[0].file, "/proj/src/m.cpp");
}

TEST(Runner, output_that_is_not_utf8_becomes_valid_text_in_the_message_and_every_report) {
  const std::vector<Entry> entries = {
      item("u/invalid",
           [](const SearchSettings&) -> Verdict {
             std::fputs("bad bytes: \xff\xfe, a cut one: \xc3, a surrogate: \xed\xa0\x80.", stderr);
             std::abort();
           }),
      // 1001 three-byte characters and a newline: the kept tail of 2000 bytes starts inside one.
      item("u/cut",
           [](const SearchSettings&) -> Verdict {
             std::string euros;
             for (int i = 0; i < 1001; ++i) euros += "\xE2\x82\xAC";
             std::fputs((euros + "\n").c_str(), stderr);
             std::abort();
           }),
      item("u/verdict",
           [](const SearchSettings&) -> Verdict {
             Verdict v;
             v.defect = "DATA RACE";
             v.detail = "DATA RACE (\xff)";
             v.history = "history \xc0\xaf";
             v.final_state = "1 ";
             v.trace.push_back(Step{1, 0, "store \xfe", "@1", "", "", "f\x80", "m.cpp", 3});
             return v;
           }),
  };
  const auto results = run_all(entries);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].outcome, Outcome::crash);
  EXPECT_TRUE(is_valid_utf8(results[0].message)) << results[0].message;
  EXPECT_TRUE(contains(results[0].message, std::string("bad bytes: ") + replacement_character))
      << results[0].message;
  EXPECT_EQ(results[1].outcome, Outcome::crash);
  EXPECT_TRUE(is_valid_utf8(results[1].message));
  EXPECT_TRUE(contains(results[1].message, "...\xE2\x82\xAC\xE2\x82\xAC")) << results[1].message;
  EXPECT_FALSE(contains(results[1].message, replacement_character)) << "the cut split a character";
  EXPECT_EQ(results[2].outcome, Outcome::fail);
  for (const auto* s :
       {&results[2].verdict.detail, &results[2].verdict.history,
        &results[2].verdict.trace.at(0).operation, &results[2].verdict.trace.at(0).function})
    EXPECT_TRUE(is_valid_utf8(*s)) << *s;

  const auto dir = std::filesystem::temp_directory_path() /
                   ("interleave-runner-utf8-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  reports::write_reports(dir, {"json", "junit", "md", "html", "sarif"}, {}, results);
  for (const char* f :
       {"results.json", "junit.xml", "summary.md", "report.html", "results.sarif"}) {
    std::ifstream in(dir / f, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_FALSE(text.empty()) << f;
    EXPECT_TRUE(is_valid_utf8(text)) << f;
  }
  std::ifstream json_file(dir / "results.json");
  EXPECT_EQ(nlohmann::json::parse(json_file)["results"].size(), 3u);
  std::filesystem::remove_all(dir);
}

TEST(Runner, an_exception_of_any_type_is_an_error_naming_it) {
  const std::vector<Entry> entries = {
      item("x/int", [](const SearchSettings&) -> Verdict { throw 42; }),
      item("x/logic", [](const SearchSettings&) -> Verdict { throw std::logic_error("bad \xff"); }),
  };
  const auto results = run_all(entries);
  EXPECT_EQ(results[0].outcome, Outcome::error);
  EXPECT_EQ(results[0].message, "threw int (not derived from std::exception)");
  EXPECT_EQ(results[1].outcome, Outcome::error);
  EXPECT_EQ(results[1].message,
            std::string("threw std::logic_error: bad ") + replacement_character);
}

TEST(Runner, a_search_that_explored_nothing_is_an_error_whatever_was_expected) {
  const auto nothing = [](const SearchSettings&) { return Verdict{}; };
  const std::vector<Entry> entries = {
      item("z/model", nothing), item("z/negative", nothing, Expectation::fails_with("DATA RACE"))};
  const auto results = run_all(entries);
  for (const auto& r : results) {
    EXPECT_EQ(r.outcome, Outcome::error) << r.id;
    EXPECT_EQ(r.message, nothing_explored) << r.id;
  }
}

TEST(Runner, a_child_past_its_memory_limit_is_a_crash_that_says_so) {
  if (!memory_limit_enforced) GTEST_SKIP() << "sanitizer build: the memory limit is not enforced";
  const std::vector<Entry> entries = {
      // Grows a few MiB at a time, touching what it takes: the parent sees it pass the limit.
      item("m/grows",
           [](const SearchSettings&) -> Verdict {
             for (;;) {
               void* p = std::malloc(4 << 20);
               if (!p) std::abort();
               std::memset(p, 1, 4 << 20);
               std::this_thread::sleep_for(std::chrono::milliseconds(2));
             }
           }),
      // Goes past the limit and, microseconds later, past RLIMIT_AS (twice the limit), before
      // the parent's next look: it dies of the null, and says how far it had grown.
      item("m/reserves",
           [](const SearchSettings&) -> Verdict {
             for (int i = 0; i < 2; ++i) {
               sink = std::malloc(std::size_t{320} << 20);
               if (!sink) std::abort();
             }
             return Verdict{};
           }),
      // Asks for more than the limit in one go: std::bad_alloc.
      item("m/one-huge-request",
           [](const SearchSettings&) -> Verdict {
             sink = ::operator new (std::size_t{1} << 40);
             return Verdict{};
           }),
      item("m/modest", clean),
  };
  RunOptions o;
  o.memory_limit = std::uint64_t{256} << 20;
  // One at a time: the parent then looks at a child's size only every 50 ms (no other child's
  // output wakes it), so m/reserves is past RLIMIT_AS before the first look.
  std::vector<Result> results;
  for (const auto& e : entries) results.push_back(run_all({e}, 30, o).at(0));
  ASSERT_EQ(results.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(results[i].outcome, Outcome::crash) << results[i].id;
    EXPECT_TRUE(results[i].message.starts_with("exceeded the memory limit of 256 MiB"))
        << results[i].id << ": " << results[i].message;
  }
  EXPECT_TRUE(contains(results[0].message, "killed")) << results[0].message;
  EXPECT_TRUE(contains(results[1].message, ": its address space reached 3")) << results[1].message;
  EXPECT_TRUE(contains(results[1].message, "then it died on signal 6 (Aborted)"))
      << results[1].message;
  EXPECT_TRUE(contains(results[2].message, "an allocation in the item failed (std::bad_alloc)"))
      << results[2].message;
  EXPECT_EQ(results[3].outcome, Outcome::pass);
}

TEST(Runner, without_a_limit_an_allocation_failure_is_the_exception_it_is) {
  if (!memory_limit_enforced)
    GTEST_SKIP() << "sanitizer build: its allocator aborts on the request";
  const std::vector<Entry> entries = {
      item("m/one-huge-request", [](const SearchSettings&) -> Verdict {
        sink = ::operator new (std::size_t{1} << 60);
        return Verdict{};
      })};
  const auto results = run_all(entries);
  EXPECT_EQ(results[0].outcome, Outcome::error);
  EXPECT_TRUE(results[0].message.starts_with("threw std::bad_alloc")) << results[0].message;
}

TEST(Runner, a_timeout_kills_what_the_item_started_too) {
  adopt_orphans();
  const auto pid_file = std::filesystem::temp_directory_path() /
                        ("interleave-runner-grandchild-" + std::to_string(::getpid()));
  std::filesystem::remove(pid_file);
  const std::vector<Entry> entries = {item("g/hangs", [pid_file](const SearchSettings&) -> Verdict {
    hang_with_a_grandchild(pid_file.string());
  })};
  const auto results = run_all(entries, 1.0);
  EXPECT_EQ(results[0].outcome, Outcome::timeout);
  const pid_t grandchild = read_pid(pid_file.string());
  ASSERT_GT(grandchild, 0) << "the item never started its grandchild";
  EXPECT_TRUE(ends_within(grandchild, 5)) << "the grandchild " << grandchild << " survived";
  ::kill(grandchild, SIGKILL);
  std::filesystem::remove(pid_file);
}

TEST(Runner, a_stop_signal_kills_the_children_and_marks_what_did_not_finish_not_run) {
  adopt_orphans();
  const auto pid_file = std::filesystem::temp_directory_path() /
                        ("interleave-runner-stop-" + std::to_string(::getpid()));
  std::filesystem::remove(pid_file);
  const auto hangs = [pid_file](const SearchSettings&) -> Verdict {
    hang_with_a_grandchild(pid_file.string());
  };
  const std::vector<Entry> entries = {item("s/hangs", hangs), item("s/quick", clean),
                                      item("s/later", clean), item("s/last", clean)};
  std::vector<std::string> reported;
  RunOptions o;
  o.jobs = 2;
  o.timeout_seconds = 60;
  o.program = "interleave";
  // The quick item's result sends the signal, while the hanging one runs and two wait.
  o.on_result = [&](std::size_t, const Result& r) {
    reported.push_back(r.id);
    ASSERT_GT(read_pid(pid_file.string()), 0);
    ::kill(::getpid(), SIGTERM);
  };
  std::vector<const Entry*> items;
  for (const auto& e : entries) items.push_back(&e);
  const auto started = std::chrono::steady_clock::now();
  std::vector<Result> results;
  int received = 0;
  {
    const StopSignals stop;
    o.stop = &stop;
    results = run_items(items, o);
    received = stop.received();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30));
  EXPECT_EQ(received, SIGTERM);
  EXPECT_EQ(reported, std::vector<std::string>{"s/quick"});
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].outcome, Outcome::not_run);
  EXPECT_TRUE(results[0].message.starts_with("stopped by SIGTERM after")) << results[0].message;
  EXPECT_EQ(results[1].outcome, Outcome::pass);
  for (int i : {2, 3}) {
    EXPECT_EQ(results[i].outcome, Outcome::not_run);
    EXPECT_EQ(results[i].message, "not started: the run was stopped by SIGTERM");
    EXPECT_EQ(results[i].id, entries[i].id);
  }
  const pid_t grandchild = read_pid(pid_file.string());
  EXPECT_TRUE(ends_within(grandchild, 5)) << "the grandchild " << grandchild << " survived";
  ::kill(grandchild, SIGKILL);
  std::filesystem::remove(pid_file);
}

TEST(Runner, an_item_whose_process_cannot_be_started_is_an_error_result) {
  // Descriptors for one of the item's two pipes only: the runner cannot start it, says so, and
  // gives the first pipe's back (the sanitizers need a pipe of their own to report anything).
  const int lowest_free = ::dup(0);
  ASSERT_GE(lowest_free, 0);
  ::close(lowest_free);
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  rlimit tight = saved;
  tight.rlim_cur = static_cast<rlim_t>(lowest_free + 2);
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &tight), 0);
  const std::vector<Entry> entries = {item("f/one", clean), item("f/two", clean)};
  std::vector<Result> results;
  EXPECT_NO_THROW(results = run_all(entries));
  ::setrlimit(RLIMIT_NOFILE, &saved);
  ASSERT_EQ(results.size(), 2u);
  for (const auto& r : results) {
    EXPECT_EQ(r.outcome, Outcome::error) << r.id;
    EXPECT_TRUE(r.message.starts_with("could not start its process: pipe:")) << r.message;
  }
}

TEST(Runner, memory_sizes_print_in_one_wording_and_the_default_shares_the_machine) {
  EXPECT_EQ(memory_size_text(std::uint64_t{2} << 30), "2.0 GiB");
  EXPECT_EQ(memory_size_text(std::uint64_t{256} << 20), "256 MiB");
  EXPECT_GE(default_memory_limit(1), default_memory_limit(4));
  EXPECT_GE(default_memory_limit(256), min_memory_limit);
}

TEST(Utf8, keeps_valid_text_and_replaces_each_maximal_ill_formed_subpart) {
  EXPECT_EQ(valid_utf8("plain, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x98\x80"),
            "plain, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x98\x80");
  const std::string r = replacement_character;
  EXPECT_EQ(valid_utf8("a\xFF"
                       "b"),
            "a" + r + "b");
  EXPECT_EQ(valid_utf8("a\xE2\x82"), "a" + r);               // a truncated character: one
  EXPECT_EQ(valid_utf8("\xC0\xAF"), r + r);                  // an overlong form: two
  EXPECT_EQ(valid_utf8("\xED\xA0\x80"), r + r + r);          // a surrogate: three
  EXPECT_EQ(valid_utf8("\xF4\x90\x80\x80"), r + r + r + r);  // past U+10FFFF
  EXPECT_EQ(valid_utf8(std::string("\0x", 2)), std::string("\0x", 2));
  EXPECT_EQ(utf8_tail("abc", 10), "abc");
  EXPECT_EQ(utf8_tail("\xE2\x82\xAC\xE2\x82\xAC", 4), "...\xE2\x82\xAC");
  EXPECT_EQ(utf8_tail("x\xC3\xA9", 1), "...");  // nothing whole fits
}

}  // namespace runner_test
}  // namespace interleave::harness
