// interleave::mpsc under real threads, every flavor: 4 producers x N messages (N from the
// environment variable INTERLEAVE_STRESS_MESSAGES, default 250000) must all arrive, once, in
// each producer's order; and a receiver that drops mid-stream (at a random point; seed from
// INTERLEAVE_STRESS_SEED, default random and printed) must leave every value accounted for:
// received, handed back in SendError, or destroyed inside the channel once the receiver began
// to leave, exactly one of those, never lost, never duplicated, per value and per producer
// (mpsc_fates.hpp says every rule).
//
// The receiver mixes recv, try_recv and recv_timeout, and producers on the bounded flavors mix
// try_send (falling back to send when Full) with send, so every path is exercised under
// contention. Nothing here asserts on timing.
#include <interleave/mpsc.hpp>  // first: the header must compile on its own

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <expected>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "interleave_test/type_names.hpp"
#include "mpsc_fates.hpp"
#include "mpsc_test_support.hpp"

namespace mpsc_stress_test {

using namespace mpsc_test;

constexpr std::uint32_t kProducers = 4;

// Per producer. A rendezvous message is a hand-off that parks and wakes a thread on each side
// (about 25 us here), so its flavor sends a quarter as many: still a quarter million hand-offs
// per test, in seconds rather than half a minute.
template <class Flavor>
std::uint32_t messages_per_producer() {
  if (const char* s = std::getenv("INTERLEAVE_STRESS_MESSAGES")) {
    const long n = std::strtol(s, nullptr, 10);
    if (n > 0) return static_cast<std::uint32_t>(n);
  }
  return Flavor::buffers ? 250000 : 62500;
}

std::uint64_t stress_seed() {
  if (const char* s = std::getenv("INTERLEAVE_STRESS_SEED")) return std::strtoull(s, nullptr, 10);
  return std::random_device{}();
}

template <class Flavor>
class MpscStress : public ::testing::Test {};

using Flavors = ::testing::Types<Unbounded, Bounded, Rendezvous>;
TYPED_TEST_SUITE(MpscStress, Flavors, interleave_test::TypeNames);

struct Msg {
  std::uint32_t producer;
  std::uint32_t seq;
};

// Sends one value: by send, or for the bounded flavors on odd sequence numbers by try_send,
// falling back to send when Full (not when Disconnected: that error is the answer).
template <class Tx, class T>
auto send_one(const Tx& tx, T value, std::uint32_t seq) -> decltype(tx.send(std::move(value))) {
  using Result = decltype(tx.send(std::move(value)));
  if constexpr (requires { tx.try_send(std::move(value)); }) {
    if (seq % 2 == 1) {
      auto r = tx.try_send(std::move(value));
      if (r) return {};
      if (r.error().is_disconnected()) {
        return Result(std::unexpect, std::move(r.error()).into_inner());
      }
      return tx.send(std::move(r.error()).into_inner());
    }
  }
  return tx.send(std::move(value));
}

// Receives one value by recv, try_recv (looping while Empty) or recv_timeout (looping while it
// times out), by turns; empty once the channel is disconnected.
template <class Rx>
auto receive_one(Rx& rx, std::uint64_t turn)
    -> std::optional<std::remove_cvref_t<decltype(*rx.recv())>> {
  switch (turn % 3) {
    case 0:
      if (auto v = rx.recv()) return std::move(*v);
      return std::nullopt;
    case 1:
      for (;;) {
        auto v = rx.try_recv();
        if (v) return std::move(*v);
        if (v.error() == interleave::mpsc::TryRecvError::Disconnected) return std::nullopt;
        std::this_thread::yield();
      }
    default:
      for (;;) {
        auto v = rx.recv_timeout(std::chrono::microseconds(200));
        if (v) return std::move(*v);
        if (v.error() == interleave::mpsc::RecvTimeoutError::Disconnected) return std::nullopt;
      }
  }
}

TYPED_TEST(MpscStress, four_producers_deliver_every_value_once_in_each_producers_order) {
  const std::uint32_t n = messages_per_producer<TypeParam>();
  auto [tx, rx] = TypeParam::template make<Msg>();
  std::vector<std::jthread> producers;
  for (std::uint32_t p = 0; p < kProducers; ++p) {
    producers.emplace_back([tx, p, n] {
      for (std::uint32_t i = 0; i < n; ++i) {
        if (!send_one(tx, Msg{p, i}, i)) {
          ADD_FAILURE() << "producer " << p << ": send " << i << " failed, the receiver lives";
          return;
        }
      }
    });
  }
  { auto gone = std::move(tx); }

  std::vector<std::uint32_t> next(kProducers, 0);
  std::uint64_t received = 0, out_of_order = 0;
  while (auto m = receive_one(rx, received)) {
    ASSERT_LT(m->producer, kProducers);
    if (m->seq != next[m->producer] && out_of_order++ == 0) {
      ADD_FAILURE() << "producer " << m->producer << ": expected " << next[m->producer] << ", got "
                    << m->seq;
    }
    next[m->producer] = m->seq + 1;
    ++received;
  }
  EXPECT_EQ(out_of_order, 0u);
  EXPECT_EQ(received, std::uint64_t(kProducers) * n);
  for (std::uint32_t p = 0; p < kProducers; ++p) EXPECT_EQ(next[p], n) << "producer " << p;
}

// Every value's fate goes into a FateLedger (mpsc_fates.hpp), which checks conservation
// exactly, per value and per producer: received, handed back, or destroyed inside the channel
// only after the receiver began to leave; never lost, never two of those.
TYPED_TEST(MpscStress, receiver_dropping_mid_stream_loses_and_duplicates_no_value) {
  const std::uint32_t n = messages_per_producer<TypeParam>();
  const std::uint64_t seed = stress_seed();
  std::mt19937_64 rng(seed);
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE("INTERLEAVE_STRESS_SEED=" + std::to_string(seed) + " round " +
                 std::to_string(round));
    FateLedger ledger(kProducers, n, TypeParam::buffers);
    const std::uint64_t stop_after =
        std::uniform_int_distribution<std::uint64_t>(0, std::uint64_t(kProducers) * n / 2)(rng);
    {
      auto [tx, rx] = TypeParam::template make<Token>();
      std::vector<std::jthread> producers;
      for (std::uint32_t p = 0; p < kProducers; ++p) {
        producers.emplace_back([tx, p, n, &ledger] {
          std::uint32_t failures = 0;
          for (std::uint32_t i = 0; i < n && failures < 2; ++i) {
            ledger.sending(p, i);
            auto r = send_one(tx, Token(p, i, ledger), i);
            if (r) {
              ledger.accepted(p, i);
              if (failures != 0) ADD_FAILURE() << "a send succeeded after the receiver went";
              continue;
            }
            Token back = std::move(r.error()).into_inner();
            EXPECT_EQ(back.producer(), p);
            EXPECT_EQ(back.seq(), i) << "SendError handed back another value";
            EXPECT_TRUE(back.settle(Fate::handed_back))
                << "SendError handed back a moved-from value";
            ++failures;  // one more try after the first failure: it must fail too
          }
        });
      }
      { auto gone = std::move(tx); }

      std::vector<std::uint32_t> next(kProducers, 0);
      for (std::uint64_t k = 0; k < stop_after; ++k) {
        auto m = receive_one(rx, k);
        if (!m) break;  // every producer finished first
        EXPECT_EQ(m->seq(), next[m->producer()]) << "producer " << m->producer() << " out of order";
        next[m->producer()] = m->seq() + 1;
        EXPECT_TRUE(m->settle(Fate::received)) << "received a moved-from value";
      }
      // Mid-stream: blocked senders must wake and fail; what is buffered is destroyed now.
      ledger.receiver_leaving();
      { auto gone = std::move(rx); }
      ledger.receiver_gone();
    }  // producers joined

    const auto problems = ledger.problems();
    EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
  }
}

}  // namespace mpsc_stress_test
