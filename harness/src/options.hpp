// harness/src/options.hpp (internal): the command line and the environment, parsed into what the
// `interleave` command is to do, before anything runs.
//
// parse_invocation() is a function of its inputs (the arguments and an environment map, never
// the process's own), so tests call it in-process with generated argv and variables. CLI11 gives
// the commands, the option names, help and the errors about unknown or missing options; every
// number goes through <interleave/harness/parse.hpp> (CLI11's own conversions wrap "-1").
//
// Environment: each run option has a variable (INTERLEAVE_ITERATIONS for --iterations, ...),
// used when the option is not given; an empty variable counts as unset. The shard also comes
// from GTEST_SHARD_INDEX + GTEST_TOTAL_SHARDS when neither --shard nor INTERLEAVE_SHARD says.
// `replay` reads only INTERLEAVE_TIMEOUT and INTERLEAVE_MEMORY_LIMIT (bounds on resources) and
// INTERLEAVE_SOURCE_ROOT (how files are named): a replay line is complete, and a variable left
// over in a shell must not change which execution it replays.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "interleave/harness/parse.hpp"
#include "interleave/harness/registry.hpp"
#include "interleave/harness/runner.hpp"
#include "interleave/harness/sources.hpp"
#include "interleave/reports/report.hpp"

namespace interleave::harness {

using Environment = std::map<std::string, std::string, std::less<>>;
[[nodiscard]] Environment process_environment();

enum class Command { list, run, replay, merge, mutate };

// Whether result lines are coloured: --color always|never|auto. auto is `on_terminal`, or `never`
// where NO_COLOR is set to anything but "" (no-color.org) or TERM is "dumb".
enum class Colour { never, always, on_terminal };

struct Invocation {
  Command command = Command::list;
  std::string filter;              // list, run
  bool list_json = false;          // list --format json
  SearchOverrides search;          // run, replay: unset fields keep each item's own
  double timeout = 600;            // run, replay: seconds one item may run before it is killed
  std::uint64_t memory_limit = 0;  // run, replay: address space per item's process; 0: none
  // run
  unsigned jobs = 1;
  std::string report_dir;
  std::vector<std::string> formats;
  std::optional<Shard> shard;  // run, mutate
  bool quiet = false;
  Colour colour = Colour::on_terminal;  // run, replay, merge
  // run, merge: the most characters summary.md may hold (reports::ReportOptions).
  std::size_t markdown_limit = reports::step_summary_limit;
  // Seconds without a result after which a run whose output is not a terminal prints a
  // "... still running" line (cli.cpp, Progress).
  double heartbeat = 60;
  // run, replay: where the files live (--source-root, --source-url, the CI's variables); an
  // empty root is found at run time (find_project_root). merge: only what its own options give,
  // over the shards' recorded sources.
  Sources sources;
  // run: GTEST_SHARD_STATUS_FILE, which a test runner that shards (as GoogleTest's) sets to learn
  // that the program understood its GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS: run creates it.
  std::string shard_status_file;
  // Run the negative controls only (the items expected to fail), each followed by its twin when
  // it injects its fault into the library (registry.hpp).
  bool prove_controls = false;
  // replay
  std::string id;
  std::string state;
  std::optional<std::uint64_t> replay_iteration;  // --seed N: the random scheduler's iteration N
  std::string reproduce;
  // merge (report_dir and formats above are its --report-dir and --format)
  std::vector<std::string> files;
  bool allow_partial = false;  // merge a set that is not one whole run; the gate still fails
  // mutate (filter, jobs, timeout, profile, report_dir, formats, shard, quiet and memory_limit
  // above); merge of mutants.json files
  std::optional<double> min_score;  // percent; never with a shard
  std::string equivalent_file;      // mutate: --equivalent
};

// What ends the command before it runs: --help (status 0, text for stdout) or bad usage
// (status 2, a message for stderr that names the option or variable and what it allows).
// `text` is printed as it is, final newline included.
struct Stop {
  int status = 2;
  std::string text;
};

// The name messages begin with: the running program's file name ("verify_spinlock" for
// "/home/me/build/verify_spinlock"), "interleave" when argv[0] is empty.
[[nodiscard]] std::string program_name(std::string_view argv0);

// `args` as main() receives them, the program's name first.
[[nodiscard]] std::expected<Invocation, Stop> parse_invocation(const std::vector<std::string>& args,
                                                               const Environment& env);

// The ranges the options accept, each in one place.
inline constexpr std::uint64_t max_seed = (std::uint64_t{1} << 63) - 1;
inline constexpr unsigned max_jobs = 256;

}  // namespace interleave::harness
