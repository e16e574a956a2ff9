// Cost of the linearizability checker (harness/include/interleave/harness/linearizability.hpp)
// on queue histories of 10, 20 and 40 operations: one producer pushing n/2 values, two
// consumers popping them alternately. "explained" finds a linearization; "unexplained" has one
// pop return a value nobody pushed, so the search must exhaust every configuration.
#include <benchmark/benchmark.h>

#include <deque>
#include <optional>
#include <vector>

#include <interleave/harness/linearizability.hpp>

#include "verify.hpp"

namespace {

struct Queue {
  std::deque<int> items;
  friend bool operator==(const Queue&, const Queue&) = default;
};
struct QueueOp {
  bool push;
  int value;
  bool apply(Queue& q) const {
    if (push) {
      q.items.push_back(value);
      return true;
    }
    if (q.items.empty() || q.items.front() != value) return false;
    q.items.pop_front();
    return true;
  }
};

std::vector<std::vector<QueueOp>> history(int operations, bool explained) {
  std::vector<std::vector<QueueOp>> h(3);
  for (int i = 0; i < operations / 2; ++i) h[0].push_back({true, i});
  for (int i = 0; i < operations / 2; ++i) h[1 + i % 2].push_back({false, i});
  if (!explained) h[2].back().value = -1;
  return h;
}

void check(benchmark::State& state, bool explained) {
  const auto h = history(static_cast<int>(state.range(0)), explained);
  for (auto _ : state) {
    const bool ok = interleave::harness::linearizable(Queue{}, h);
    if (ok != explained) {
      interleave_bench::fail(state, "wrong verdict");
      break;
    }
    benchmark::DoNotOptimize(ok);
  }
  state.counters["operations"] = static_cast<double>(state.range(0));
}

void explained(benchmark::State& s) { check(s, true); }
void unexplained(benchmark::State& s) { check(s, false); }

BENCHMARK(explained)
    ->Name("linearizability/explained")
    ->Arg(10)
    ->Arg(20)
    ->Arg(40)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(unexplained)
    ->Name("linearizability/unexplained")
    ->Arg(10)
    ->Arg(20)
    ->Arg(40)
    ->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) { return interleave_bench::run_checked(argc, argv); }
