// interleave::mpsc::sync_channel(n), n > 0 (the bounded flavor) on the real backend: never more
// than n buffered, try_send's Full, back-pressure on send, a sender blocked on a full buffer
// woken by the receiver (with room, or with an error when the receiver goes), buffered values
// destroyed exactly once, throwing moves.
#include <interleave/mpsc.hpp>  // first: the header must compile on its own

#include <atomic>
#include <cstddef>
#include <expected>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "mpsc_test_support.hpp"

namespace mpsc_bounded_test {

using namespace mpsc_test;
using interleave::mpsc::SendError;
using interleave::mpsc::sync_channel;
using interleave::mpsc::TryRecvError;
using interleave::mpsc::TrySendError;

TEST(MpscBounded, try_send_accepts_exactly_capacity_values_then_reports_full) {
  for (std::size_t capacity : {1u, 2u, 7u}) {
    auto [tx, rx] = sync_channel<int>(capacity);
    for (std::size_t i = 0; i < capacity; ++i) ASSERT_TRUE(tx.try_send(int(i)).has_value());
    auto refused = tx.try_send(99);
    ASSERT_FALSE(refused.has_value());
    EXPECT_TRUE(refused.error().is_full());
    EXPECT_FALSE(refused.error().is_disconnected());
    EXPECT_EQ(std::move(refused.error()).into_inner(), 99);
    EXPECT_EQ(*rx.recv(), 0);
    EXPECT_TRUE(tx.try_send(100).has_value());  // one taken, one room
    EXPECT_FALSE(tx.try_send(101).has_value());
  }
}

TEST(MpscBounded, try_send_reports_disconnected_and_hands_the_value_back) {
  auto [tx, rx] = sync_channel<std::unique_ptr<int>>(2);
  { auto gone = std::move(rx); }
  auto refused = tx.try_send(std::make_unique<int>(4));
  ASSERT_FALSE(refused.has_value());
  EXPECT_TRUE(refused.error().is_disconnected());
  EXPECT_FALSE(refused.error().is_full());
  ASSERT_NE(refused.error().get_ref(), nullptr);
  EXPECT_EQ(*std::move(refused.error()).into_inner(), 4);
}

TEST(MpscBounded, disconnected_wins_over_full) {
  auto [tx, rx] = sync_channel<int>(1);
  ASSERT_TRUE(tx.try_send(1).has_value());
  { auto gone = std::move(rx); }
  EXPECT_TRUE(tx.try_send(2).error().is_disconnected());
}

TEST(MpscBounded, the_ring_keeps_order_as_it_wraps_around) {
  auto [tx, rx] = sync_channel<int>(3);
  int next_sent = 0, next_received = 0;
  for (int round = 0; round < 20; ++round) {
    for (int k = 0; k < 1 + round % 3; ++k) ASSERT_TRUE(tx.try_send(next_sent++).has_value());
    while (auto v = rx.try_recv()) EXPECT_EQ(*v, next_received++);
  }
  EXPECT_EQ(next_received, next_sent);
}

TEST(MpscBounded, send_blocks_while_full_and_resumes_when_the_receiver_takes_one) {
  observed::reset();
  auto [tx, rx] = sync_channel<int, observed_backend>(2);
  ASSERT_TRUE(tx.send(1).has_value());
  ASSERT_TRUE(tx.send(2).has_value());
  std::atomic<bool> returned{false};
  std::jthread sender([&tx, &returned] {
    EXPECT_TRUE(tx.send(3).has_value());
    returned = true;
  });
  ASSERT_TRUE(sleepers_reach(1));  // the third send sleeps: the buffer is full
  EXPECT_FALSE(returned.load());
  EXPECT_EQ(*rx.recv(), 1);  // makes room and wakes it
  sender.join();
  EXPECT_TRUE(returned.load());
  EXPECT_EQ(*rx.recv(), 2);
  EXPECT_EQ(*rx.recv(), 3);
}

TEST(MpscBounded, sender_blocked_on_a_full_buffer_wakes_with_its_value_when_the_receiver_drops) {
  observed::reset();
  Ledger ledger;
  auto [tx, rx] = sync_channel<Tracked, observed_backend>(1);
  ASSERT_TRUE(tx.send(Tracked(1, ledger)).has_value());
  std::optional<std::expected<void, SendError<Tracked>>> result;
  std::jthread sender([&tx, &result, &ledger] { result = tx.send(Tracked(2, ledger)); });
  ASSERT_TRUE(sleepers_reach(1));
  { auto gone = std::move(rx); }  // destroys value 1, wakes the sender
  sender.join();
  ASSERT_TRUE(result.has_value());
  ASSERT_FALSE(result->has_value());
  EXPECT_EQ(result->error().value.id(), 2);
  EXPECT_TRUE(result->error().value.live());
  EXPECT_EQ(ledger.destructions(1), 1);
  result.reset();
  EXPECT_EQ(ledger.destructions(2), 1);
  EXPECT_EQ(ledger.live(), 0);
}

TEST(MpscBounded, every_blocked_sender_wakes_with_its_own_value_when_the_receiver_drops) {
  observed::reset();
  auto [tx, rx] = sync_channel<int, observed_backend>(1);
  ASSERT_TRUE(tx.send(0).has_value());
  std::vector<std::optional<int>> handed_back(3);
  {
    std::vector<std::jthread> senders;
    for (int i = 0; i < 3; ++i) {
      senders.emplace_back([tx, i, &handed_back] {
        auto r = tx.send(i + 1);
        if (!r) handed_back[i] = r.error().value;
      });
    }
    ASSERT_TRUE(sleepers_reach(3));
    { auto gone = std::move(rx); }
  }
  for (int i = 0; i < 3; ++i) EXPECT_EQ(handed_back[i], i + 1);
}

TEST(MpscBounded, the_receiver_notifies_no_sender_when_none_waits) {
  observed::reset();
  auto [tx, rx] = sync_channel<int, observed_backend>(8);
  for (int round = 0; round < 10; ++round) {
    for (int i = 0; i < 8; ++i) ASSERT_TRUE(tx.try_send(i).has_value());
    for (int i = 0; i < 8; ++i) ASSERT_EQ(*rx.recv(), i);
  }
  EXPECT_EQ(observed::notifies.load(), 0);
}

TEST(MpscBounded, buffered_values_are_destroyed_exactly_once_when_the_receiver_drops) {
  Ledger ledger;
  {
    auto [tx, rx] = sync_channel<Tracked>(5);
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(tx.send(Tracked(i, ledger)).has_value());
    { auto v = rx.recv(); }
    ASSERT_TRUE(tx.send(Tracked(5, ledger)).has_value());  // wraps around the ring
    EXPECT_EQ(ledger.live(), 5);
    { auto gone = std::move(rx); }
    EXPECT_EQ(ledger.live(), 0);
  }
  for (int i = 0; i <= 5; ++i) EXPECT_EQ(ledger.destructions(i), 1) << "value " << i;
}

TEST(MpscBounded, a_throwing_move_in_send_leaves_the_channel_unchanged) {
  Fragile::reset();
  auto [tx, rx] = sync_channel<Fragile>(2);
  Fragile::fuse = 1;  // the argument is built in send's parameter; the move into the ring throws
  EXPECT_THROW((void)tx.send(Fragile(1)), MoveBomb);
  Fragile::fuse = 1;
  EXPECT_THROW((void)tx.try_send(Fragile(2)), MoveBomb);
  Fragile::fuse = 0;
  ASSERT_TRUE(tx.try_send(Fragile(3)).has_value());
  ASSERT_TRUE(tx.try_send(Fragile(4)).has_value());  // both slots were still free
  EXPECT_TRUE(tx.try_send(Fragile(5)).error().is_full());
  EXPECT_EQ(rx.recv()->value(), 3);
  EXPECT_EQ(rx.recv()->value(), 4);
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);
}

TEST(MpscBounded, a_throwing_move_in_recv_leaves_the_value_in_the_channel) {
  Fragile::reset();
  auto [tx, rx] = sync_channel<Fragile>(2);
  ASSERT_TRUE(tx.send(Fragile(1)).has_value());
  Fragile::fuse = 1;
  EXPECT_THROW((void)rx.recv(), MoveBomb);
  Fragile::fuse = 1;
  EXPECT_THROW((void)rx.try_recv(), MoveBomb);
  Fragile::fuse = 1;
  EXPECT_THROW((void)rx.recv_timeout(kNoHang), MoveBomb);
  EXPECT_EQ(rx.recv()->value(), 1);
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);
}

TEST(MpscBounded, each_send_moves_the_value_exactly_once) {
  Fragile::reset();
  auto [tx, rx] = sync_channel<Fragile>(2);
  ASSERT_TRUE(tx.send(Fragile(1)).has_value());
  ASSERT_TRUE(tx.try_send(Fragile(2)).has_value());
  EXPECT_EQ(Fragile::moves.load(), 2);
}

TEST(MpscBounded, each_receive_moves_the_value_exactly_once) {
  Fragile::reset();
  auto [tx, rx] = sync_channel<Fragile>(3);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(tx.send(Fragile(i)).has_value());
  Fragile::moves = 0;
  (void)rx.recv();
  (void)rx.try_recv();
  (void)rx.recv_timeout(kNoHang);
  EXPECT_EQ(Fragile::moves.load(), 3);
}

TEST(MpscBounded, a_sender_whose_move_throws_after_waking_passes_the_wake_up_on) {
  observed::reset();
  Fragile::reset();
  auto [tx, rx] = sync_channel<Fragile, observed_backend>(1);
  ASSERT_TRUE(tx.send(Fragile(0)).has_value());
  // Two senders wait for the one slot; whichever is woken first throws on the way in.
  std::atomic<int> threw{0}, sent{0};
  Fragile::fuse = 0;
  {
    std::vector<std::jthread> senders;
    for (int i = 1; i <= 2; ++i) {
      senders.emplace_back([tx, i, &threw, &sent] {
        try {
          if (tx.send(Fragile(i))) ++sent;
        } catch (const MoveBomb&) {
          ++threw;
        }
      });
    }
    ASSERT_TRUE(sleepers_reach(2));  // both moved their value into send and sleep
    Fragile::fuse = 2;  // recv moves 0 out (1); the first sender in moves into the ring (2)
    EXPECT_EQ(rx.recv()->value(), 0);
    // Without the hand-on, the second sender would sleep forever next to a free slot.
    auto v = rx.recv_timeout(kNoHang);
    ASSERT_TRUE(v.has_value());
    EXPECT_TRUE(v->value() == 1 || v->value() == 2);
  }
  EXPECT_EQ(threw.load(), 1);
  EXPECT_EQ(sent.load(), 1);
}

}  // namespace mpsc_bounded_test
