// bench/channels_memory.cpp: the memory scenario (bench/README.md, "Channels").
//
// The claim under test: a channel's steady-state memory grows with the number of values
// buffered, never with the number of messages sent. One thread sends M messages through an
// unbounded channel, or a bounded one of capacity 1024 (k is at most 1024, so no send waits),
// in lockstep batches of k (send k, receive those k, repeat), so at most k are buffered at any
// time, with the counting operator new of heap_counter.cpp on. Counters:
//   peak_heap_bytes   the largest number of heap bytes live at once, above what was live
//                     before the channel was made (the channel's own blocks included)
//   bytes_per_buffered  peak_heap_bytes / k
//   retained_bytes    heap bytes still held once all M messages are received (channel alive)
// For a channel that keeps its promise, all three are the same for M = 10^4 and M = 10^6.
// Reported for interleave, the textbook channel and Boost's sync_queue / sync_bounded_queue,
// whose allocations go through operator new; oneTBB and moodycamel allocate around it, so they
// are not reported. bench/rust_mpsc/main.rs measures Rust's std::sync::mpsc the same way.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "channel_adapters.hpp"
#include "channels_registry.hpp"
#include "heap_counter.hpp"
#include "verify.hpp"

namespace interleave_bench {
namespace {

template <channel_adapter A>
void memory(benchmark::State& state, std::size_t capacity) {
  const auto messages = static_cast<std::size_t>(state.range(0));
  const auto k = static_cast<std::size_t>(state.range(1));
  std::int64_t peak = 0;
  std::int64_t retained = 0;
  // One producer, whose sequence runs on over every iteration's fresh channel (verify.hpp):
  // every message must come back once, in order. The check also keeps every recv alive.
  sequence_check check(1);
  std::uint64_t seq = 0;
  for (auto _ : state) {
    heap_counter::scope counting;
    {
      auto channel = A::make(capacity);
      auto tx = A::sender_for(*channel);
      for (std::size_t sent = 0; sent < messages; sent += k) {
        const std::size_t n = std::min(k, messages - sent);
        for (std::size_t i = 0; i < n; ++i) A::send(tx, static_cast<msg>(tag(0, seq++)));
        for (std::size_t i = 0; i < n; ++i) check.see(A::recv(*channel));
      }
      retained = std::max(retained, heap_counter::live());
    }
    peak = std::max(peak, heap_counter::peak());
  }
  const auto problem = check.problem(static_cast<std::uint64_t>(state.iterations()) * messages);
  if (!problem.empty()) fail(state, problem);
  state.counters["peak_heap_bytes"] = static_cast<double>(peak);
  state.counters["bytes_per_buffered"] = static_cast<double>(peak) / static_cast<double>(k);
  state.counters["retained_bytes"] = static_cast<double>(retained);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(messages));
}

template <channel_adapter A>
void add(const char* flavor, std::size_t capacity) {
  const std::string name = std::string("memory/") + flavor + "/" + std::string(A::name);
  benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& s) { memory<A>(s, capacity); })
      ->ArgNames({"M", "k"})
      ->ArgsProduct({{10'000, 1'000'000}, {100, 1000}})
      ->Unit(benchmark::kMillisecond);
}

}  // namespace

void register_memory_benchmarks() {
  add<interleave_channel>("unbounded", unbounded);
  add<textbook_unbounded>("unbounded", unbounded);
  add<boost_sync_queue>("unbounded", unbounded);
  add<interleave_sync_channel>("bounded1024", bounded_capacity);
  add<textbook_bounded_channel>("bounded1024", bounded_capacity);
  add<boost_sync_bounded_queue>("bounded1024", bounded_capacity);
}

}  // namespace interleave_bench
