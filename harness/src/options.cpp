#include "options.hpp"

#include "mutants.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "interleave/harness/memory_limit.hpp"
#include "interleave/version.hpp"
#include "interleave/reports/report.hpp"

extern char** environ;

namespace interleave::harness {

Environment process_environment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    const std::string_view entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string_view::npos) env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

namespace {

struct Usage {
  std::string message;
};

template <class T>
T or_stop(Parsed<T> v) {
  if (!v) throw Usage{std::move(v.error())};
  return std::move(*v);
}

// An option's text: from the command line if given there, else from its variable (if the option
// has one and it is not empty). `what` is the name a message uses for it.
struct Source {
  std::string text;
  std::string what;
};

class Options {
 public:
  explicit Options(const Environment& env) : env_(env) {}

  // Binds `--name` on `cmd` as text; `variable` empty: no environment variable.
  // `names` as CLI11 takes them ("--jobs,-j"); the first is the one get() is asked by.
  void add(CLI::App& cmd, const std::string& names, std::string variable, const std::string& help) {
    const std::string name = names.substr(0, names.find(','));
    auto& slot = text_[key(cmd, name)];
    cmd.add_option(names, slot,
                   help + (variable.empty() ? "" : " (environment: " + variable + ")"));
    variables_[key(cmd, name)] = std::move(variable);
  }

  std::optional<Source> get(const CLI::App& cmd, const std::string& name) const {
    const std::string k = key(cmd, name);
    if (cmd.count(name) > 0) return Source{text_.at(k), name};
    const std::string& variable = variables_.at(k);
    if (variable.empty()) return std::nullopt;
    const auto it = env_.find(variable);
    if (it == env_.end() || it->second.empty()) return std::nullopt;
    return Source{it->second, variable};
  }

  std::optional<std::string> variable(std::string_view name) const {
    const auto it = env_.find(name);
    if (it == env_.end() || it->second.empty()) return std::nullopt;
    return it->second;
  }

 private:
  static std::string key(const CLI::App& cmd, const std::string& name) {
    return cmd.get_name() + " " + name;
  }
  const Environment& env_;
  std::map<std::string, std::string> text_;  // std::map: stable addresses for CLI11's bindings
  std::map<std::string, std::string> variables_;
};

// The options shared by run and replay that shape the search.
void add_search_options(Options& o, CLI::App& cmd, bool with_variables) {
  const auto var = [&](const char* name) { return with_variables ? std::string(name) : ""; };
  o.add(cmd, "--scheduler", var("INTERLEAVE_SCHEDULER"),
        "random, bound (context-bound search) or full; default: each item's own");
  o.add(cmd, "--iterations", var("INTERLEAVE_ITERATIONS"),
        fmt::format("random: iterations to run; bound/full: iteration budget; a property: "
                    "scenarios; default: each item's own (models 1 to {}, properties 1 to {})",
                    max_iterations, max_scenarios));
  o.add(cmd, "--context-bound", var("INTERLEAVE_CONTEXT_BOUND"),
        fmt::format("preemptions per execution for the bound scheduler, 0 to {}; default: each "
                    "item's own",
                    max_context_bound));
  o.add(cmd, "--time-budget", var("INTERLEAVE_TIME_BUDGET"),
        fmt::format("seconds after which an item's search ends as 'budget exhausted' (a result, "
                    "unlike --timeout), {:g} to {:g}; default: none",
                    min_seconds, max_seconds));
  o.add(cmd, "--mutant", "",
        "apply one mutant, FILE:LINE:COLUMN:OPERATION:ORDER:MUTATION, as `mutate` "
        "names it and its replay lines carry");
  o.add(cmd, "--timeout", "INTERLEAVE_TIMEOUT",
        fmt::format("seconds one item may run before it is killed, {:g} to {:g}; "
                    "default 600",
                    min_seconds, max_seconds));
}

void read_search_options(const Options& o, const CLI::App& cmd, Invocation& inv) {
  SearchOverrides& s = inv.search;
  if (auto v = o.get(cmd, "--scheduler"))
    s.scheduler =
        parse_scheduler(or_stop(parse_choice(v->text, v->what, {"random", "bound", "full"})));
  if (auto v = o.get(cmd, "--iterations"))
    s.iterations = or_stop(parse_count(v->text, v->what, 1, max_iterations));
  if (auto v = o.get(cmd, "--context-bound"))
    s.context_bound =
        static_cast<unsigned>(or_stop(parse_count(v->text, v->what, 0, max_context_bound)));
  if (auto v = o.get(cmd, "--time-budget"))
    s.seconds = or_stop(parse_seconds(v->text, v->what, max_seconds));
  if (auto v = o.get(cmd, "--timeout"))
    inv.timeout = or_stop(parse_seconds(v->text, v->what, max_seconds));
  if (auto v = o.get(cmd, "--mutant")) {
    if (const auto m = parse_mutant(v->text); !m) throw Usage{v->what + ": " + m.error()};
    s.mutant = v->text;
  }
}

// The options of run and mutate that choose items and how many run at once.
void add_jobs(Options& o, CLI::App& cmd) {
  o.add(cmd, "--jobs,-j", "INTERLEAVE_JOBS",
        fmt::format("items run at a time, each in its own process, 1 to {}; default: cores",
                    max_jobs));
}

unsigned read_jobs(const Options& o, const CLI::App& cmd) {
  if (auto v = o.get(cmd, "--jobs"))
    return static_cast<unsigned>(or_stop(parse_count(v->text, v->what, 1, max_jobs)));
  return std::clamp(std::thread::hardware_concurrency(), 1u, max_jobs);
}

void add_colour(Options& o, CLI::App& cmd) {
  o.add(cmd, "--color", "INTERLEAVE_COLOR",
        "colour the outcome words: auto (on a terminal, unless NO_COLOR is set or TERM is dumb), "
        "always or never; default auto");
}

Colour read_colour(const Options& o, const CLI::App& cmd) {
  if (auto v = o.get(cmd, "--color")) {
    if (v->text == "always") return Colour::always;
    if (v->text == "never") return Colour::never;
    if (v->text != "auto")
      throw Usage{fmt::format("{} '{}': must be auto, always or never", v->what, v->text)};
  }
  // An empty variable is unset (Options::variable), as no-color.org asks of NO_COLOR.
  return o.variable("NO_COLOR") || o.variable("TERM") == "dumb" ? Colour::never
                                                                : Colour::on_terminal;
}

void add_markdown_limit(Options& o, CLI::App& cmd) {
  o.add(cmd, "--md-limit", "INTERLEAVE_MD_LIMIT",
        fmt::format("the most characters summary.md holds, {} to {}: less detail until it fits "
                    "(65536 for a pull-request comment); default {}, a GitHub step summary's "
                    "limit",
                    reports::min_markdown_limit, reports::step_summary_limit * 64,
                    reports::step_summary_limit));
}

std::size_t read_markdown_limit(const Options& o, const CLI::App& cmd) {
  if (auto v = o.get(cmd, "--md-limit"))
    return static_cast<std::size_t>(or_stop(parse_count(
        v->text, v->what, reports::min_markdown_limit, reports::step_summary_limit * 64)));
  return reports::step_summary_limit;
}

// Where the results' files live (sources.hpp). run and replay take the root; run and merge the
// URL source links are made with.
void add_source_root(Options& o, CLI::App& cmd) {
  o.add(cmd, "--source-root", "INTERLEAVE_SOURCE_ROOT",
        "the project's root: files under it are named relative to it in the console and every "
        "report; default: GITHUB_WORKSPACE or CI_PROJECT_DIR in CI, else the top of the git work "
        "tree holding the current directory");
}

void add_source_url(Options& o, CLI::App& cmd) {
  o.add(cmd, "--source-url", "INTERLEAVE_SOURCE_URL",
        "a URL that, with a file's path relative to the root appended, shows that file at the "
        "revision run (e.g. https://github.com/o/r/blob/SHA/): report.html, summary.md and "
        "results.sarif link each step to its line there; default in GitHub Actions and GitLab "
        "CI: the commit's file view");
}

std::string read_source_url(const Source& v) {
  auto url = checked_source_url(v.text);
  if (!url) throw Usage{fmt::format("{}: {}", v.what, url.error())};
  return *url;
}

// What the CI service a run is in says about its sources: GitHub Actions (GITHUB_ACTIONS=true)
// or GitLab CI (GITLAB_CI=true); empty elsewhere.
Sources sources_of_ci(const Options& o) {
  Sources s;
  const auto var = [&](const char* name) { return o.variable(name).value_or(""); };
  std::string url, url_from;
  if (var("GITHUB_ACTIONS") == "true") {
    s.root = var("GITHUB_WORKSPACE");
    if (!var("GITHUB_SERVER_URL").empty() && !var("GITHUB_REPOSITORY").empty())
      s.repository = var("GITHUB_SERVER_URL") + "/" + var("GITHUB_REPOSITORY");
    s.revision = var("GITHUB_SHA");
    s.branch = var("GITHUB_REF_NAME");
    if (!s.repository.empty() && !s.revision.empty())
      url = s.repository + "/blob/" + s.revision + "/";
    url_from = "GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA";
  } else if (var("GITLAB_CI") == "true") {
    s.root = var("CI_PROJECT_DIR");
    s.repository = var("CI_PROJECT_URL");
    s.revision = var("CI_COMMIT_SHA");
    s.branch = var("CI_COMMIT_REF_NAME");
    if (!s.repository.empty() && !s.revision.empty())
      url = s.repository + "/-/blob/" + s.revision + "/";
    url_from = "CI_PROJECT_URL and CI_COMMIT_SHA";
  }
  while (s.root.size() > 1 && s.root.ends_with('/')) s.root.pop_back();
  if (!url.empty()) {
    auto checked = checked_source_url(url);
    if (!checked)
      throw Usage{fmt::format("{} make a source URL that cannot be used: {}; give --source-url",
                              url_from, checked.error())};
    s.url = *checked;
  }
  return s;
}

// The sources a run or replay names files by: its CI's, then what its options say.
Sources read_sources(const Options& o, const CLI::App& cmd, bool with_url) {
  Sources s = sources_of_ci(o);
  if (auto v = o.get(cmd, "--source-root")) {
    std::error_code ec;
    const auto cwd = std::filesystem::current_path(ec);
    auto root = checked_root(v->text, cwd.string());
    if (!root) throw Usage{fmt::format("{}: {}", v->what, root.error())};
    s.root = *root;
  }
  if (!with_url) return s;
  if (auto v = o.get(cmd, "--source-url")) s.url = read_source_url(*v);
  return s;
}

void add_profile(Options& o, CLI::App& cmd) {
  o.add(cmd, "--profile", "INTERLEAVE_PROFILE",
        "default: each item's own search; quick: items expected to pass capped (models at 20000 "
        "iterations, properties at 40 scenarios, each at 5 s), negative controls at 30 s, for a "
        "verdict within a minute that still catches every negative control; explicit flags win");
}

Profile read_profile(const Options& o, const CLI::App& cmd) {
  if (auto v = o.get(cmd, "--profile"))
    return or_stop(parse_choice(v->text, v->what, {"default", "quick"})) == "quick"
               ? Profile::quick
               : Profile::standard;
  return Profile::standard;
}

// --memory-limit, for run and replay: like --timeout, a bound on resources, never on which
// executions are searched, so replay reads its variable too.
void add_memory_limit(Options& o, CLI::App& cmd) {
  o.add(cmd, "--memory-limit", "INTERLEAVE_MEMORY_LIMIT",
        fmt::format("address space each item's process may use, e.g. 512M, 4G or 1.5G (at least "
                    "{}), or 'none'; an item that reaches it is stopped and reported as a crash; "
                    "default: three quarters of the machine's memory divided by --jobs",
                    memory_size_text(min_memory_limit)));
}

std::uint64_t read_memory_limit(const Options& o, const CLI::App& cmd, unsigned jobs) {
  const auto v = o.get(cmd, "--memory-limit");
  if (!v) return default_memory_limit(jobs);
  if (v->text == "none") return 0;
  return or_stop(parse_size(v->text, v->what, min_memory_limit, max_memory_limit));
}

// --shard, for run (of the items) and mutate (of the mutants): every N-th from the I-th, in the
// command's deterministic order. `what` is what is shared out.
void add_shard(Options& o, CLI::App& cmd, std::string_view what) {
  o.add(cmd, "--shard", "INTERLEAVE_SHARD",
        fmt::format("run shard I of N of the {} (every N-th from the I-th; 0 <= I < N <= {}); "
                    "default from GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS",
                    what, max_shards));
}

std::optional<Shard> read_shard(const Options& o, const CLI::App& cmd) {
  if (auto v = o.get(cmd, "--shard")) return or_stop(parse_shard(v->text, v->what));
  const auto index = o.variable("GTEST_SHARD_INDEX"), total = o.variable("GTEST_TOTAL_SHARDS");
  if (index && total) return or_stop(parse_shard_pair(*index, *total));
  if (index || total) throw Usage{"GTEST_SHARD_INDEX and GTEST_TOTAL_SHARDS must be set together"};
  return std::nullopt;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) out.push_back(item);
  return out;
}

}  // namespace

std::string program_name(std::string_view argv0) {
  const std::string name = std::filesystem::path(argv0).filename().string();
  return name.empty() ? "interleave" : name;
}

std::expected<Invocation, Stop> parse_invocation(const std::vector<std::string>& args,
                                                 const Environment& env) {
  // Messages, usage lines and --version name the program that runs: `interleave`, or a user's
  // own linked with interleave::harness, which also says which interleave it runs on.
  const std::string program = program_name(args.empty() ? "" : args[0]);
  const std::string first = args.size() > 1 ? args[1] : "";
  if (!first.empty() && first[0] != '-' && first != "list" && first != "run" && first != "replay" &&
      first != "merge" && first != "mutate")
    return std::unexpected(
        Stop{2, fmt::format("{}: unknown command '{}' (commands: list, run, replay, merge, "
                            "mutate)\n",
                            program, first)});

  CLI::App app{
      fmt::format("{}: run Relacy models and properties, gate on their expected outcomes", program),
      program};
  app.set_version_flag("--version",
                       program == "interleave"
                           ? fmt::format("interleave {}", interleave::version)
                           : fmt::format("{} (interleave {})", program, interleave::version));
  app.require_subcommand(1, 1);
  app.footer(
      "Exit status: 0 every result as expected, 1 some result not, 2 bad usage or input "
      "(or a report that could not be written), 130/143/129 run stopped by "
      "SIGINT/SIGTERM/SIGHUP (partial reports written).");
  Options o(env);
  Invocation inv;
  // The filter's syntax, as GoogleTest's (id_filter.hpp).
  const char* filter_help =
      "ids to select, as GoogleTest's --gtest_filter: globs ('*' also matches '/') separated by "
      "':', then '-' and globs to leave out, e.g. 'channel/*:rc/*' or 'channel/*-*/property/*'";

  auto* list = app.add_subcommand("list",
                                  "one line per model and property: id, kind, threads, "
                                  "expected outcome, description");
  o.add(*list, "--filter", "INTERLEAVE_FILTER", filter_help);
  o.add(*list, "--format", "",
        "text: aligned columns for a person (the default); json: {\"items\": [...]} for tools "
        "(CMake's interleave_discover_tests), each item with the fields results.json gives it");

  auto* run =
      app.add_subcommand("run", "run models and properties; one line per result, then a summary");
  o.add(*run, "--filter", "INTERLEAVE_FILTER", filter_help);
  add_search_options(o, *run, true);
  o.add(*run, "--seed", "INTERLEAVE_SEED",
        fmt::format("random scheduler: index of the first iteration (Relacy seeds each by its "
                    "index); a property: RapidCheck's seed; 1 to {}; default 1",
                    max_seed));
  add_jobs(o, *run);
  o.add(*run, "--report-dir", "INTERLEAVE_REPORT_DIR",
        "write reports into DIR (created if needed)");
  run->add_option("--format", inv.formats,
                  fmt::format("comma-separated report formats ({}); default json (environment: "
                              "INTERLEAVE_FORMAT)",
                              fmt::join(reports::available_formats(), ", ")))
      ->delimiter(',')
      ->allow_extra_args(false);
  add_shard(o, *run, "items");
  run->add_flag("--quiet,-q", inv.quiet, "print only unexpected results and the summary");
  add_colour(o, *run);
  add_markdown_limit(o, *run);
  add_source_root(o, *run);
  add_source_url(o, *run);
  o.add(*run, "--heartbeat", "INTERLEAVE_HEARTBEAT",
        fmt::format("where the output is not a terminal (a CI log): print a '... still "
                    "running' line after SECONDS without a result, {:g} to {:g}; default 60",
                    min_seconds, max_seconds));
  run->add_flag("--prove-controls", inv.prove_controls,
                "run only the negative controls (items expected to fail), each that injects "
                "its fault into the library followed by its twin 'ID [without fault]': the same "
                "search over the sound backend, expected to pass");
  add_profile(o, *run);
  add_memory_limit(o, *run);

  auto* replay =
      app.add_subcommand("replay", "re-run one item deterministically and print its interleaving");
  replay->add_option("id", inv.id, "the item's id")->required();
  add_search_options(o, *replay, false);
  o.add(*replay, "--seed", "",
        fmt::format("random scheduler: replay iteration N alone, 1 to {}", max_seed));
  auto* state_opt = replay->add_option("--state", inv.state,
                                       "Relacy scheduler state, from a failure's replay line");
  replay->get_option("--seed")->excludes(state_opt);
  replay->add_option("--reproduce", inv.reproduce,
                     "a property's shrunk scenario: RapidCheck's reproduce string, from the "
                     "failure's replay line");
  add_memory_limit(o, *replay);
  add_colour(o, *replay);
  add_source_root(o, *replay);

  auto* merge = app.add_subcommand(
      "merge",
      "combine the shards' results.json files (of `run --shard`), or their mutants.json files "
      "(of `mutate --shard`), into one report set");
  merge->add_option("files", inv.files, "results.json or mutants.json files, one per shard")
      ->required()
      ->check(CLI::ExistingFile);
  merge->add_option("--report-dir", inv.report_dir, "write the merged reports into DIR")
      ->required();
  merge
      ->add_option("--format", inv.formats,
                   "comma-separated report formats, as the shards' command writes them (run: "
                   "json, junit, md, html, sarif; mutate: json, md, html, junit); default json")
      ->delimiter(',')
      ->allow_extra_args(false);  // one comma-separated list; what follows is the files
  merge->add_flag(
      "--allow-partial", inv.allow_partial,
      "merge a set that is not one whole run (a shard missing, shards of different "
      "runs): items or mutants of missing shards are not-run, and the exit status is 1");
  o.add(*merge, "--min-score", "",
        "mutants.json only: exit 1 when the merged mutation score is below PERCENT, 0 to 100");
  add_colour(o, *merge);
  add_markdown_limit(o, *merge);
  o.add(*merge, "--source-url", "INTERLEAVE_SOURCE_URL",
        "the URL source links are made with (as run's --source-url); default: the shards' own");

  auto* mutate = app.add_subcommand(
      "mutate",
      "mutation testing: find every site the selected items reach, change one site at "
      "a time (a weaker memory order, a dropped notify, ...) and report which changes "
      "some item catches");
  o.add(*mutate, "--filter", "INTERLEAVE_FILTER", filter_help);
  add_jobs(o, *mutate);
  o.add(*mutate, "--timeout", "INTERLEAVE_TIMEOUT",
        fmt::format("seconds one item may run under one mutant before it is killed, {:g} to {:g}; "
                    "default 600",
                    min_seconds, max_seconds));
  add_profile(o, *mutate);
  o.add(*mutate, "--report-dir", "INTERLEAVE_REPORT_DIR",
        "write mutants.json and the other formats into DIR (created if needed)");
  mutate
      ->add_option(
          "--format", inv.formats,
          "comma-separated report formats (json, md, html, junit); default json (environment: "
          "INTERLEAVE_FORMAT)")
      ->delimiter(',')
      ->allow_extra_args(false);
  o.add(*mutate, "--min-score", "INTERLEAVE_MIN_SCORE",
        "exit 1 when the mutation score (percent of mutants detected) is below PERCENT, 0 to 100; "
        "not with --shard (gate on the merge of the shards)");
  o.add(*mutate, "--equivalent", "INTERLEAVE_EQUIVALENT",
        "a file of mutants declared equivalent, one a line: 'FILE FUNCTION "
        "OPERATION:ORDER:MUTATION REASON'; they still run, but are left out of the score");
  add_shard(o, *mutate, "mutants");
  mutate->add_flag("--quiet,-q", inv.quiet, "print only survivors and the summary");
  add_memory_limit(o, *mutate);

  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    std::ostringstream out, err;
    const int code = app.exit(e, out, err);
    if (code == 0) return std::unexpected(Stop{0, out.str()});
    return std::unexpected(Stop{2, err.str().empty() ? std::string(e.what()) + "\n" : err.str()});
  }

  try {
    if (*list) {
      inv.command = Command::list;
      if (auto v = o.get(*list, "--filter")) inv.filter = v->text;
      if (auto v = o.get(*list, "--format")) {
        if (v->text != "text" && v->text != "json")
          throw Usage{fmt::format("{} '{}': must be text or json", v->what, v->text)};
        inv.list_json = v->text == "json";
      }
    } else if (*run) {
      inv.command = Command::run;
      if (auto v = o.get(*run, "--filter")) inv.filter = v->text;
      read_search_options(o, *run, inv);
      if (auto v = o.get(*run, "--heartbeat"))
        inv.heartbeat = or_stop(parse_seconds(v->text, v->what, max_seconds));
      if (auto v = o.variable("GTEST_SHARD_STATUS_FILE")) inv.shard_status_file = *v;
      if (auto v = o.get(*run, "--seed"))
        inv.search.seed = or_stop(parse_count(v->text, v->what, 1, max_seed));
      inv.jobs = read_jobs(o, *run);
      if (auto v = o.get(*run, "--report-dir")) inv.report_dir = v->text;
      if (inv.formats.empty())
        if (auto v = o.variable("INTERLEAVE_FORMAT")) inv.formats = split_list(*v);
      inv.shard = read_shard(o, *run);
      inv.search.profile = read_profile(o, *run);
      inv.memory_limit = read_memory_limit(o, *run, inv.jobs);
      inv.colour = read_colour(o, *run);
      inv.markdown_limit = read_markdown_limit(o, *run);
      inv.sources = read_sources(o, *run, true);
    } else if (*replay) {
      inv.command = Command::replay;
      inv.colour = read_colour(o, *replay);
      read_search_options(o, *replay, inv);
      if (auto v = o.get(*replay, "--seed"))
        inv.replay_iteration = or_stop(parse_count(v->text, v->what, 1, max_seed));
      inv.memory_limit = read_memory_limit(o, *replay, 1);
      inv.sources = read_sources(o, *replay, false);
    } else if (*mutate) {
      inv.command = Command::mutate;
      if (auto v = o.get(*mutate, "--filter")) inv.filter = v->text;
      inv.jobs = read_jobs(o, *mutate);
      if (auto v = o.get(*mutate, "--timeout"))
        inv.timeout = or_stop(parse_seconds(v->text, v->what, max_seconds));
      inv.search.profile = read_profile(o, *mutate);
      if (auto v = o.get(*mutate, "--report-dir")) inv.report_dir = v->text;
      if (inv.formats.empty())
        if (auto v = o.variable("INTERLEAVE_FORMAT")) inv.formats = split_list(*v);
      inv.shard = read_shard(o, *mutate);
      if (auto v = o.get(*mutate, "--equivalent")) inv.equivalent_file = v->text;
      if (auto v = o.get(*mutate, "--min-score")) {
        inv.min_score = or_stop(parse_percent(v->text, v->what));
        // A shard's score is of its part of the mutants: a gate on it would pass or fail the
        // run by which mutants the shard happened to get.
        if (inv.shard)
          throw Usage{fmt::format(
              "{} gates the whole run's mutation score, and shard {}/{} holds only part of its "
              "mutants: gate on the merge instead (`{} merge --min-score PERCENT` of "
              "every shard's mutants.json)",
              v->what, inv.shard->index, inv.shard->total, program)};
      }
      inv.memory_limit = read_memory_limit(o, *mutate, inv.jobs);
    } else {
      inv.command = Command::merge;
      inv.colour = read_colour(o, *merge);
      inv.markdown_limit = read_markdown_limit(o, *merge);
      if (auto v = o.get(*merge, "--source-url")) inv.sources.url = read_source_url(*v);
      if (auto v = o.get(*merge, "--min-score"))
        inv.min_score = or_stop(parse_percent(v->text, v->what));
    }
  } catch (const Usage& u) {
    return std::unexpected(Stop{2, program + ": " + u.message + "\n"});
  }
  return inv;
}

}  // namespace interleave::harness
