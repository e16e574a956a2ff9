// Arc against std::shared_ptr, measured in the same run (bench/README.md, "Arc").
//
// clone_drop   copy the handle and drop the copy: one increment and one decrement
// deref        read the value through the handle
// Each uncontended (1 thread) and contended (2 threads sharing one object, each cloning and
// dropping its own copies, so the count's cache line moves between cores). The bar of issue 4:
// Arc's time per operation no more than 1.05x shared_ptr's, shape by shape.
#include <benchmark/benchmark.h>

#include <memory>

#include <interleave/arc.hpp>

#include "verify.hpp"

namespace {

struct arc_family {
  using handle = interleave::Arc<long>;
  static handle make(long v) { return interleave::make_arc<long>(v); }
};
struct shared_ptr_family {
  using handle = std::shared_ptr<long>;
  static handle make(long v) { return std::make_shared<long>(v); }
};

template <class F>
typename F::handle& shared_object() {
  static typename F::handle h = F::make(42);
  return h;
}

template <class F>
void clone_drop(benchmark::State& state) {
  const typename F::handle& shared = shared_object<F>();
  for (auto _ : state) {
    typename F::handle copy = shared;
    benchmark::DoNotOptimize(copy);
  }
  state.SetItemsProcessed(state.iterations());
}

template <class F>
void deref(benchmark::State& state) {
  const typename F::handle& shared = shared_object<F>();
  long sum = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(shared);
    sum += *shared;
  }
  benchmark::DoNotOptimize(sum);
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(clone_drop<arc_family>)
    ->Name("arc/clone_drop/interleave_arc")
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();
BENCHMARK(clone_drop<shared_ptr_family>)
    ->Name("arc/clone_drop/std_shared_ptr")
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();
BENCHMARK(deref<arc_family>)
    ->Name("arc/deref/interleave_arc")
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();
BENCHMARK(deref<shared_ptr_family>)
    ->Name("arc/deref/std_shared_ptr")
    ->Threads(1)
    ->Threads(2)
    ->UseRealTime();

}  // namespace

int main(int argc, char** argv) { return interleave_bench::run_checked(argc, argv); }
