// bench/channels_main.cpp: interleave_bench_channels, the channel benchmarks of bench/README.md.
// Google Benchmark's usual flags apply (--benchmark_filter, --benchmark_min_time,
// --benchmark_repetitions, --benchmark_format=json --benchmark_out=FILE; scripts/bench uses
// the last two to print the README's ratio table).
#include <benchmark/benchmark.h>

#include "channels_registry.hpp"

int main(int argc, char** argv) {
  interleave_bench::register_throughput_benchmarks();
  interleave_bench::register_memory_benchmarks();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
