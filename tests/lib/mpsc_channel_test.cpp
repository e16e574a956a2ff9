// interleave::mpsc, every flavor (unbounded, bounded(4), rendezvous) held to the same contract
// on the real backend: order, disconnection both ways, clones, move-only values, iteration,
// the three receive operations. Flavor-specific behaviour (blocking, Full, batching) is in
// mpsc_{unbounded,bounded,rendezvous}_test.cpp.
//
// Values are sent from a producer thread wherever a rendezvous send would otherwise block the
// test. Helper threads are std::jthread, so a failed ASSERT that leaves early joins them. No
// test asserts on how long anything took.
#include <interleave/mpsc.hpp>  // first: the header must compile on its own

#include <algorithm>
#include <array>
#include <chrono>
#include <expected>
#include <latch>
#include <memory>
#include <optional>
#include <ranges>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "interleave_test/type_names.hpp"
#include "mpsc_test_support.hpp"

namespace mpsc_channel_test {

using namespace mpsc_test;
using interleave::mpsc::RecvError;
using interleave::mpsc::RecvTimeoutError;
using interleave::mpsc::TryRecvError;

template <class Flavor>
class MpscChannel : public ::testing::Test {};

using Flavors = ::testing::Types<Unbounded, Bounded, Rendezvous>;
TYPED_TEST_SUITE(MpscChannel, Flavors, interleave_test::TypeNames);

// Sends `values` from a new thread, then drops that thread's sender.
template <class Tx>
std::jthread produce(Tx tx, std::vector<int> values) {
  return std::jthread([tx = std::move(tx), values = std::move(values)]() mutable {
    for (int v : values) EXPECT_TRUE(tx.send(v).has_value());
    Tx gone = std::move(tx);  // dropped here, on the producer's thread
  });
}

std::vector<int> up_to(int n) {
  std::vector<int> v;
  for (int i = 1; i <= n; ++i) v.push_back(i);
  return v;
}

TYPED_TEST(MpscChannel, one_senders_values_arrive_in_the_order_sent) {
  auto [tx, rx] = TypeParam::template make<int>();
  auto producer = produce(std::move(tx), up_to(100));
  for (int expected = 1; expected <= 100; ++expected) {
    auto v = rx.recv();
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(*v, expected);
  }
}

TYPED_TEST(MpscChannel, recv_drains_every_value_before_reporting_disconnection) {
  observed::reset();
  auto [tx, rx] = TypeParam::template make<int, observed_backend>();
  std::vector<int> got;
  if constexpr (TypeParam::buffers) {
    produce(std::move(tx), up_to(4)).join();  // every sender is gone before the first receive
    while (auto v = rx.try_recv()) got.push_back(*v);
  } else {
    // A rendezvous channel holds a value only when try_send handed it to a receiver already
    // asleep in recv; that sender may leave at once, and its value still comes first.
    std::jthread receiver([&rx, &got] { got.push_back(*rx.recv()); });
    ASSERT_TRUE(sleepers_reach(1));
    ASSERT_TRUE(try_send_into_sleeping_receiver(tx, 1));
    { auto gone = std::move(tx); }
    receiver.join();
    while (auto v = rx.try_recv()) got.push_back(*v);
  }
  EXPECT_EQ(got, up_to(TypeParam::buffers ? 4 : 1));
  EXPECT_EQ(rx.recv().error(), RecvError{});
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Disconnected);
  EXPECT_EQ(rx.recv_timeout(1ms).error(), RecvTimeoutError::Disconnected);
}

TYPED_TEST(MpscChannel, values_sent_before_the_last_sender_drops_all_arrive_then_recv_error) {
  auto [tx, rx] = TypeParam::template make<int>();
  auto producer = produce(std::move(tx), up_to(50));
  std::vector<int> got;
  while (auto v = rx.recv()) got.push_back(*v);
  EXPECT_EQ(got, up_to(50));
  EXPECT_FALSE(rx.recv().has_value());
}

TYPED_TEST(MpscChannel, receiver_drop_returns_value_to_sender) {
  auto [tx, rx] = TypeParam::template make<std::unique_ptr<int>>();
  { auto gone = std::move(rx); }
  auto r = tx.send(std::make_unique<int>(7));
  ASSERT_FALSE(r.has_value());
  ASSERT_NE(r.error().value, nullptr);
  EXPECT_EQ(*std::move(r.error()).into_inner(), 7);
}

TYPED_TEST(MpscChannel, try_recv_reports_empty_while_a_sender_lives) {
  auto [tx, rx] = TypeParam::template make<int>();
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);
}

TYPED_TEST(MpscChannel, try_recv_reports_disconnected_once_every_sender_is_gone) {
  auto [tx, rx] = TypeParam::template make<int>();
  { auto gone = std::move(tx); }
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Disconnected);
}

TYPED_TEST(MpscChannel, recv_timeout_times_out_when_nothing_comes) {
  auto [tx, rx] = TypeParam::template make<int>();
  EXPECT_EQ(rx.recv_timeout(10ms).error(), RecvTimeoutError::Timeout);
  EXPECT_EQ(rx.recv_timeout(0ms).error(), RecvTimeoutError::Timeout);
  EXPECT_EQ(rx.recv_timeout(-5ms).error(), RecvTimeoutError::Timeout);
}

TYPED_TEST(MpscChannel, recv_timeout_returns_a_value_sent_while_it_waits) {
  auto [tx, rx] = TypeParam::template make<int>();
  auto producer = produce(std::move(tx), {42});
  auto v = rx.recv_timeout(kNoHang);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v, 42);
}

TYPED_TEST(MpscChannel, recv_timeout_reports_disconnection_instead_of_waiting_out_the_timeout) {
  auto [tx, rx] = TypeParam::template make<int>();
  std::jthread dropper([tx = std::move(tx)]() mutable { auto gone = std::move(tx); });
  // Would take kNoHang (and fail) if the last sender's drop did not wake the receiver.
  EXPECT_EQ(rx.recv_timeout(kNoHang).error(), RecvTimeoutError::Disconnected);
}

TYPED_TEST(MpscChannel, recv_timeout_accepts_any_duration_type) {
  auto [tx, rx] = TypeParam::template make<int>();
  EXPECT_EQ(rx.recv_timeout(std::chrono::duration<double, std::milli>(1.5)).error(),
            RecvTimeoutError::Timeout);
  auto producer = produce(std::move(tx), {1});
  // Far beyond what steady_clock::now() + d can represent: capped, not overflowed.
  auto v = rx.recv_timeout(std::chrono::hours::max());
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(*v, 1);
}

TYPED_TEST(MpscChannel, sender_drop_wakes_a_receiver_blocked_in_recv) {
  observed::reset();
  auto [tx, rx] = TypeParam::template make<int, observed_backend>();
  std::optional<std::expected<int, RecvError>> result;
  std::jthread receiver([&rx, &result] { result = rx.recv(); });
  ASSERT_TRUE(sleepers_reach(1));  // the receiver sleeps inside recv
  { auto gone = std::move(tx); }
  receiver.join();
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->has_value());
}

TYPED_TEST(MpscChannel, a_clone_keeps_the_channel_connected_after_the_original_drops) {
  auto [tx, rx] = TypeParam::template make<int>();
  auto clone = tx.clone();
  { auto gone = std::move(tx); }
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);
  auto producer = produce(std::move(clone), {5});
  EXPECT_EQ(*rx.recv(), 5);
  EXPECT_FALSE(rx.recv().has_value());
}

TYPED_TEST(MpscChannel, copies_and_assignments_count_as_senders) {
  auto [tx, rx] = TypeParam::template make<int>();
  using Tx = decltype(tx);
  auto other = TypeParam::template make<int>();
  Tx copy = tx;                // copy construction: a clone
  Tx assigned = other.first;   // a sender of the other channel...
  assigned = copy;             // ...reassigned: drops that one, clones this one
  Tx moved = std::move(copy);  // a move is not a new sender
  { auto gone = std::move(tx); }
  { auto gone = std::move(moved); }
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);  // `assigned` still connects it
  { auto gone = std::move(assigned); }
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Disconnected);
  // The other channel lost `assigned` but still has other.first.
  EXPECT_EQ(other.second.try_recv().error(), TryRecvError::Empty);
}

TYPED_TEST(MpscChannel, self_assignment_keeps_the_sender) {
  auto [tx, rx] = TypeParam::template make<int>();
  auto& alias = tx;
  tx = alias;
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);
}

TYPED_TEST(MpscChannel, many_senders_each_keep_their_own_order) {
  auto [tx, rx] = TypeParam::template make<int>();
  std::vector<std::jthread> producers;
  for (int p = 0; p < 3; ++p) {
    std::vector<int> values;
    for (int i = 0; i < 200; ++i) values.push_back(p * 1000 + i);
    producers.push_back(produce(tx, std::move(values)));
  }
  { auto gone = std::move(tx); }
  std::vector<int> next(3, 0);
  int total = 0;
  for (int v : rx) {
    const int p = v / 1000;
    ASSERT_GE(p, 0);
    ASSERT_LT(p, 3);
    EXPECT_EQ(v % 1000, next[p]) << "producer " << p << " out of order";
    next[p] = v % 1000 + 1;
    ++total;
  }
  EXPECT_EQ(total, 600);
}

TYPED_TEST(MpscChannel, move_only_values_travel_through_the_channel) {
  auto [tx, rx] = TypeParam::template make<std::unique_ptr<int>>();
  std::jthread producer([tx = std::move(tx)] {
    for (int i = 0; i < 10; ++i) EXPECT_TRUE(tx.send(std::make_unique<int>(i)).has_value());
  });
  int expected = 0;
  for (std::unique_ptr<int> p : rx) {  // range-for moves each value out
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(*p, expected++);
  }
  EXPECT_EQ(expected, 10);
}

TYPED_TEST(MpscChannel, range_for_yields_until_disconnected) {
  auto [tx, rx] = TypeParam::template make<int>();
  auto producer = produce(std::move(tx), up_to(20));
  std::vector<int> got;
  for (int v : rx) got.push_back(v);
  EXPECT_EQ(got, up_to(20));
}

TYPED_TEST(MpscChannel, iter_yields_until_disconnected) {
  auto [tx, rx] = TypeParam::template make<int>();
  auto producer = produce(std::move(tx), up_to(20));
  std::vector<int> got;
  for (auto&& v : rx.iter()) got.push_back(v);
  EXPECT_EQ(got, up_to(20));
}

TYPED_TEST(MpscChannel, iter_through_take_receives_exactly_the_values_it_yields) {
  auto [tx, rx] = TypeParam::template make<int>();
  auto producer = produce(std::move(tx), up_to(6));
  std::vector<int> first;
  for (int v : rx.iter() | std::views::take(2)) first.push_back(v);
  EXPECT_EQ(first, (std::vector<int>{1, 2}));
  std::vector<int> rest;
  for (int v : rx) rest.push_back(v);  // nothing was received and dropped by take
  EXPECT_EQ(rest, (std::vector<int>{3, 4, 5, 6}));
}

TYPED_TEST(MpscChannel, try_iter_yields_nothing_from_an_empty_channel) {
  auto [tx, rx] = TypeParam::template make<int>();
  int n = 0;
  for ([[maybe_unused]] int v : rx.try_iter()) ++n;
  EXPECT_EQ(n, 0);
}

TYPED_TEST(MpscChannel, receiver_can_be_moved_to_another_thread) {
  auto [tx, rx] = TypeParam::template make<int>();
  std::optional<int> got;
  std::jthread consumer([rx = std::move(rx), &got]() mutable { got = *rx.recv(); });
  EXPECT_TRUE(tx.send(3).has_value());
  consumer.join();
  EXPECT_EQ(got, 3);
}

TYPED_TEST(MpscChannel, moved_into_receiver_replaces_and_drops_the_old_one) {
  auto [tx1, rx1] = TypeParam::template make<int>();
  auto [tx2, rx2] = TypeParam::template make<int>();
  rx1 = std::move(rx2);  // the receiver of channel 1 is dropped
  EXPECT_FALSE(tx1.send(1).has_value());
  EXPECT_EQ(rx1.try_recv().error(), TryRecvError::Empty);  // now channel 2's receiver
  { auto gone = std::move(tx2); }
  EXPECT_EQ(rx1.try_recv().error(), TryRecvError::Disconnected);
}

// Three handles: a sender moved to another thread, its clone, and the receiver, with values
// still buffered (in the flavors that buffer). Dropped in every order, the thread's sender on
// its own thread, and then all three at once on three threads: the channel (counted by
// counting_backend) is not freed while any handle is held, is freed once the last one goes,
// and every buffered value is destroyed exactly once.
TYPED_TEST(MpscChannel, handles_may_be_dropped_in_any_order_on_any_thread) {
  constexpr int kBuffered = TypeParam::buffers ? 3 : 0;
  using Channel = decltype(TypeParam::template make<Tracked, counting_backend>());
  using Tx = typename Channel::first_type;
  using Rx = typename Channel::second_type;
  const long blocks_before = counted::live_blocks;
  const auto check_everything_released = [&](const Ledger& ledger) {
    EXPECT_EQ(counted::live_blocks, blocks_before) << "the channel was not freed";
    EXPECT_EQ(ledger.live(), 0) << "buffered values leaked";
    for (int i = 0; i < kBuffered; ++i) EXPECT_EQ(ledger.destructions(i), 1) << "value " << i;
  };

  // 0: the sender on another thread, 1: its clone, 2: the receiver.
  std::array<int, 3> order = {0, 1, 2};
  do {
    SCOPED_TRACE("drop order " + std::to_string(order[0]) + std::to_string(order[1]) +
                 std::to_string(order[2]));
    Ledger ledger;
    {
      auto [tx, rx] = TypeParam::template make<Tracked, counting_backend>();
      for (int i = 0; i < kBuffered; ++i) ASSERT_TRUE(tx.send(Tracked(i, ledger)).has_value());
      std::optional<Tx> clone(tx), sender(std::move(tx));
      std::optional<Rx> receiver(std::move(rx));
      for (int which : order) {
        EXPECT_GT(counted::live_blocks, blocks_before) << "freed while a handle is held";
        if (which == 0) {
          std::jthread([s = std::move(*sender)]() mutable { auto gone = std::move(s); }).join();
          sender.reset();
        } else if (which == 1) {
          clone.reset();
        } else {
          receiver.reset();
        }
      }
    }
    check_everything_released(ledger);
  } while (std::next_permutation(order.begin(), order.end()));

  for (int round = 0; round < 200; ++round) {
    SCOPED_TRACE("all at once, round " + std::to_string(round));
    Ledger ledger;
    {
      auto [tx, rx] = TypeParam::template make<Tracked, counting_backend>();
      for (int i = 0; i < kBuffered; ++i) ASSERT_TRUE(tx.send(Tracked(i, ledger)).has_value());
      Tx clone = tx;
      std::latch go(3);
      std::jthread a([&go, h = std::move(tx)]() mutable {
        go.arrive_and_wait();
        auto gone = std::move(h);
      });
      std::jthread b([&go, h = std::move(clone)]() mutable {
        go.arrive_and_wait();
        auto gone = std::move(h);
      });
      std::jthread c([&go, h = std::move(rx)]() mutable {
        go.arrive_and_wait();
        auto gone = std::move(h);
      });
    }
    check_everything_released(ledger);
  }
}

}  // namespace mpsc_channel_test
