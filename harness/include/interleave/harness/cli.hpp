// interleave/harness/cli.hpp: the `interleave` command line over the registered items.
//
//   interleave list   [--filter GLOB]
//   interleave run    [--filter GLOB] [--scheduler random|bound|full] [--iterations N]
//                     [--context-bound K] [--seed N] [--jobs N] [--timeout SECONDS]
//                     [--report-dir DIR] [--format LIST] [--shard I/N] [--quiet]
//   interleave replay ID [--state S | --seed N] [--reproduce R] [--scheduler ...]
//                        [--context-bound K]
//   interleave merge --report-dir DIR [--format LIST] FILE...
//
// Exit status: 0 when every result is what it was expected to be, 1 when any is not,
// 2 for bad usage or input (with a message naming what was wrong). Options and environment
// variables are parsed in harness/src/options.cpp, every number over its whole range
// (<interleave/harness/parse.hpp>); a replay's state and reproduce string are checked before it
// runs (<interleave/harness/replay_input.hpp>), and a replay that does not end in a defect is a
// usage error, never a pass.
#pragma once

namespace interleave::harness {

int run_cli(int argc, char** argv);

}  // namespace interleave::harness
