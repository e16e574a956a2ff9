#include "interleave/harness/cli.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "interleave/harness/console.hpp"
#include "interleave/harness/detection.hpp"
#include "interleave/harness/merge.hpp"
#include "interleave/harness/registry.hpp"
#include "interleave/harness/replay_input.hpp"
#include "interleave/harness/result_json.hpp"
#include "interleave/harness/runner.hpp"
#include "interleave/harness/stop_signals.hpp"
#include "interleave/reports/report.hpp"
#include "interleave/reports/text.hpp"
#include "id_filter.hpp"
#include "mutants_json.hpp"
#include "mutate.hpp"
#include "mutation_merge.hpp"
#include "mutation_report.hpp"
#include "options.hpp"
#include "shard_run.hpp"

namespace interleave::harness {

namespace {

// Every line of `message` on stderr after the running program's name ("verify_spinlock: ..."),
// as compilers and coreutils say where a message comes from.
void print_error(const char* argv0, std::string_view message) {
  const std::string program = program_name(argv0);
  std::size_t start = 0;
  while (start <= message.size()) {
    const std::size_t end = std::min(message.find('\n', start), message.size());
    fmt::print(stderr, "{}: {}\n", program, message.substr(start, end - start));
    start = end + 1;
  }
}

constexpr int exit_ok = 0;
constexpr int exit_unexpected = 1;
constexpr int exit_usage = 2;

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::vector<const Entry*> select(const std::string& glob) {
  const IdFilter filter(glob);
  std::vector<const Entry*> out;
  for (const auto& e : registry().entries())
    if (filter.selects(e.id)) out.push_back(&e);
  if (out.empty() && !glob.empty())
    throw UsageError(
        fmt::format("no model or property id matches '{}' (see 'interleave list')", glob));
  return out;
}

// --prove-controls: of `items`, the negative controls, each followed by its twin if it has one.
std::vector<const Entry*> controls_and_twins(const std::vector<const Entry*>& items,
                                             const std::string& glob) {
  std::vector<const Entry*> out;
  for (const auto* e : items) {
    if (e->expected.expects_pass()) continue;
    out.push_back(e);
    if (const Entry* twin = registry().twin_of(*e)) out.push_back(twin);
  }
  if (out.empty())
    throw UsageError(
        fmt::format("--prove-controls: no negative control (an item expected to "
                    "fail) matches '{}' (see 'interleave list')",
                    glob.empty() ? "*" : glob));
  return out;
}

template <class T>
T or_usage(Parsed<T> v) {
  if (!v) throw UsageError(v.error());
  return std::move(*v);
}

// Settings that are valid for one kind of item and not another: a property counts its scenarios
// in RapidCheck's int, so it takes fewer than a model's iterations.
void check_fits(const SearchOverrides& o, const std::vector<const Entry*>& items) {
  if (!o.iterations || *o.iterations <= max_scenarios) return;
  for (const auto* e : items)
    if (e->kind == Kind::property)
      throw UsageError(fmt::format(
          "--iterations {}: a property runs 1 to {} scenarios, and '{}' is a property (select "
          "models only, e.g. --filter '*-*/property/*', or run fewer)",
          *o.iterations, max_scenarios, e->id));
}

// Before any search: every translation unit that registered one of `items` must let Relacy see
// use after free (detection.hpp), or nothing runs.
void refuse_blind_units(const std::vector<const Entry*>& items, unsigned jobs) {
  const auto blind = units_blind_to_freed_memory(items, jobs);
  if (!blind.empty()) throw UsageError(fmt::format("{}\nnothing was run", fmt::join(blind, "\n")));
}

// Whether the result lines on stdout are coloured (options.hpp: Colour).
bool colours_stdout(Colour c) {
  return c == Colour::always || (c == Colour::on_terminal && ::isatty(STDOUT_FILENO));
}

std::string joined_command(int argc, char** argv) {
  std::vector<std::string> parts(argv, argv + argc);
  return fmt::format("{}", fmt::join(parts, " "));
}

// How a run shows that it is alive between results. On a terminal: a progress line (items done,
// iterations per second, time left), redrawn in place and erased before every result line. In a
// log (not a terminal: CI): the same words as a line of its own, a heartbeat, after
// `heartbeat` seconds without a result (--heartbeat), so that a long item does not look like a
// hung job. Neither with --quiet.
class Progress {
 public:
  enum class Mode { none, terminal, log };

  Progress(std::size_t total, std::chrono::steady_clock::time_point started, Mode mode,
           double heartbeat)
      : total_(total),
        started_(started),
        last_output_(started),
        heartbeat_(heartbeat),
        mode_(mode) {}
  void set_total(std::size_t total) { total_ = total; }
  void add(const Result& r) {
    ++done_;
    iterations_ += r.verdict.iterations;
    last_output_ = std::chrono::steady_clock::now();
  }
  void show() {
    if (mode_ == Mode::none || done_ == total_) return;
    const auto now = std::chrono::steady_clock::now();
    if (mode_ == Mode::log &&
        std::chrono::duration<double>(now - last_output_).count() < heartbeat_)
      return;
    const double elapsed = std::chrono::duration<double>(now - started_).count();
    std::string left = "time left unknown";
    if (done_ > 0) left = fmt::format("~{:.0f}s left", elapsed / done_ * (total_ - done_));
    const std::string state = fmt::format("[{}/{}] {:.0f}s, {:.0f} iterations/s, {}", done_, total_,
                                          elapsed, elapsed > 0 ? iterations_ / elapsed : 0.0, left);
    if (mode_ == Mode::log) {
      fmt::print("... still running: {}\n", state);
      last_output_ = now;
    } else {
      fmt::print("\r\033[K{}", state);
      shown_ = true;
    }
    std::fflush(stdout);
  }
  void clear() {
    if (!shown_) return;
    fmt::print("\r\033[K");
    shown_ = false;
  }

 private:
  std::size_t total_, done_ = 0;
  double iterations_ = 0;
  std::chrono::steady_clock::time_point started_, last_output_;
  double heartbeat_;
  Mode mode_;
  bool shown_ = false;
};

// `list`: columns for a person, or (--format json) {"items": [...]} with each item as
// results.json gives it (result_json.hpp: one JSON form of ItemInfo), for tools such as CMake's
// interleave_discover_tests.
int do_list(const Invocation& inv) {
  const std::vector<const Entry*> items = select(inv.filter);
  if (!inv.list_json) {
    print_listing(stdout, items);
    return exit_ok;
  }
  result_json listing = {{"items", result_json::array()}};
  for (const auto* e : items) listing["items"].push_back(static_cast<const ItemInfo&>(*e));
  fmt::print("{}\n", listing.dump(2));
  return exit_ok;
}

// The formats a command writes into `report_dir`, checked (every one among `known`, none without
// a directory; json when only the directory is given) and the directory made, before a run that
// may take minutes.
std::vector<std::string> report_formats(std::vector<std::string> formats,
                                        const std::vector<std::string_view>& known,
                                        const std::string& report_dir) {
  for (const auto& f : formats)
    if (std::find(known.begin(), known.end(), f) == known.end())
      throw UsageError(
          fmt::format("unknown report format '{}' (available: {})", f, fmt::join(known, ", ")));
  if (!formats.empty() && report_dir.empty())
    throw UsageError("--format needs --report-dir DIR to say where the reports go");
  if (report_dir.empty()) return formats;
  if (formats.empty()) formats = {"json"};
  std::error_code ec;
  std::filesystem::create_directories(report_dir, ec);
  if (ec || !std::filesystem::is_directory(report_dir))
    throw UsageError(fmt::format("cannot create report directory '{}': {}", report_dir,
                                 ec ? ec.message() : "not a directory"));
  return formats;
}

// The sources as given, with the root found where none was (the git work tree around the
// current directory).
Sources sources_found(Sources given) {
  if (given.root.empty()) {
    std::error_code ec;
    const auto cwd = std::filesystem::current_path(ec);
    if (!ec) given.root = find_project_root(cwd.string());
  }
  return given;
}

int do_run(int argc, char** argv, const Invocation& inv) {
  const std::string& report_dir = inv.report_dir;
  const std::vector<std::string> formats =
      report_formats(inv.formats, reports::available_formats(), report_dir);
  const bool quiet = inv.quiet;
  const bool colour = colours_stdout(inv.colour);

  const std::optional<Shard>& shard = inv.shard;
  if (!inv.shard_status_file.empty()) {
    // GoogleTest's convention: the file's existence says that sharding was understood.
    std::FILE* status = std::fopen(inv.shard_status_file.c_str(), "a");
    if (status == nullptr)
      throw UsageError(fmt::format("cannot create GTEST_SHARD_STATUS_FILE '{}': {}",
                                   inv.shard_status_file, std::strerror(errno)));
    std::fclose(status);
  }
  std::vector<const Entry*> items = select(inv.filter);
  if (inv.prove_controls) items = controls_and_twins(items, inv.filter);
  check_fits(inv.search, items);
  std::vector<std::string> selected;  // before sharding: what merge checks the shards against
  for (const auto* e : items) selected.push_back(e->id);

  refuse_blind_units(items, inv.jobs);  // a shard may hold a piece of any of them

  std::size_t width = 0;
  for (const auto* e : items) width = std::max(width, e->id.size());
  if (shard) width += std::string_view(" [piece 100 of 256]").size();
  const auto started = std::chrono::steady_clock::now();
  Progress progress(items.size(), started,
                    quiet                     ? Progress::Mode::none
                    : ::isatty(STDOUT_FILENO) ? Progress::Mode::terminal
                                              : Progress::Mode::log,
                    inv.heartbeat);
  const Sources sources = sources_found(inv.sources);
  RunOptions options;
  options.search = inv.search;
  options.jobs = inv.jobs;
  options.timeout_seconds = inv.timeout;
  options.program = argv[0];
  options.source_root = sources.root;
  // The console is for a person; the reports and the exit status are the record. Output that
  // cannot be written (`interleave run | head`: SIGPIPE is ignored below) stops the console,
  // not the run.
  bool console_open = true;
  const auto console = [&](auto&& print) {
    if (!console_open) return;
    try {
      print();
    } catch (const std::exception&) {
      console_open = false;
    }
  };
  options.on_result = [&](std::size_t, const Result& r) {
    progress.add(r);
    console([&] {
      progress.clear();
      if (!quiet || !as_expected(r.outcome)) print_result(stdout, r, width, colour);
      progress.show();
      std::fflush(stdout);
    });
  };
  options.on_tick = [&] { console([&] { progress.show(); }); };
  options.memory_limit = inv.memory_limit;
  // From here SIGINT, SIGTERM and SIGHUP stop the run instead of the process: the children are
  // killed, the partial results reported, and the exit status says which signal it was.
  const StopSignals stop;
  options.stop = &stop;
  struct sigaction ignore {
  }, old_pipe{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &old_pipe);
  const std::unique_ptr<struct sigaction, void (*)(struct sigaction*)> restore_pipe(
      &old_pipe, [](struct sigaction* old) { ::sigaction(SIGPIPE, old, nullptr); });

  std::vector<Result> results;
  std::map<std::string, std::size_t> divided;
  if (shard) {
    ShardRun ran =
        run_shard(items, *shard, options, [&](std::size_t units) { progress.set_total(units); });
    results = std::move(ran.results);
    divided = std::move(ran.divided);
  } else {
    results = run_items(items, options);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const int signal = stop.received();
  const std::string interrupted = signal ? StopSignals::name(signal) : "";
  console([&] {
    progress.clear();
    print_summary(stdout, results, seconds, interrupted, colour);
  });

  if (!report_dir.empty()) {
    reports::RunInfo info;
    info.command = joined_command(argc, argv);
    info.seconds = seconds;
    if (shard) info.shard = fmt::format("{}/{}", shard->index, shard->total);
    info.interrupted = interrupted;
    info.selected = std::move(selected);
    info.settings = describe(options.search);
    info.sources = sources;
    info.divided = std::move(divided);
    try {
      reports::write_reports(report_dir, formats, info, results, {inv.markdown_limit});
    } catch (const std::exception& e) {
      console([&] { std::fflush(stdout); });
      console([&] { print_error(argv[0], e.what()); });
      return exit_usage;  // a report is missing: never silence, never a green status
    }
    console([&] { fmt::print("reports: {} in {}\n", fmt::join(formats, ", "), report_dir); });
  }
  console([&] { std::fflush(stdout); });
  if (signal) return 128 + signal;  // as a shell reports a process the signal ended
  const bool ok = std::all_of(results.begin(), results.end(),
                              [](const Result& r) { return as_expected(r.outcome); });
  return ok ? exit_ok : exit_unexpected;
}

// The score's line, and what a survivor means, as `mutate` and the merge of its shards print
// them; `seconds` when the run was timed here.
void print_mutation_score(const MutationRun& run, const MutationReportInfo& info,
                          std::optional<double> seconds) {
  const Score score = run.score();
  fmt::print(
      "mutation score {:.1f}%{}: {} of {} mutants detected ({} killed, {} timed out, {} "
      "crashed), {} survived{}{}; {} site(s) reached only by negative controls{}\n",
      score.percent(), info.shard.empty() ? "" : " (shard " + info.shard + ")", score.detected(),
      score.judged(), score.killed, score.timeouts, score.crashes, score.survived,
      score.equivalent ? fmt::format(", {} declared equivalent (not scored)", score.equivalent)
                       : "",
      score.not_run ? fmt::format(", {} not run", score.not_run) : "", run.unreached.size(),
      seconds ? fmt::format("; {:.0f} s", *seconds) : "");
  for (const auto& w : declaration_warnings(run)) fmt::print("warning: {}\n", w);
  if (!info.shard.empty()) fmt::print("{}\n", shard_text(run, info));
  if (score.survived > 0) fmt::print("a survivor: {}\n", survivor_meaning);
}

// --min-score's gate: whether `score` is below it (and if so, says so).
bool below_min_score(const char* argv0, const Score& score, std::optional<double> min_score) {
  if (!min_score || score.percent() >= *min_score) return false;
  print_error(argv0, fmt::format("mutation score {:.1f}% is below --min-score {:g}%",
                                 score.percent(), *min_score));
  return true;
}

int do_mutate(int argc, char** argv, const Invocation& inv) {
  const std::vector<std::string> formats =
      report_formats(inv.formats, mutation_report_formats(), inv.report_dir);
  const std::vector<const Entry*> items = select(inv.filter);
  refuse_blind_units(items, inv.jobs);

  MutateOptions options;
  options.shard = inv.shard;
  options.run.search = inv.search;
  options.run.jobs = inv.jobs;
  options.run.timeout_seconds = inv.timeout;
  options.run.memory_limit = inv.memory_limit;
  options.run.program = argv[0];
  if (!inv.equivalent_file.empty())
    options.equivalents = or_usage(read_equivalents(inv.equivalent_file));
  const StopSignals stop;
  options.run.stop = &stop;
  options.on_decided = [&](const MutantResult& m) {
    if (inv.quiet && m.fate != MutantFate::survived) return;
    if (m.decided_by)
      fmt::print(
          "{:<8} {}  by {} ({}, {:.2f} s)\n", to_string(m.fate), m.mutant.id(), m.decided_by->id,
          m.decided_by->verdict.defect.empty() ? to_string(m.decided_by->outcome)
                                               : std::string_view(m.decided_by->verdict.defect),
          m.decided_by->seconds);
    else
      fmt::print("{:<8} {}  ({} item(s) ended as registered{})\n", to_string(m.fate), m.mutant.id(),
                 m.items.size(),
                 m.declared_equivalent.empty() ? "" : "; declared: " + m.declared_equivalent);
    std::fflush(stdout);
  };
  options.on_planned = [&](std::size_t sites, std::size_t mutants, std::size_t to_run) {
    if (inv.shard)
      fmt::print(
          "discovery: {} item(s) reach {} site(s); {} mutant(s), {} of them in shard {}/{} "
          "to run\n",
          items.size(), sites, mutants, to_run, inv.shard->index, inv.shard->total);
    else
      fmt::print("discovery: {} item(s) reach {} site(s); {} mutant(s) to run\n", items.size(),
                 sites, mutants);
    std::fflush(stdout);
  };
  const auto started = std::chrono::steady_clock::now();
  MutationRun run;
  try {
    run = mutate(items, options);
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  MutationReportInfo info;
  info.command = joined_command(argc, argv);
  info.settings = describe(options.run.search);
  for (const auto* e : items) info.selected.push_back(e->id);
  if (inv.shard) info.shard = fmt::format("{}/{}", inv.shard->index, inv.shard->total);
  print_mutation_score(run, info, seconds);
  if (!inv.report_dir.empty()) {
    try {
      write_mutation_reports(inv.report_dir, formats, run, info);
    } catch (const std::exception& e) {
      print_error(argv[0], e.what());
      return exit_usage;
    }
    fmt::print("reports: {} in {}\n", fmt::join(formats, ", "), inv.report_dir);
  }
  std::fflush(stdout);
  if (const int signal = stop.received()) return 128 + signal;
  return below_min_score(argv[0], run.score(), inv.min_score) ? exit_unexpected : exit_ok;
}

int do_replay(char** argv, const Invocation& inv) {
  const Entry* e = registry().find(inv.id);
  if (!e)
    throw UsageError(
        fmt::format("no model or property named '{}' (see 'interleave list')", inv.id));
  const std::string& id = e->id;
  if (!inv.reproduce.empty() && e->kind != Kind::property)
    throw UsageError(fmt::format("--reproduce is for properties; '{}' is a model", id));
  if (e->kind == Kind::property && inv.reproduce.empty() &&
      (!inv.state.empty() || inv.replay_iteration))
    throw UsageError(fmt::format(
        "replaying property '{}' needs --reproduce (the scenario) with --state (its execution), "
        "both from the failure's replay line",
        id));
  refuse_blind_units({e}, 1);  // before reading the state: a blind unit can replay nothing
  check_fits(inv.search, {e});
  RunOptions options;
  options.search = inv.search;
  if (!inv.reproduce.empty()) {
    or_usage(parse_reproduce(inv.reproduce, id));
    options.search.reproduce = inv.reproduce;
  }
  if (!inv.state.empty()) {
    const Scheduler scheduler = effective_settings(*e, options.search).scheduler;
    or_usage(parse_replay_state(inv.state, scheduler, e->threads));
    options.search.initial_state = inv.state;
  } else if (inv.replay_iteration) {  // random: replay the one iteration with this index
    options.search.scheduler = Scheduler::random;
    options.search.initial_state = fmt::format("{} ", *inv.replay_iteration);
  }
  // What was given to replay: a failing execution, or (a property) a failing scenario.
  const bool replaying = options.search.initial_state || options.search.reproduce;
  options.timeout_seconds = inv.timeout;
  options.memory_limit = inv.memory_limit;
  options.program = argv[0];
  options.source_root = sources_found(inv.sources).root;
  const Result r = run_items({e}, options).front();
  const bool verdict =
      r.outcome != Outcome::crash && r.outcome != Outcome::timeout && r.outcome != Outcome::error;
  if (replaying && verdict && r.verdict.defect.empty()) {
    // Never a pass or an unexpected pass: the input was not a failure of this item.
    const std::string what = inv.replay_iteration
                                 ? fmt::format("iteration {}", *inv.replay_iteration)
                             : options.search.initial_state ? "this state"
                                                            : "this reproduce string";
    throw UsageError(
        r.verdict.replay_misfit.empty()
            ? fmt::format("{} does not reproduce a failure of '{}': its execution ends without "
                          "a defect (under --scheduler {}{})",
                          what, id, to_string(r.settings.scheduler),
                          r.settings.scheduler == Scheduler::bound
                              ? fmt::format(" --context-bound {}", r.settings.context_bound)
                              : "")
            : fmt::format("{} does not reproduce a failure of '{}': it does not fit this item: {}",
                          what, id, r.verdict.replay_misfit));
  }
  print_result(stdout, r, r.id.size(), colours_stdout(inv.colour));
  if (r.outcome != Outcome::fail && !r.verdict.trace.empty()) {
    fmt::print("    {}\n    interleaving:\n", r.verdict.detail);
    print_trace(stdout, r);
  }
  return as_expected(r.outcome) ? exit_ok : exit_unexpected;
}

// Each of `files` as a shard `read` fills in, and their merge by `merge`: a file that cannot be
// read, or a set the merge refuses, is a usage error (exit 2) saying why.
template <class Shard, class Read, class Merge>
auto read_and_merge(const std::vector<std::string>& files, Read read, Merge merge) {
  std::vector<Shard> shards;
  for (const auto& file : files) {
    Shard s;
    s.file = file;
    try {
      read(s);
    } catch (const std::exception& e) {
      throw UsageError(e.what());
    }
    shards.push_back(std::move(s));
  }
  try {
    return merge(shards);
  } catch (const MergeRefused& e) {
    throw UsageError(e.what());
  }
}

// The merge of mutants.json files (of `mutate --shard`): as do_merge's, and --min-score's gate.
int do_merge_mutants(int argc, char** argv, const Invocation& inv) {
  MergedMutation merged = read_and_merge<MutantShard>(
      inv.files, [](MutantShard& s) { s.run = read_mutants_json(s.file, &s.info); },
      [&](const std::vector<MutantShard>& shards) {
        return merge_mutant_shards(shards, inv.allow_partial);
      });
  // Once the set is merged: a refused one leaves no report directory behind.
  const std::vector<std::string> formats =
      report_formats(inv.formats, mutation_report_formats(), inv.report_dir);
  merged.info.command = joined_command(argc, argv);
  print_mutation_score(merged.run, merged.info, std::nullopt);
  const Score score = merged.run.score();
  // A gate never passes on part of the mutants: a shard missing, or stopped before it decided
  // some of its own.
  if (!merged.info.partial.empty())
    fmt::print("{}: {}\n", reports::text::gate_word(false),
               reports::text::partial_text(merged.info.partial));
  else if (score.not_run > 0)
    fmt::print("{}: {} mutant(s) not run (a shard was stopped before it decided them)\n",
               reports::text::gate_word(false), score.not_run);
  try {
    write_mutation_reports(inv.report_dir, formats, merged.run, merged.info);
  } catch (const std::exception& e) {
    print_error(argv[0], e.what());
    return exit_usage;
  }
  fmt::print("reports: {} in {}\n", fmt::join(formats, ", "), inv.report_dir);
  std::fflush(stdout);
  const bool below = below_min_score(argv[0], score, inv.min_score);
  return below || !merged.info.partial.empty() || score.not_run > 0 ? exit_unexpected : exit_ok;
}

// `interleave merge`: results.json files (of `run --shard`), or mutants.json files (of `mutate
// --shard`) when any file is one; every file is then read as that kind, and one of the other
// kind is refused by its reader.
int do_merge(int argc, char** argv, const Invocation& inv) {
  if (std::any_of(inv.files.begin(), inv.files.end(),
                  [](const std::string& f) { return is_mutants_json(f); }))
    return do_merge_mutants(argc, argv, inv);
  if (inv.min_score)
    throw UsageError(
        "--min-score gates a mutation score, and these are results.json files (of `run`): merge "
        "the mutants.json files of `mutate --shard` with it");
  MergedRun merged = read_and_merge<ShardReport>(
      inv.files, [](ShardReport& s) { s.results = reports::read_json(s.file, &s.run); },
      [&](const std::vector<ShardReport>& shards) {
        return merge_shards(shards, inv.allow_partial);
      });
  const std::vector<std::string> formats =
      report_formats(inv.formats, reports::available_formats(), inv.report_dir);
  merged.run.command = joined_command(argc, argv);
  if (!inv.sources.url.empty()) merged.run.sources.url = inv.sources.url;
  print_summary(stdout, merged.results, merged.run.seconds, merged.run.interrupted,
                colours_stdout(inv.colour));
  if (!merged.run.partial.empty())
    fmt::print("{}: {}\n", reports::text::gate_word(false),
               reports::text::partial_text(merged.run.partial));
  reports::write_reports(inv.report_dir, formats, merged.run, merged.results, {inv.markdown_limit});
  fmt::print("reports: {} in {}\n", fmt::join(formats, ", "), inv.report_dir);
  return reports::text::gate_passes(merged.results, merged.run.partial) ? exit_ok : exit_unexpected;
}

}  // namespace

int run_cli(int argc, char** argv) {
  const auto parsed =
      parse_invocation(std::vector<std::string>(argv, argv + argc), process_environment());
  if (!parsed) {
    std::fputs(parsed.error().text.c_str(), parsed.error().status == 0 ? stdout : stderr);
    return parsed.error().status == 0 ? exit_ok : exit_usage;
  }
  const Invocation& inv = *parsed;

  if (!registry().problems().empty()) {
    for (const auto& p : registry().problems()) print_error(argv[0], p);
    print_error(argv[0], "fix the registrations above; nothing was run");
    return exit_usage;
  }
  try {
    switch (inv.command) {
      case Command::list: return do_list(inv);
      case Command::run: return do_run(argc, argv, inv);
      case Command::merge: return do_merge(argc, argv, inv);
      case Command::replay: return do_replay(argv, inv);
      case Command::mutate: return do_mutate(argc, argv, inv);
    }
    return exit_usage;
  } catch (const std::exception& e) {  // UsageError among them
    print_error(argv[0], e.what());
    return exit_usage;
  }
}

}  // namespace interleave::harness
