// bench/channels_main.cpp: interleave_bench_channels, the channel benchmarks of bench/README.md.
// Google Benchmark's usual flags apply (--benchmark_filter, --benchmark_min_time,
// --benchmark_repetitions, --benchmark_format=json --benchmark_out=FILE; scripts/bench uses
// the last two to print the README's ratio table). Exits 1 when any benchmark failed its
// verification (verify.hpp). With INTERLEAVE_BENCH_SELF_TEST=1 it also registers benchmarks
// that must fail (self-test/...), which the test bench_programs_verify_their_work runs.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string_view>

#include "channels_registry.hpp"
#include "verify.hpp"

int main(int argc, char** argv) {
  interleave_bench::register_throughput_benchmarks();
  interleave_bench::register_memory_benchmarks();
  if (const char* self_test = std::getenv("INTERLEAVE_BENCH_SELF_TEST");
      self_test != nullptr && std::string_view(self_test) == "1")
    interleave_bench::register_self_test_benchmarks();
  return interleave_bench::run_checked(argc, argv);
}
