// bench/channels_registry.hpp: the benchmark groups of interleave_bench_channels, registered
// from main (channels_main.cpp) in this order.
#pragma once

namespace interleave_bench {

void register_throughput_benchmarks();  // channels_throughput.cpp
void register_memory_benchmarks();      // channels_memory.cpp
// Only with INTERLEAVE_BENCH_SELF_TEST=1: benchmarks that must fail (channels_throughput.cpp).
void register_self_test_benchmarks();

}  // namespace interleave_bench
