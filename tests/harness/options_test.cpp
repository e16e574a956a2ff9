// The command line and environment parser, in-process: every numeric option and variable over
// its whole range, by examples at each boundary and by generated argv and environments.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <regex>
#include <tuple>

#include <fmt/format.h>

#include "interleave/harness/parse.hpp"
#include "options.hpp"

namespace interleave::harness {
namespace options_test {

std::expected<Invocation, Stop> parse(std::vector<std::string> args, const Environment& env = {}) {
  args.insert(args.begin(), "interleave");
  return parse_invocation(args, env);
}

std::string error_of(std::vector<std::string> args, const Environment& env = {}) {
  const auto r = parse(std::move(args), env);
  if (r) return "(accepted)";
  EXPECT_EQ(r.error().status, 2);
  return r.error().text;
}

template <class T>
std::string error_or_empty(const Parsed<T>& r) {
  return r ? std::string() : r.error();
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ParseCount, accepts_exactly_the_whole_numbers_in_range) {
  EXPECT_EQ(parse_count("1", "--x", 1, 5).value(), 1u);
  EXPECT_EQ(parse_count("5", "--x", 1, 5).value(), 5u);
  EXPECT_EQ(parse_count("0005", "--x", 1, 5).value(), 5u);
  EXPECT_EQ(parse_count("18446744073709551615", "--x", 0, UINT64_MAX).value(), UINT64_MAX);
  for (const char* bad : {"0", "6", "", "-1", "+1", " 1", "1 ", "1.0", "1e0", "0x1", "nan", "inf",
                          "18446744073709551616", "99999999999999999999999999999", "1/2", "one"}) {
    const auto r = parse_count(bad, "--x", 1, 5);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error(), fmt::format("--x '{}': must be a whole number from 1 to 5", bad));
  }
}

TEST(ParseSeconds, accepts_finite_positive_decimals_up_to_the_cap) {
  EXPECT_EQ(parse_seconds("90", "--t", 100).value(), 90);
  EXPECT_EQ(parse_seconds("0.5", "--t", 100).value(), 0.5);
  EXPECT_EQ(parse_seconds(".5", "--t", 100).value(), 0.5);
  EXPECT_EQ(parse_seconds("1e2", "--t", 100).value(), 100);
  EXPECT_EQ(parse_seconds("1E-3", "--t", 100).value(), 0.001);  // the least: a millisecond
  for (const char* bad :
       {"0",   "0.0",      "0.0009", "1e-4",    "-1",     "+1",       "nan", "NaN",
        "inf", "infinity", "1e300",  "1e99999", "1e-400", "100.0001", "",    ".",
        "e3",  "1e",       "1e+",    "0x10",    " 1",     "1s",       "1,5"})
    EXPECT_TRUE(
        has(error_or_empty(parse_seconds(bad, "--t", 100)),
            "--t '" + std::string(bad) + "': must be a number of seconds from 0.001 to 100"))
        << bad;
}

TEST(ParseSize, reads_units_as_powers_of_1024_without_overflow) {
  EXPECT_EQ(parse_size("512", "--m", 1, UINT64_MAX).value(), 512u);
  EXPECT_EQ(parse_size("512M", "--m", 1, UINT64_MAX).value(), 512u << 20);
  EXPECT_EQ(parse_size("2GiB", "--m", 1, UINT64_MAX).value(), 2ull << 30);
  EXPECT_EQ(parse_size("3kB", "--m", 1, UINT64_MAX).value(), 3u << 10);
  EXPECT_EQ(parse_size("16777215T", "--m", 1, UINT64_MAX).value(), 16777215ull << 40);
  EXPECT_EQ(parse_size("1.5G", "--m", 1, UINT64_MAX).value(), 3ull << 29);
  EXPECT_EQ(parse_size("0.5K", "--m", 1, UINT64_MAX).value(), 512u);
  EXPECT_EQ(parse_size("1.0009765625K", "--m", 1, UINT64_MAX).value(), 1025u);
  EXPECT_EQ(parse_size("16777215.99999999T", "--m", 1, UINT64_MAX).value(), UINT64_MAX - 10995u);
  for (const char* bad : {"16777216T", "16777216.0T", "1P", "1.G", ".5G", "1.5.5G", "-1G", "G", "",
                          "1 G", "1GG", "1Gb"})
    EXPECT_TRUE(has(error_or_empty(parse_size(bad, "--m", 1, UINT64_MAX)), "--m '")) << bad;
  EXPECT_FALSE(parse_size("0", "--m", 1, 10));
  EXPECT_FALSE(parse_size("1K", "--m", 1, 1000));
}

TEST(ParseShard, needs_index_below_total_and_names_the_variable_at_fault) {
  EXPECT_EQ(parse_shard("0/4", "--shard").value(), (Shard{0, 4}));
  EXPECT_EQ(parse_shard("999999/1000000", "--shard").value(), (Shard{999999, 1000000}));
  for (const char* bad : {"4/4", "0/0", "4294967296/3", "1/1000001", "-1/3", "1/-3", "1/", "/3",
                          "1//3", "1/3/", " 1/3", "a/b", "99999999999999999999999/3"})
    EXPECT_TRUE(has(error_or_empty(parse_shard(bad, "--shard")), "--shard '")) << bad;
  EXPECT_TRUE(has(parse_shard_pair("3", "3").error(), "GTEST_SHARD_INDEX '3'"));
  EXPECT_TRUE(has(parse_shard_pair("0", "0").error(), "GTEST_TOTAL_SHARDS '0'"));
  EXPECT_TRUE(has(parse_shard_pair("-1", "3").error(), "GTEST_SHARD_INDEX '-1'"));
  EXPECT_EQ(parse_shard_pair("2", "3").value(), (Shard{2, 3}));
}

TEST(ParseInvocation, version_names_the_program_and_the_interleave_it_runs_on) {
  const auto own = parse({"--version"});
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error().status, 0);
  EXPECT_EQ(own.error().text, std::string("interleave ") + INTERLEAVE_VERSION + "\n");
  const auto users =
      parse_invocation({"/home/me/build/verify_spinlock", "--version"}, Environment{});
  ASSERT_FALSE(users);
  EXPECT_EQ(users.error().status, 0);
  EXPECT_EQ(users.error().text,
            std::string("verify_spinlock (interleave ") + INTERLEAVE_VERSION + ")\n");
}

// A user's program linked with interleave::harness: its messages, usage lines and advice name
// it, not `interleave`.
TEST(ParseInvocation, messages_name_the_running_program) {
  const std::string program = "/home/me/build/verify_spinlock";
  const auto unknown = parse_invocation({program, "frobnicate"}, Environment{});
  ASSERT_FALSE(unknown);
  EXPECT_TRUE(unknown.error().text.starts_with("verify_spinlock: unknown command 'frobnicate'"))
      << unknown.error().text;
  const auto bad = parse_invocation({program, "run"}, {{"INTERLEAVE_ITERATIONS", "-1"}});
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().text.starts_with("verify_spinlock: INTERLEAVE_ITERATIONS '-1'"))
      << bad.error().text;
  const auto gate =
      parse_invocation({program, "mutate", "--shard", "0/2", "--min-score", "90"}, Environment{});
  ASSERT_FALSE(gate);
  EXPECT_TRUE(has(gate.error().text, "(`verify_spinlock merge --min-score PERCENT`"))
      << gate.error().text;
  const auto help = parse_invocation({program, "run", "--help"}, Environment{});
  ASSERT_FALSE(help);
  EXPECT_TRUE(has(help.error().text, "Usage: verify_spinlock run")) << help.error().text;
  EXPECT_EQ(program_name(""), "interleave");
}

TEST(ParseInvocation, colour_follows_the_terminal_unless_no_color_or_a_dumb_terminal) {
  EXPECT_EQ(parse({"run"})->colour, Colour::on_terminal);
  EXPECT_EQ(parse({"run"}, {{"NO_COLOR", "1"}})->colour, Colour::never);
  EXPECT_EQ(parse({"run"}, {{"NO_COLOR", ""}})->colour, Colour::on_terminal);  // "" is unset
  EXPECT_EQ(parse({"run"}, {{"TERM", "dumb"}})->colour, Colour::never);
  EXPECT_EQ(parse({"run", "--color", "always"}, {{"NO_COLOR", "1"}})->colour, Colour::always);
  EXPECT_EQ(parse({"replay", "x", "--color", "never"})->colour, Colour::never);
  EXPECT_EQ(parse({"run"}, {{"INTERLEAVE_COLOR", "always"}})->colour, Colour::always);
  EXPECT_TRUE(
      has(error_of({"run", "--color", "yes"}), "--color 'yes': must be auto, always or never"));
}

TEST(ParseInvocation, md_limit_is_a_number_of_characters_within_its_range) {
  EXPECT_EQ(parse({"run"})->markdown_limit, reports::step_summary_limit);
  EXPECT_EQ(parse({"run", "--md-limit", "65536"})->markdown_limit, 65536u);
  EXPECT_EQ(parse({"run"}, {{"INTERLEAVE_MD_LIMIT", "2048"}})->markdown_limit, 2048u);
  EXPECT_TRUE(has(error_of({"run", "--md-limit", "100"}),
                  "--md-limit '100': must be a whole number from 1024"));
}

TEST(ParseInvocation, sources_come_from_the_options_then_the_ci_and_are_checked) {
  const std::string tmp = std::filesystem::canonical(std::filesystem::temp_directory_path());
  // Outside CI nothing is set: the run finds its root at run time.
  EXPECT_EQ(parse({"run"})->sources, Sources{});
  const Environment github = {{"GITHUB_ACTIONS", "true"},
                              {"GITHUB_WORKSPACE", "/home/runner/work/r/r/"},
                              {"GITHUB_SERVER_URL", "https://github.com"},
                              {"GITHUB_REPOSITORY", "o/r"},
                              {"GITHUB_SHA", "abc123"},
                              {"GITHUB_REF_NAME", "main"}};
  EXPECT_EQ(parse({"run"}, github)->sources,
            (Sources{"/home/runner/work/r/r", "https://github.com/o/r/blob/abc123/",
                     "https://github.com/o/r", "abc123", "main"}));
  // GITHUB_* without GITHUB_ACTIONS=true is not GitHub Actions.
  Environment not_ci = github;
  not_ci.erase("GITHUB_ACTIONS");
  EXPECT_EQ(parse({"run"}, not_ci)->sources, Sources{});
  EXPECT_EQ(parse({"run"}, {{"GITLAB_CI", "true"},
                            {"CI_PROJECT_DIR", "/builds/g/p"},
                            {"CI_PROJECT_URL", "https://gitlab.com/g/p"},
                            {"CI_COMMIT_SHA", "def456"},
                            {"CI_COMMIT_REF_NAME", "dev"}})
                ->sources,
            (Sources{"/builds/g/p", "https://gitlab.com/g/p/-/blob/def456/",
                     "https://gitlab.com/g/p", "def456", "dev"}));
  // The options win over the CI's variables.
  const auto given = parse({"run", "--source-root", tmp, "--source-url", "https://h/x"}, github);
  EXPECT_EQ(given->sources.root, tmp);
  EXPECT_EQ(given->sources.url, "https://h/x/");
  EXPECT_EQ(given->sources.revision, "abc123");
  EXPECT_EQ(
      parse({"run"}, {{"INTERLEAVE_SOURCE_ROOT", tmp}, {"INTERLEAVE_SOURCE_URL", "http://h/"}})
          ->sources,
      (Sources{tmp, "http://h/", "", "", ""}));
  // replay takes the root; merge only a URL, over the shards' own.
  EXPECT_EQ(parse({"replay", "x", "--source-root", tmp})->sources.root, tmp);
  EXPECT_TRUE(has(error_of({"replay", "x", "--source-url", "https://h/"}), "--source-url"));
  EXPECT_EQ(parse({"merge", "/dev/null", "--report-dir", "m"})->sources, Sources{});
  EXPECT_EQ(parse({"merge", "/dev/null", "--report-dir", "m", "--source-url", "https://h/y"})
                ->sources.url,
            "https://h/y/");
  // What cannot be used is refused by name.
  EXPECT_TRUE(has(error_of({"run", "--source-root", "/no/such/dir"}),
                  "--source-root: the source root '/no/such/dir' is not a directory"));
  EXPECT_TRUE(has(error_of({"run"}, {{"INTERLEAVE_SOURCE_ROOT", "/no/such/dir"}}),
                  "INTERLEAVE_SOURCE_ROOT: the source root '/no/such/dir' is not a directory"));
  EXPECT_TRUE(has(error_of({"run", "--source-url", "javascript:alert(1)"}),
                  "--source-url: the source URL 'javascript:alert(1)' is not an http://"));
  EXPECT_TRUE(has(error_of({"merge", "/dev/null", "--report-dir", "m", "--source-url", "x"}),
                  "--source-url: the source URL 'x' is not"));
  Environment hostile = github;
  hostile["GITHUB_REPOSITORY"] = "o/r\"><script>";
  EXPECT_TRUE(has(error_of({"run"}, hostile),
                  "GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA make a source URL that "
                  "cannot be used"));
}

TEST(ParseInvocation, run_help_lists_the_report_formats) {
  const auto help = parse({"run", "--help"});
  ASSERT_FALSE(help);
  EXPECT_EQ(help.error().status, 0);
  const std::string& text = help.error().text;
  const std::size_t at = text.find("--format");
  ASSERT_NE(at, std::string::npos) << text;
  const std::string line = text.substr(at, text.find("INTERLEAVE_FORMAT", at) - at);
  for (const char* format : {"json", "junit", "md", "html", "sarif"})
    EXPECT_TRUE(has(line, format)) << format << " is not in: " << line;
}

TEST(ParseInvocation, quotes_an_overlong_value_by_its_start_and_length) {
  const std::string text = error_of({"run", "--iterations", std::string(40000, '9')});
  EXPECT_TRUE(has(text, "(40000 characters)")) << text;
  EXPECT_LT(text.size(), 300u);
}

TEST(ParseInvocation, reads_run_options_and_their_variables) {
  const auto r = parse({"run", "--iterations", "7", "--seed", "9223372036854775807", "--timeout",
                        "1.5", "--jobs", "3", "--shard", "1/2", "--context-bound", "0"},
                       {{"INTERLEAVE_TIME_BUDGET", "2e1"}, {"INTERLEAVE_ITERATIONS", "5"}});
  ASSERT_TRUE(r) << r.error().text;
  EXPECT_EQ(r->command, Command::run);
  EXPECT_EQ(r->search.iterations, 7u);  // the option wins over the variable
  EXPECT_EQ(r->search.seed, 9223372036854775807u);
  EXPECT_EQ(r->search.seconds, 20.0);
  EXPECT_EQ(r->search.context_bound, 0u);
  EXPECT_EQ(r->timeout, 1.5);
  EXPECT_EQ(r->jobs, 3u);
  EXPECT_EQ(r->shard, (Shard{1, 2}));
}

TEST(ParseInvocation, names_the_variable_a_bad_value_came_from) {
  EXPECT_TRUE(has(error_of({"run"}, {{"INTERLEAVE_ITERATIONS", "-1"}}),
                  "interleave: INTERLEAVE_ITERATIONS '-1': must be a whole number from 1 to"));
  EXPECT_TRUE(has(error_of({"run"}, {{"INTERLEAVE_TIMEOUT", "nan"}}), "INTERLEAVE_TIMEOUT 'nan'"));
  EXPECT_TRUE(has(error_of({"run"}, {{"GTEST_SHARD_INDEX", "1"}}), "must be set together"));
  EXPECT_TRUE(has(error_of({"run"}, {{"GTEST_SHARD_INDEX", "3"}, {"GTEST_TOTAL_SHARDS", "3"}}),
                  "GTEST_SHARD_INDEX '3'"));
  EXPECT_TRUE(
      has(error_of({"run"}, {{"INTERLEAVE_SCHEDULER", "fast"}}), "INTERLEAVE_SCHEDULER 'fast'"));
  EXPECT_TRUE(
      has(error_of({"run"}, {{"INTERLEAVE_PROFILE", "slow"}}), "INTERLEAVE_PROFILE 'slow'"));
  // an empty variable is unset; --shard wins over GoogleTest's variables
  const auto r = parse(
      {"run", "--shard", "0/1"},
      {{"INTERLEAVE_ITERATIONS", ""}, {"GTEST_SHARD_INDEX", "x"}, {"GTEST_TOTAL_SHARDS", "y"}});
  ASSERT_TRUE(r) << r.error().text;
  EXPECT_FALSE(r->search.iterations);
}

TEST(ParseInvocation, mutate_takes_a_shard_as_run_does_but_no_min_score_with_it) {
  const auto r = parse({"mutate", "--shard", "2/3"});
  ASSERT_TRUE(r) << r.error().text;
  EXPECT_EQ(r->command, Command::mutate);
  EXPECT_EQ(r->shard, (Shard{2, 3}));
  const auto g = parse({"mutate"}, {{"GTEST_SHARD_INDEX", "1"}, {"GTEST_TOTAL_SHARDS", "4"}});
  ASSERT_TRUE(g) << g.error().text;
  EXPECT_EQ(g->shard, (Shard{1, 4}));
  EXPECT_TRUE(has(error_of({"mutate", "--shard", "3/3"}), "--shard '3/3': must be I/N"));
  EXPECT_TRUE(has(error_of({"mutate"}, {{"GTEST_TOTAL_SHARDS", "2"}}), "must be set together"));
  // A shard's score is of part of the mutants: the gate is the merge's.
  EXPECT_TRUE(has(error_of({"mutate", "--shard", "0/2", "--min-score", "90"}),
                  "--min-score gates the whole run's mutation score, and shard 0/2 holds only part "
                  "of its mutants: gate on the merge instead (`interleave merge --min-score"));
  EXPECT_TRUE(has(error_of({"mutate", "--shard", "0/2"}, {{"INTERLEAVE_MIN_SCORE", "90"}}),
                  "INTERLEAVE_MIN_SCORE gates the whole run's mutation score"));
  EXPECT_TRUE(has(error_of({"mutate", "--min-score", "90"}, {{"INTERLEAVE_SHARD", "1/2"}}),
                  "shard 1/2 holds only part"));
  const auto unsharded = parse({"mutate", "--min-score", "90"});
  ASSERT_TRUE(unsharded) << unsharded.error().text;
  EXPECT_EQ(unsharded->min_score, 90.0);
  EXPECT_FALSE(unsharded->shard);
}

TEST(ParseInvocation, merge_takes_a_min_score_and_no_variable_for_it) {
  const auto r = parse({"merge", "--report-dir", "d", "--min-score", "97.5", "/dev/null"},
                       {{"INTERLEAVE_MIN_SCORE", "10"}});
  ASSERT_TRUE(r) << r.error().text;
  EXPECT_EQ(r->command, Command::merge);
  EXPECT_EQ(r->min_score, 97.5);
  const auto unset =
      parse({"merge", "--report-dir", "d", "/dev/null"}, {{"INTERLEAVE_MIN_SCORE", "10"}});
  ASSERT_TRUE(unset) << unset.error().text;
  EXPECT_FALSE(unset->min_score);
  EXPECT_TRUE(has(error_of({"merge", "--report-dir", "d", "--min-score", "101", "/dev/null"}),
                  "--min-score '101'"));
}

TEST(ParseInvocation, replay_reads_only_the_timeout_from_the_environment) {
  const auto r = parse({"replay", "mutex/x", "--state", "1 "}, {{"INTERLEAVE_ITERATIONS", "5"},
                                                                {"INTERLEAVE_SEED", "3"},
                                                                {"INTERLEAVE_SCHEDULER", "random"},
                                                                {"INTERLEAVE_TIMEOUT", "9"}});
  ASSERT_TRUE(r) << r.error().text;
  EXPECT_FALSE(r->search.iterations);
  EXPECT_FALSE(r->search.scheduler);
  EXPECT_FALSE(r->replay_iteration);
  EXPECT_EQ(r->timeout, 9);
  EXPECT_TRUE(has(error_of({"replay", "mutex/x", "--seed", "0"}), "--seed '0'"));
}

TEST(ParseInvocation, help_is_not_an_error) {
  const auto r = parse({"run", "--help"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, 0);
  EXPECT_TRUE(has(r.error().text, "--time-budget"));
}

// --- generated argv and environments ------------------------------------------------------

struct NumericOption {
  const char* flag;      // as on the command line
  const char* variable;  // INTERLEAVE_*, or null
  bool seconds;          // a number of seconds, else a whole number
  unsigned __int128 min, max;
};

const std::vector<NumericOption>& numeric_options() {
  static const std::vector<NumericOption> all = {
      {"--iterations", "INTERLEAVE_ITERATIONS", false, 1, max_iterations},
      {"--context-bound", "INTERLEAVE_CONTEXT_BOUND", false, 0, max_context_bound},
      {"--seed", "INTERLEAVE_SEED", false, 1, max_seed},
      {"--jobs", "INTERLEAVE_JOBS", false, 1, max_jobs},
      {"--timeout", "INTERLEAVE_TIMEOUT", true, 0, 0},  // seconds: ranges in oracle()
      {"--time-budget", "INTERLEAVE_TIME_BUDGET", true, 0, 0},
  };
  return all;
}

std::string decimal(unsigned __int128 v) {
  std::string s;
  do {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  return s;
}

// Numbers at and around every boundary that matters to some option, as exact text.
rc::Gen<std::string> boundary_number() {
  std::vector<unsigned __int128> points = {0, 1, 2, 15, 16, 17, 255, 256, 257, 604800, 1000000};
  std::vector<std::string> extra = {"0.001",          "0.0009999",  "0.00100001",
                                    "604800.0",       "604800.001", "6.048e5",
                                    "6.0480000001e5", "1e-3",       "9.99e-4"};
  for (int bits : {31, 32, 40, 63, 64, 65})
    points.push_back(static_cast<unsigned __int128>(1) << bits);
  std::vector<std::string> texts;
  for (auto p : points)
    for (int d = -1; d <= 1; ++d)
      if (!(p == 0 && d < 0)) texts.push_back(decimal(p + d));
  texts.insert(texts.end(), extra.begin(), extra.end());
  return rc::gen::elementOf(texts);
}

// Text for a number: valid-looking, decorated, or garbage.
rc::Gen<std::string> number_text() {
  return rc::gen::oneOf(
      boundary_number(),
      rc::gen::map(rc::gen::arbitrary<std::uint64_t>(),
                   [](std::uint64_t v) { return std::to_string(v); }),
      rc::gen::map(rc::gen::inRange(1, 80),
                   [](int n) { return std::string(static_cast<std::size_t>(n), '9'); }),
      rc::gen::map(rc::gen::pair(rc::gen::elementOf(std::vector<std::string>{
                                     "-", "+", "0", "00", " ", "0x", ".", "-0", "1e", ""}),
                                 boundary_number()),
                   [](const auto& p) { return p.first + p.second; }),
      rc::gen::map(
          rc::gen::pair(boundary_number(), rc::gen::elementOf(std::vector<std::string>{
                                               ".0", ".5", "e0", "e3", "e-3", "e300", "e999", " ",
                                               "s", "/3", "K", "5", "e", ".", "1e-400"})),
          [](const auto& p) { return p.first + p.second; }),
      rc::gen::elementOf(std::vector<std::string>{
          "nan", "NaN", "-nan", "inf", "-inf", "infinity", "1e300", "1e-300", "4e-320", "0.0", "-0",
          "",    " ",   "abc",  "1/2", "0x10", "1,5",      "\t7",   "7\n",    "\xff",   "１"}),
      rc::gen::container<std::string>(rc::gen::elementOf(std::string("0123456789.eE+-x /"))));
}

bool whole_number(const std::string& t) { return std::regex_match(t, std::regex("[0-9]+")); }

// The expected value of `text` for `o`, by arithmetic of its own: nullopt if it must be rejected.
std::optional<long double> oracle(const NumericOption& o, const std::string& text) {
  if (o.seconds) {
    if (!std::regex_match(text, std::regex(R"(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?)")))
      return std::nullopt;
    errno = 0;
    const double v = std::strtod(text.c_str(), nullptr);
    if (errno == ERANGE || !std::isfinite(v) || !(v >= 0.001) || v > max_seconds)
      return std::nullopt;
    return v;
  }
  if (!whole_number(text)) return std::nullopt;
  std::size_t first = text.find_first_not_of('0');
  const std::string digits = first == std::string::npos ? "0" : text.substr(first);
  if (digits.size() > 30) return std::nullopt;  // far past every range
  unsigned __int128 v = 0;
  for (char c : digits) v = v * 10 + static_cast<unsigned>(c - '0');
  if (v < o.min || v > o.max) return std::nullopt;
  return static_cast<long double>(v);
}

std::optional<long double> parsed_value(const Invocation& inv, const NumericOption& o) {
  const std::string flag = o.flag;
  const auto& s = inv.search;
  if (flag == "--iterations" && s.iterations) return *s.iterations;
  if (flag == "--context-bound" && s.context_bound) return *s.context_bound;
  if (flag == "--seed" && s.seed) return *s.seed;
  if (flag == "--jobs") return inv.jobs;
  if (flag == "--timeout") return inv.timeout;
  if (flag == "--time-budget" && s.seconds) return *s.seconds;
  return std::nullopt;
}

using Parser =
    std::function<std::expected<Invocation, Stop>(std::vector<std::string>, const Environment&)>;

// One numeric option given one text, on the command line ("--x v" or "--x=v") or in its variable:
// the parse is the oracle's exact value, or exit 2 naming where the value came from.
void check_numeric(const Parser& parser) {
  const auto cases = *rc::gen::container<std::vector<std::tuple<NumericOption, std::string, int>>>(
      rc::gen::tuple(rc::gen::elementOf(numeric_options()), number_text(), rc::gen::inRange(0, 3)));
  for (const auto& [o, text, form] : cases) {
    std::vector<std::string> args = {"run"};
    Environment env;
    std::string named = o.flag;
    if (form == 0) args.insert(args.end(), {o.flag, text});
    if (form == 1) args.push_back(std::string(o.flag) + "=" + text);
    if (form == 2) {
      env[o.variable] = text;
      named = o.variable;
    }
    const auto r = parser(args, env);
    const auto want = oracle(o, text);
    if (form == 2 && text.empty()) {  // an empty variable is unset
      RC_ASSERT(r.has_value());
    } else if (want) {
      RC_ASSERT(r.has_value());
      RC_ASSERT(parsed_value(*r, o) == want);
    } else {
      RC_ASSERT(!r.has_value());
      RC_ASSERT(r.error().status == 2);
      // CLI11 takes "--x -1" as two options and says that --x lacks its value: still named.
      RC_ASSERT(has(r.error().text, named));
    }
  }
}

RC_GTEST_PROP(ParseInvocationProperty,
              every_numeric_option_is_its_exact_value_or_a_usage_error_naming_it, ()) {
  check_numeric(parse);
}

// The property catches the class of bug it is about: a parser that truncates to 32 bits (as
// run_property's int once did) fails it.
TEST(ParseInvocationProperty, fails_for_a_parser_that_truncates) {
  const Parser truncating = [](std::vector<std::string> args, const Environment& env) {
    for (auto& a : args)
      if (whole_number(a) && a.size() < 20)
        a = std::to_string(static_cast<std::uint32_t>(std::stoull(a)));
    return parse(args, env);
  };
  rc::detail::TestParams params;
  params.maxSuccess = 300;
  struct quiet : rc::detail::TestListener {
    void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
    void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
    void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
  } listener;
  const auto result =
      rc::detail::checkProperty(rc::detail::toProperty([&] { check_numeric(truncating); }),
                                rc::detail::TestMetadata{}, params, listener);
  EXPECT_TRUE(result.template is<rc::detail::FailureResult>());
}

RC_GTEST_PROP(ParseInvocationProperty, a_shard_is_exact_or_a_usage_error_naming_its_source, ()) {
  const std::string i = *rc::gen::oneOf(boundary_number(), number_text());
  const std::string n = *rc::gen::oneOf(boundary_number(), number_text());
  const bool from_gtest = *rc::gen::arbitrary<bool>();
  Environment env;
  // run shards its items, mutate its mutants, by the same option and variables
  std::vector<std::string> args = {*rc::gen::elementOf(std::vector<std::string>{"run", "mutate"})};
  if (from_gtest)
    env = {{"GTEST_SHARD_INDEX", i}, {"GTEST_TOTAL_SHARDS", n}};
  else
    args.push_back("--shard=" + i + "/" + n);
  const auto r = parse(args, env);
  if (from_gtest && (i.empty() || n.empty())) {  // one unset: both or neither
    RC_ASSERT(r.has_value() == (i.empty() && n.empty()));
    return;
  }
  const auto index = oracle({"", "", false, 0, UINT64_MAX}, i);
  const auto total = oracle({"", "", false, 1, max_shards}, n);
  if (index && total && *index < *total) {
    RC_ASSERT(r.has_value());
    RC_ASSERT(r->shard ==
              (Shard{static_cast<std::uint64_t>(*index), static_cast<std::uint64_t>(*total)}));
  } else {
    RC_ASSERT(!r.has_value());
    RC_ASSERT(r.error().status == 2);
    RC_ASSERT(has(r.error().text, from_gtest ? "GTEST_" : "--shard"));
  }
}

// Any argv at all: a parse or a usage error with a message, never a crash or an exception.
RC_GTEST_PROP(ParseInvocationProperty, any_argv_parses_or_stops_with_a_message, ()) {
  const std::vector<std::string> words = {"list",
                                          "run",
                                          "replay",
                                          "merge",
                                          "mutate",
                                          "--min-score",
                                          "--allow-partial",
                                          "--filter",
                                          "--iterations",
                                          "--seed",
                                          "--jobs",
                                          "-j",
                                          "--timeout",
                                          "--time-budget",
                                          "--shard",
                                          "--context-bound",
                                          "--scheduler",
                                          "--profile",
                                          "--state",
                                          "--reproduce",
                                          "--format",
                                          "--report-dir",
                                          "--quiet",
                                          "-q",
                                          "--help",
                                          "x/y",
                                          "--",
                                          "-",
                                          "=",
                                          "random",
                                          "quick"};
  const auto args = *rc::gen::container<std::vector<std::string>>(
      rc::gen::oneOf(rc::gen::elementOf(words), number_text()));
  const auto r = parse(args);
  if (!r) {
    RC_ASSERT(r.error().status == 0 || r.error().status == 2);
    RC_ASSERT(!r.error().text.empty());
  }
}

}  // namespace options_test
}  // namespace interleave::harness
