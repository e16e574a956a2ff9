// bench/channels_throughput.cpp: the throughput scenario (bench/README.md, "Channels").
//
// One driver, templated on the adapter (channel_adapters.hpp), so every peer runs the same
// code. Per benchmark run: make the channel, start `producers` threads (each with its own
// sender handle), then for each iteration of the timed loop release the producers (a
// generation counter) and receive `batch` messages on the benchmark's own thread (the single
// consumer); each producer sends batch / producers messages. The timed region is the release
// plus the whole transfer: it ends when the consumer has the last message. Real time. Every
// message is checked on arrival (verify.hpp): each producer's, once each, in order.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "channel_adapters.hpp"
#include "faulty_channel.hpp"
#include "channels_registry.hpp"
#include "verify.hpp"

namespace interleave_bench {
namespace {

template <channel_adapter A>
void throughput(benchmark::State& state, std::size_t capacity, int producers, std::size_t batch) {
  const std::size_t per_producer = batch / static_cast<std::size_t>(producers);
  const std::size_t total = per_producer * static_cast<std::size_t>(producers);
  auto channel = A::make(capacity);

  // Incremented by the consumer to release one batch; producers wait for it to change.
  std::atomic<std::uint64_t> generation{0};
  std::atomic<bool> stop{false};
  std::vector<std::jthread> threads;
  threads.reserve(static_cast<std::size_t>(producers));
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back([&, p, tx = A::sender_for(*channel)]() mutable {
      std::uint64_t seen = 0;
      std::uint64_t seq = 0;  // this producer's sequence, continued from batch to batch
      for (;;) {
        generation.wait(seen, std::memory_order::acquire);
        seen = generation.load(std::memory_order::acquire);
        if (stop.load(std::memory_order::acquire)) return;
        for (std::size_t i = 0; i < per_producer; ++i)
          A::send(tx, static_cast<msg>(tag(static_cast<std::uint64_t>(p), seq++)));
      }
    });
  }

  // Checks every message as it arrives (verify.hpp), which also keeps every recv alive.
  // Deliberately no benchmark::DoNotOptimize on the consumer's state: with GCC 12.2 -O2 and
  // benchmark 1.7.1 (whose DoNotOptimize is an asm with a "+m,r" operand), a checksum
  // guarded by it was read from the wrong stack slot (README.md, "Oddities").
  sequence_check check(static_cast<std::size_t>(producers));
  for (auto _ : state) {
    generation.fetch_add(1, std::memory_order::release);
    generation.notify_all();
    for (std::size_t i = 0; i < total; ++i) check.see(A::recv(*channel));
  }

  stop.store(true, std::memory_order::release);
  generation.fetch_add(1, std::memory_order::release);
  generation.notify_all();
  threads.clear();  // joins; the sender handles go with the threads, before the channel

  const auto problem = check.problem(static_cast<std::uint64_t>(state.iterations()) * per_producer);
  if (!problem.empty()) fail(state, problem);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(total));
}

// Messages per iteration. A rendezvous costs a hand-off (usually two context switches) per
// message, so its batch is smaller to keep one iteration in the tens of milliseconds.
constexpr std::size_t batch_queue = std::size_t{1} << 16;
constexpr std::size_t batch_rendezvous = std::size_t{1} << 12;

struct shape {
  const char* name;
  int producers;
};
constexpr shape shapes[] = {{"spsc", 1}, {"mpsc4", 4}};

template <channel_adapter A>
void add(shape sh, const char* flavor, std::size_t capacity, std::size_t batch) {
  const std::string name =
      std::string("throughput/") + sh.name + "/" + flavor + "/" + std::string(A::name);
  const int producers = sh.producers;
  benchmark::RegisterBenchmark(
      name.c_str(), [=](benchmark::State& s) { throughput<A>(s, capacity, producers, batch); })
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

}  // namespace

// Registered shape by shape, flavor by flavor, so the peers of one comparison run back to back.
void register_throughput_benchmarks() {
  for (const shape sh : shapes) {
    add<interleave_channel>(sh, "unbounded", unbounded, batch_queue);
    add<textbook_unbounded>(sh, "unbounded", unbounded, batch_queue);
    add<boost_sync_queue>(sh, "unbounded", unbounded, batch_queue);
    add<tbb_bounded_queue>(sh, "unbounded", unbounded, batch_queue);
    add<moodycamel_queue>(sh, "unbounded", unbounded, batch_queue);

    add<interleave_sync_channel>(sh, "bounded1024", bounded_capacity, batch_queue);
    add<textbook_bounded_channel>(sh, "bounded1024", bounded_capacity, batch_queue);
    add<boost_sync_bounded_queue>(sh, "bounded1024", bounded_capacity, batch_queue);
    add<tbb_bounded_queue>(sh, "bounded1024", bounded_capacity, batch_queue);

    add<interleave_sync_channel>(sh, "rendezvous", 0, batch_rendezvous);
    add<textbook_rendezvous_channel>(sh, "rendezvous", 0, batch_rendezvous);
    // No Boost (sync_bounded_queue(0) never accepts a value), no moodycamel (no blocking
    // bounded send), and no oneTBB: concurrent_bounded_queue with set_capacity(0) deadlocks
    // in oneTBB 2021.8 as soon as a push arrives before the pop (README.md, "Peers").
  }
}

// The self-test's broken peer, in the 4-producer shape (faulty_channel.hpp), and a benchmark
// that fails by SkipWithError directly, as any benchmark might, not through verify.hpp's fail():
// the program must exit 1 and name both.
void register_self_test_benchmarks() {
  add<loses_one_duplicates_one>(shapes[1], "self-test", unbounded, batch_queue);
  benchmark::RegisterBenchmark("self-test/skip-with-error", [](benchmark::State& s) {
    for (auto _ : s) {
    }
    s.SkipWithError("deliberate SkipWithError");
  });
}

}  // namespace interleave_bench
