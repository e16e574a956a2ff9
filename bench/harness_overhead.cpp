// What the harness costs over raw Relacy on one model: the same context-bound search of the same
// suite, run by rl::simulate with Relacy's own bound scheduler ("raw") and by the harness's
// run_relacy_suite ("harness": its per-execution budget and fiber bookkeeping, the repaired tree
// scheduler, the history log). Both must explore the same executions without a defect, or the
// comparison is void and the program exits 1. scripts/bench-division runs it under callgrind
// (instructions, repeatable on a noisy machine) and by wall time.
//
//   interleave_bench_harness_overhead MODE [REPETITIONS]   MODE: raw, harness or both
//
// Prints one line per run: "MODE ITERATIONS SECONDS".
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <sstream>
#include <string>

// The library's headers before Relacy's (model.hpp), which #defines names they use.
#include <interleave/mutex.hpp>
#include <interleave/model.hpp>

namespace {

// Three threads take turns on a counter under interleave::Mutex and hand a flag over through an
// acquire/release atomic: the lock's own atomics and waits under a bound-3 search, 74136
// executions.
struct counters : rl::test_suite<counters, 3> {
  static constexpr int rounds = 3;
  std::optional<
      interleave::Mutex<interleave::relacy_backend::cell<int>, interleave::relacy_backend>>
      counter;
  std::optional<interleave::relacy_backend::atomic<int>> flag;
  void before() {
    counter.emplace();
    flag.emplace(0);
  }
  void thread(unsigned index) {
    for (int round = 0; round < rounds; ++round) {
      auto g = *counter->lock();
      g->store(g->load() + 1);
    }
    if (index == 2) flag->store(1, std::memory_order::release);
    if (index == 0) (void)flag->load(std::memory_order::acquire);
  }
  void after() { RL_ASSERT((*counter->lock())->load() == 3 * rounds); }
};

constexpr unsigned context_bound = 3;

struct Ran {
  std::uint64_t iterations = 0;
  bool clean = false;
};

Ran raw() {
  std::ostringstream discard;
  rl::test_params p;
  p.search_type = rl::sched_bound;
  p.context_bound = context_bound;
  p.output_stream = &discard;
  p.progress_stream = &discard;
  p.progress_output_period = 1u << 30;
  const bool ok = rl::simulate<counters>(p);
  return {p.stop_iteration, ok && p.test_result == rl::test_result_success};
}

Ran harness() {
  interleave::harness::SearchSettings s;
  s.scheduler = interleave::harness::Scheduler::bound;
  s.context_bound = context_bound;
  s.iterations = 0;
  const auto v = interleave::run_relacy_suite<counters>(s);
  return {v.iterations, v.defect.empty() && v.search == interleave::harness::SearchEnd::complete};
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "both";
  const int repetitions = argc > 2 ? std::atoi(argv[2]) : 1;
  if ((mode != "raw" && mode != "harness" && mode != "both") || repetitions < 1) {
    std::fprintf(stderr, "usage: %s raw|harness|both [REPETITIONS]\n", argv[0]);
    return 2;
  }
  std::uint64_t expected = 0;
  for (int i = 0; i < repetitions; ++i)
    for (const char* m : {"raw", "harness"}) {
      if (mode != "both" && mode != m) continue;
      const auto start = std::chrono::steady_clock::now();
      const Ran r = std::strcmp(m, "raw") == 0 ? raw() : harness();
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      std::printf("%s %llu %.4f\n", m, static_cast<unsigned long long>(r.iterations), seconds);
      if (!r.clean || (expected != 0 && r.iterations != expected)) {
        std::fprintf(stderr, "%s: %s explored %llu executions (expected %llu, clean: %d)\n",
                     argv[0], m, static_cast<unsigned long long>(r.iterations),
                     static_cast<unsigned long long>(expected), r.clean);
        return 1;
      }
      expected = r.iterations;
    }
  return 0;
}
