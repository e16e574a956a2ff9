#include "interleave/harness/cli.hpp"

#include <fnmatch.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <cstdlib>
#include <regex>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "interleave/harness/console.hpp"
#include "interleave/harness/merge.hpp"
#include "interleave/harness/registry.hpp"
#include "interleave/harness/runner.hpp"
#include "interleave/reports/report.hpp"

namespace interleave::harness {

namespace {

constexpr int exit_ok = 0;
constexpr int exit_unexpected = 1;
constexpr int exit_usage = 2;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::vector<const Entry*> select(const std::string& glob) {
  std::vector<const Entry*> out;
  for (const auto& e : registry().entries())
    if (glob.empty() || ::fnmatch(glob.c_str(), e.id.c_str(), 0) == 0) out.push_back(&e);
  if (out.empty() && !glob.empty())
    throw UsageError(fmt::format("no model or property id matches '{}' (see 'interleave list')", glob));
  return out;
}

struct Shard {
  unsigned index = 0, total = 1;
};

Shard parse_shard(const std::string& text, const char* source) {
  static const std::regex form(R"((\d+)/(\d+))");
  std::smatch m;
  if (!std::regex_match(text, m, form))
    throw UsageError(fmt::format("{} '{}' is not of the form I/N (e.g. 0/4)", source, text));
  Shard s{static_cast<unsigned>(std::stoul(m[1])), static_cast<unsigned>(std::stoul(m[2]))};
  if (s.total == 0 || s.index >= s.total)
    throw UsageError(fmt::format("{} '{}': need 0 <= I < N", source, text));
  return s;
}

std::optional<Shard> shard_from_environment() {
  const char* index = std::getenv("GTEST_SHARD_INDEX");
  const char* total = std::getenv("GTEST_TOTAL_SHARDS");
  if (!index && !total) return std::nullopt;
  if (!index || !total)
    throw UsageError("GTEST_SHARD_INDEX and GTEST_TOTAL_SHARDS must be set together");
  return parse_shard(fmt::format("{}/{}", index, total), "GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS");
}

void check_state(const std::string& state) {
  static const std::regex form(R"(\s*\d+(\s+\d+)*\s*)");
  if (!std::regex_match(state, form))
    throw UsageError(fmt::format(
        "replay state '{}' is not a Relacy scheduler state (space-separated integers, as "
        "printed in a failure's replay command)",
        state));
}

std::string joined_command(int argc, char** argv) {
  std::vector<std::string> parts(argv, argv + argc);
  return fmt::format("{}", fmt::join(parts, " "));
}

// Options shared by run and replay that shape the search.
struct SearchFlags {
  std::string scheduler;
  std::uint64_t iterations = 0;
  unsigned context_bound = 0;
  std::uint64_t seed = 0;
  double time_budget = 0;
  double timeout = 600;

  void add_to(CLI::App& cmd) {
    cmd.add_option("--scheduler", scheduler,
                   "random, bound (context-bound search) or full; default: each item's own")
        ->check(CLI::IsMember({"random", "bound", "full"}))
        ->envname("INTERLEAVE_SCHEDULER");
    cmd.add_option("--iterations", iterations,
                   "random: iterations to run; bound/full: iteration budget; default: each item's own")
        ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))
        ->envname("INTERLEAVE_ITERATIONS");
    cmd.add_option("--context-bound", context_bound,
                   "preemptions per execution for the bound scheduler; default: each item's own")
        ->check(CLI::Range(0u, 16u))
        ->envname("INTERLEAVE_CONTEXT_BOUND");
    cmd.add_option("--seed", seed,
                   "random scheduler: index of the first iteration (Relacy seeds each by its "
                   "index); default 1")
        ->envname("INTERLEAVE_SEED");
    cmd.add_option("--time-budget", time_budget,
                   "seconds after which an item's search ends as 'budget exhausted' (a result, "
                   "unlike --timeout); default: none")
        ->check(CLI::PositiveNumber)
        ->envname("INTERLEAVE_TIME_BUDGET");
    cmd.add_option("--timeout", timeout, "seconds one item may run before it is killed; default 600")
        ->check(CLI::PositiveNumber)
        ->envname("INTERLEAVE_TIMEOUT");
  }

  SearchOverrides overrides(const CLI::App& cmd) const {
    SearchOverrides o;
    if (cmd.count("--scheduler")) o.scheduler = parse_scheduler(scheduler);
    if (cmd.count("--iterations")) o.iterations = iterations;
    if (cmd.count("--context-bound")) o.context_bound = context_bound;
    if (cmd.count("--seed")) o.seed = seed;
    if (cmd.count("--time-budget")) o.seconds = time_budget;
    return o;
  }
};

// The progress line of a run on a terminal: items done, iterations per second, time left. It is
// redrawn in place and erased before every result line, so logs never contain it.
class Progress {
 public:
  Progress(std::size_t total, std::chrono::steady_clock::time_point started, bool enabled)
      : total_(total), started_(started), enabled_(enabled) {}
  void add(const Result& r) {
    ++done_;
    iterations_ += r.verdict.iterations;
  }
  void show() {
    if (!enabled_ || done_ == total_) return;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    std::string left = "time left unknown";
    if (done_ > 0) left = fmt::format("~{:.0f}s left", elapsed / done_ * (total_ - done_));
    fmt::print("\r\033[K[{}/{}] {:.0f}s, {:.0f} iterations/s, {}", done_, total_, elapsed,
               elapsed > 0 ? iterations_ / elapsed : 0.0, left);
    std::fflush(stdout);
    shown_ = true;
  }
  void clear() {
    if (!shown_) return;
    fmt::print("\r\033[K");
    shown_ = false;
  }

 private:
  std::size_t total_, done_ = 0;
  double iterations_ = 0;
  std::chrono::steady_clock::time_point started_;
  bool enabled_, shown_ = false;
};

int do_list(const std::string& filter) {
  print_listing(stdout, select(filter));
  return exit_ok;
}

int do_run(int argc, char** argv, const CLI::App& cmd, const std::string& filter,
           const SearchFlags& flags, unsigned jobs, const std::string& report_dir,
           std::vector<std::string> formats, const std::string& shard_text, bool quiet,
           const std::string& profile) {
  for (const auto& f : formats) {
    const auto& known = reports::available_formats();
    if (std::find(known.begin(), known.end(), f) == known.end())
      throw UsageError(fmt::format("unknown report format '{}' (available: {})", f,
                                   fmt::join(known, ", ")));
  }
  if (!formats.empty() && report_dir.empty())
    throw UsageError("--format needs --report-dir DIR to say where the reports go");
  if (formats.empty() && !report_dir.empty()) formats = {"json"};
  if (!report_dir.empty()) {  // before the run, not after minutes of it
    std::error_code ec;
    std::filesystem::create_directories(report_dir, ec);
    if (ec || !std::filesystem::is_directory(report_dir))
      throw UsageError(fmt::format("cannot create report directory '{}': {}", report_dir,
                                   ec ? ec.message() : "not a directory"));
  }

  std::optional<Shard> shard = shard_text.empty() ? shard_from_environment()
                                                  : std::optional(parse_shard(shard_text, "--shard"));
  std::vector<const Entry*> items = select(filter);
  std::vector<std::string> selected;  // before sharding: what merge checks the shards against
  for (const auto* e : items) selected.push_back(e->id);
  if (shard) {
    std::vector<const Entry*> mine;
    for (std::size_t i = 0; i < items.size(); ++i)
      if (i % shard->total == shard->index) mine.push_back(items[i]);
    items = std::move(mine);
  }

  std::size_t width = 0;
  for (const auto* e : items) width = std::max(width, e->id.size());
  const auto started = std::chrono::steady_clock::now();
  Progress progress(items.size(), started, !quiet && ::isatty(STDOUT_FILENO));
  RunOptions options;
  options.search = flags.overrides(cmd);
  options.search.profile = profile == "quick" ? Profile::quick : Profile::standard;
  options.jobs = jobs;
  options.timeout_seconds = flags.timeout;
  options.program = argv[0];
  options.on_result = [&](const Result& r) {
    progress.clear();
    if (!quiet || !as_expected(r.outcome)) print_result(stdout, r, width);
    progress.add(r);
    progress.show();
    std::fflush(stdout);
  };
  options.on_tick = [&] { progress.show(); };

  const std::vector<Result> results = run_items(items, options);
  progress.clear();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_summary(stdout, results, seconds);

  if (!report_dir.empty()) {
    reports::RunInfo info;
    info.command = joined_command(argc, argv);
    info.seconds = seconds;
    if (shard) info.shard = fmt::format("{}/{}", shard->index, shard->total);
    info.selected = std::move(selected);
    info.settings = describe(options.search);
    reports::write_reports(report_dir, formats, info, results);
    fmt::print("reports: {} in {}\n", fmt::join(formats, ", "), report_dir);
  }
  const bool ok = std::all_of(results.begin(), results.end(),
                              [](const Result& r) { return as_expected(r.outcome); });
  return ok ? exit_ok : exit_unexpected;
}

int do_replay(char** argv, const CLI::App& cmd, const std::string& id, const SearchFlags& flags,
              const std::string& state, const std::string& reproduce) {
  const Entry* e = registry().find(id);
  if (!e) throw UsageError(fmt::format("no model or property named '{}' (see 'interleave list')", id));
  if (!reproduce.empty() && e->kind != Kind::property)
    throw UsageError(fmt::format("--reproduce is for properties; '{}' is a model", id));
  if (e->kind == Kind::property && reproduce.empty() && (!state.empty() || cmd.count("--seed")))
    throw UsageError(fmt::format(
        "replaying property '{}' needs --reproduce (the scenario) with --state (its execution), "
        "both from the failure's replay line",
        id));
  RunOptions options;
  options.search = flags.overrides(cmd);
  if (!reproduce.empty()) options.search.reproduce = reproduce;
  if (!state.empty()) {
    check_state(state);
    options.search.initial_state = state;
  } else if (cmd.count("--seed")) {  // random: replay the one iteration with this index
    options.search.scheduler = Scheduler::random;
    options.search.initial_state = fmt::format("{} ", flags.seed);
  }
  options.timeout_seconds = flags.timeout;
  options.program = argv[0];
  const Result r = run_items({e}, options).front();
  print_result(stdout, r, r.id.size());
  if (r.outcome != Outcome::fail && !r.verdict.trace.empty()) {
    fmt::print("    {}\n    interleaving:\n", r.verdict.detail);
    print_trace(stdout, r.verdict.trace);
  }
  return as_expected(r.outcome) ? exit_ok : exit_unexpected;
}

int do_merge(int argc, char** argv, const std::vector<std::string>& files,
             const std::string& report_dir, std::vector<std::string> formats, bool allow_partial) {
  if (formats.empty()) formats = {"json"};
  for (const auto& f : formats) {
    const auto& known = reports::available_formats();
    if (std::find(known.begin(), known.end(), f) == known.end())
      throw UsageError(fmt::format("unknown report format '{}' (available: {})", f,
                                   fmt::join(known, ", ")));
  }
  std::vector<ShardReport> shards;
  for (const auto& file : files) {
    ShardReport s;
    s.file = file;
    try {
      s.results = reports::read_json(file, &s.run);
    } catch (const std::exception& e) {
      throw UsageError(e.what());
    }
    shards.push_back(std::move(s));
  }
  MergedRun merged;
  try {
    merged = merge_shards(shards, allow_partial);
  } catch (const MergeRefused& e) {
    throw UsageError(e.what());
  }
  merged.run.command = joined_command(argc, argv);
  print_summary(stdout, merged.results, merged.run.seconds);
  if (!merged.run.partial.empty())
    fmt::print("FAILED: partial merge: {}\n", merged.run.partial);
  reports::write_reports(report_dir, formats, merged.run, merged.results);
  fmt::print("reports: {} in {}\n", fmt::join(formats, ", "), report_dir);
  const bool ok = merged.run.partial.empty() &&
                  std::all_of(merged.results.begin(), merged.results.end(),
                              [](const Result& r) { return as_expected(r.outcome); });
  return ok ? exit_ok : exit_unexpected;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{"interleave: run Relacy models and properties, gate on their expected outcomes",
               "interleave"};
  app.require_subcommand(1, 1);
  app.footer("Exit status: 0 every result as expected, 1 some result not, 2 bad usage or input.");

  std::string filter;
  auto* list = app.add_subcommand("list", "one line per model and property: id, kind, threads, "
                                          "expected outcome, description");
  list->add_option("--filter", filter, "fnmatch glob over ids ('*' also matches '/')")
      ->envname("INTERLEAVE_FILTER");

  auto* run = app.add_subcommand("run", "run models and properties; one line per result, then a summary");
  SearchFlags run_flags;
  unsigned jobs = std::max(1u, std::thread::hardware_concurrency());
  std::string report_dir, shard;
  std::vector<std::string> formats;
  bool quiet = false;
  run->add_option("--filter", filter, "fnmatch glob over ids ('*' also matches '/')")
      ->envname("INTERLEAVE_FILTER");
  run_flags.add_to(*run);
  run->add_option("--jobs,-j", jobs, "items run at a time, each in its own process; default: cores")
      ->check(CLI::Range(1u, 256u))
      ->envname("INTERLEAVE_JOBS");
  run->add_option("--report-dir", report_dir, "write reports into DIR (created if needed)")
      ->envname("INTERLEAVE_REPORT_DIR");
  run->add_option("--format", formats, "comma-separated report formats; default json")
      ->delimiter(',')
      ->allow_extra_args(false)
      ->envname("INTERLEAVE_FORMAT");
  run->add_option("--shard", shard,
                  "run shard I of N (0-based); default from GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS")
      ->envname("INTERLEAVE_SHARD");
  run->add_flag("--quiet,-q", quiet, "print only unexpected results and the summary");
  std::string profile = "default";
  run->add_option("--profile", profile,
                  "default: each item's own search; quick: every search capped (models at 20000 "
                  "iterations, properties at 40 scenarios, each at 5 s) for a verdict within a "
                  "minute that still catches every negative control; explicit flags win")
      ->check(CLI::IsMember({"default", "quick"}))
      ->envname("INTERLEAVE_PROFILE");

  auto* replay = app.add_subcommand("replay", "re-run one item deterministically and print its interleaving");
  std::string id, state;
  SearchFlags replay_flags;
  replay->add_option("id", id, "the item's id")->required();
  replay_flags.add_to(*replay);
  auto* state_opt = replay->add_option("--state", state, "Relacy scheduler state, from a failure's replay line");
  replay->get_option("--seed")->excludes(state_opt);
  std::string reproduce;
  replay->add_option("--reproduce", reproduce,
                     "a property's shrunk scenario: RapidCheck's reproduce string, from the "
                     "failure's replay line");

  const std::string first = argc > 1 ? argv[1] : "";
  if (!first.empty() && first[0] != '-' && first != "list" && first != "run" && first != "replay" &&
      first != "merge") {
    fmt::print(stderr, "interleave: unknown command '{}' (commands: list, run, replay, merge)\n", argv[1]);
    return exit_usage;
  }
  auto* merge = app.add_subcommand("merge", "combine the results.json files of shards into one report set");
  std::vector<std::string> merge_files;
  std::string merge_dir;
  std::vector<std::string> merge_formats;
  merge->add_option("files", merge_files, "results.json files, one per shard")->required()->check(CLI::ExistingFile);
  merge->add_option("--report-dir", merge_dir, "write the merged reports into DIR")->required();
  merge->add_option("--format", merge_formats, "comma-separated report formats; default json")
      ->delimiter(',')
      ->allow_extra_args(false);  // one comma-separated list; what follows is the files
  bool allow_partial = false;
  merge->add_flag("--allow-partial", allow_partial,
                  "merge a set that is not one whole run (a shard missing, shards of different "
                  "runs): items of missing shards are not-run, and the exit status is 1");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_usage;
  }

  if (!registry().problems().empty()) {
    for (const auto& p : registry().problems()) fmt::print(stderr, "interleave: {}\n", p);
    fmt::print(stderr, "interleave: fix the registrations above; nothing was run\n");
    return exit_usage;
  }
  try {
    if (*list) return do_list(filter);
    if (*run)
      return do_run(argc, argv, *run, filter, run_flags, jobs, report_dir, formats, shard, quiet,
                    profile);
    if (*merge) return do_merge(argc, argv, merge_files, merge_dir, merge_formats, allow_partial);
    return do_replay(argv, *replay, id, replay_flags, state, reproduce);
  } catch (const UsageError& e) {
    fmt::print(stderr, "interleave: {}\n", e.what());
    return exit_usage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "interleave: {}\n", e.what());
    return exit_usage;
  }
}

}  // namespace interleave::harness
