// bench/verify.hpp: a number comes out of a benchmark only if the work it timed was right.
//
// - tag(producer, seq) / sequence_check: every message names its producer and its place in
//   that producer's sequence, and the consumer checks each one as it arrives: producer p's
//   messages must come exactly as 0, 1, 2, ... over the whole benchmark run (per-producer FIFO,
//   which every channel compared here promises). So a lost message, a duplicate, a reordering
//   or a value nobody sent is caught at the first one, and a loss cannot hide behind a
//   duplicate as it could in a checksum. At the end each producer's count must be what it sent.
// - fail(state, what): the benchmark's run is marked failed (SkipWithError) and remembered.
// - run_checked(argc, argv): the programs' main. Runs the benchmarks and returns 1 when any of
//   them failed: by fail(), or by any SkipWithError at all (a reporter watches every run the
//   library reports), so a script or a CI step that runs a benchmark program sees the failure
//   in its exit status. Prints each failure to stderr at the end.
#pragma once

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

namespace interleave_bench {

// --- messages that say who sent them ---------------------------------------------------------

inline constexpr int seq_bits = 48;
inline constexpr std::uint64_t seq_mask = (std::uint64_t{1} << seq_bits) - 1;

// The message `seq` (below 2^48) of producer `producer` (below 2^16).
constexpr std::uint64_t tag(std::uint64_t producer, std::uint64_t seq) {
  return (producer << seq_bits) | seq;
}

// The consumer's check. see() costs one compare and one increment on the expected path.
class sequence_check {
 public:
  explicit sequence_check(std::size_t producers) : next_(producers, 0) {}

  void see(std::uint64_t m) {
    const std::uint64_t p = m >> seq_bits;
    if (p < next_.size() && (m & seq_mask) == next_[p]) [[likely]] {
      ++next_[p];
      return;
    }
    wrong(m);
  }

  // Empty when every producer's messages all came, each once and in order: `sent` each.
  // Otherwise what went wrong, first thing first.
  [[nodiscard]] std::string problem(std::uint64_t sent) const {
    if (wrong_ != 0)
      return std::to_string(wrong_) + " message(s) out of sequence, the first: " + first_wrong_;
    for (std::size_t p = 0; p < next_.size(); ++p)
      if (next_[p] != sent)
        return "producer " + std::to_string(p) + ": received " + std::to_string(next_[p]) +
               " messages of " + std::to_string(sent) + " sent";
    return {};
  }

 private:
  [[gnu::noinline, gnu::cold]] void wrong(std::uint64_t m) {
    const std::uint64_t p = m >> seq_bits, seq = m & seq_mask;
    if (wrong_++ == 0) {
      first_wrong_ = p >= next_.size()
                         ? "a message from producer " + std::to_string(p) + ", which does not exist"
                         : "producer " + std::to_string(p) + ": expected message " +
                               std::to_string(next_[p]) + ", got " + std::to_string(seq) +
                               (seq < next_[p] ? " (a duplicate)" : " (one or more lost)");
    }
    if (p < next_.size()) next_[p] = seq + 1;  // resynchronise: each fault counts once
  }

  std::vector<std::uint64_t> next_;
  std::uint64_t wrong_ = 0;
  std::string first_wrong_;
};

// --- failures that reach the exit status -----------------------------------------------------

namespace detail {
struct failures {
  std::mutex m;
  std::vector<std::string> lines;
  void add(std::string line) {
    std::lock_guard lock(m);
    lines.push_back(std::move(line));
  }
};
inline failures& recorded() {
  static failures f;
  return f;
}

// Forwards everything to the display reporter the flags ask for, and records every run that
// the library reports as failed (SkipWithError), however it came about.
class failure_watch : public benchmark::BenchmarkReporter {
 public:
  explicit failure_watch(benchmark::BenchmarkReporter* shown) : shown_(shown) {}
  bool ReportContext(const Context& context) override { return shown_->ReportContext(context); }
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs)
      if (r.error_occurred) seen_.push_back(r.benchmark_name() + ": " + r.error_message);
    shown_->ReportRuns(runs);
  }
  void Finalize() override { shown_->Finalize(); }
  const std::vector<std::string>& seen() const { return seen_; }

 private:
  benchmark::BenchmarkReporter* shown_;  // the library's own; it owns it
  std::vector<std::string> seen_;
};
}  // namespace detail

// Marks this run failed and remembers why, for run_checked's exit status (also when the
// display shows only aggregates, which leave failed repetitions out).
inline void fail(benchmark::State& state, const std::string& what) {
  detail::recorded().add(what);
  state.SkipWithError(what.c_str());
}

// Initialize, run every benchmark the flags select, and return the program's exit status:
// 1 when an argument was not understood or any benchmark failed, else 0.
inline int run_checked(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  detail::failure_watch watch(benchmark::CreateDefaultDisplayReporter());
  benchmark::RunSpecifiedBenchmarks(&watch);
  benchmark::Shutdown();
  std::vector<std::string> failures = watch.seen();
  for (const auto& what : detail::recorded().lines) {
    bool shown = false;
    for (const auto& s : watch.seen()) shown = shown || s.ends_with(": " + what);
    if (!shown) failures.push_back("(a repetition the display left out): " + what);
  }
  if (failures.empty()) return 0;
  std::fprintf(stderr, "FAILED: %zu benchmark failure(s); these numbers are not to be used:\n",
               failures.size());
  for (const auto& f : failures) std::fprintf(stderr, "  %s\n", f.c_str());
  return 1;
}

}  // namespace interleave_bench
