// interleave::mpsc::sync_channel(0) (the rendezvous flavor) on the real backend: send returns
// only after the receiver took the value, try_send succeeds only into a waiting receiver, a
// blocked sender gets its value back when the receiver goes, throwing moves lose nothing.
#include <interleave/mpsc.hpp>  // first: the header must compile on its own

#include <atomic>
#include <expected>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "mpsc_test_support.hpp"

namespace mpsc_rendezvous_test {

using namespace mpsc_test;
using interleave::mpsc::RecvError;
using interleave::mpsc::RecvTimeoutError;
using interleave::mpsc::SendError;
using interleave::mpsc::sync_channel;
using interleave::mpsc::TryRecvError;

TEST(MpscRendezvous, try_send_without_a_waiting_receiver_reports_full_and_hands_the_value_back) {
  auto [tx, rx] = sync_channel<std::unique_ptr<int>>(0);
  auto refused = tx.try_send(std::make_unique<int>(1));
  ASSERT_FALSE(refused.has_value());
  EXPECT_TRUE(refused.error().is_full());
  EXPECT_EQ(*std::move(refused.error()).into_inner(), 1);
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);  // nothing was left behind
}

TEST(MpscRendezvous, try_send_reports_disconnected_once_the_receiver_is_gone) {
  auto [tx, rx] = sync_channel<int>(0);
  { auto gone = std::move(rx); }
  auto refused = tx.try_send(3);
  ASSERT_FALSE(refused.has_value());
  EXPECT_TRUE(refused.error().is_disconnected());
  EXPECT_EQ(std::move(refused.error()).into_inner(), 3);
}

TEST(MpscRendezvous, try_send_hands_the_value_to_a_receiver_sleeping_in_recv) {
  observed::reset();
  auto [tx, rx] = sync_channel<int, observed_backend>(0);
  std::optional<int> got;
  std::jthread receiver([&rx, &got] { got = *rx.recv(); });
  ASSERT_TRUE(sleepers_reach(1));
  ASSERT_TRUE(try_send_into_sleeping_receiver(tx, 8));
  receiver.join();
  EXPECT_EQ(got, 8);
}

TEST(MpscRendezvous, a_value_handed_to_recv_timeout_is_received_not_lost) {
  observed::reset();
  auto [tx, rx] = sync_channel<int, observed_backend>(0);
  std::optional<std::expected<int, RecvTimeoutError>> got;
  std::jthread receiver([&rx, &got] { got = rx.recv_timeout(kNoHang); });
  ASSERT_TRUE(sleepers_reach(1));
  ASSERT_TRUE(try_send_into_sleeping_receiver(tx, 9));
  receiver.join();
  ASSERT_TRUE(got.has_value());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, 9);
}

TEST(MpscRendezvous, send_returns_only_after_the_receiver_took_the_value) {
  observed::reset();
  auto [tx, rx] = sync_channel<int, observed_backend>(0);
  std::atomic<bool> returned{false};
  std::jthread sender([&tx, &returned] {
    EXPECT_TRUE(tx.send(7).has_value());
    returned = true;
  });
  ASSERT_TRUE(sleepers_reach(1));  // the sender sleeps with its value offered
  EXPECT_FALSE(returned.load());
  EXPECT_EQ(*rx.try_recv(), 7);  // try_recv takes the value a blocked sender offers
  sender.join();
  EXPECT_TRUE(returned.load());
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);
}

TEST(MpscRendezvous, sender_blocked_on_a_rendezvous_wakes_with_its_value_when_the_receiver_drops) {
  observed::reset();
  Ledger ledger;
  auto [tx, rx] = sync_channel<Tracked, observed_backend>(0);
  std::optional<std::expected<void, SendError<Tracked>>> result;
  std::jthread sender([&tx, &result, &ledger] { result = tx.send(Tracked(1, ledger)); });
  ASSERT_TRUE(sleepers_reach(1));
  { auto gone = std::move(rx); }
  sender.join();
  ASSERT_TRUE(result.has_value());
  ASSERT_FALSE(result->has_value());
  EXPECT_EQ(result->error().value.id(), 1);
  EXPECT_TRUE(result->error().value.live());
  result.reset();
  EXPECT_EQ(ledger.destructions(1), 1);
  EXPECT_EQ(ledger.live(), 0);
}

TEST(MpscRendezvous, senders_waiting_for_the_slot_get_their_values_back_when_the_receiver_drops) {
  observed::reset();
  auto [tx, rx] = sync_channel<int, observed_backend>(0);
  std::vector<std::optional<int>> handed_back(3);
  {
    std::vector<std::jthread> senders;
    for (int i = 0; i < 3; ++i) {
      senders.emplace_back([tx, i, &handed_back] {
        auto r = tx.send(i + 1);
        if (!r) handed_back[i] = r.error().value;
      });
    }
    ASSERT_TRUE(sleepers_reach(3));  // each asleep with its offer queued
    { auto gone = std::move(rx); }
  }
  for (int i = 0; i < 3; ++i) EXPECT_EQ(handed_back[i], i + 1);
}

TEST(MpscRendezvous, several_senders_hand_over_one_value_each_in_turn) {
  auto [tx, rx] = sync_channel<int>(0);
  std::vector<std::atomic<int>> returned(4);
  {
    std::vector<std::jthread> senders;
    for (int i = 0; i < 4; ++i) {
      senders.emplace_back([tx, i, &returned] {
        for (int k = 0; k < 50; ++k) EXPECT_TRUE(tx.send(i * 100 + k).has_value());
        returned[i] = 1;
      });
    }
    { auto gone = std::move(tx); }
    std::vector<int> next(4, 0);
    int total = 0;
    for (int v : rx) {
      EXPECT_EQ(v % 100, next[v / 100]++);
      ++total;
    }
    EXPECT_EQ(total, 200);
  }
  for (auto& r : returned) EXPECT_EQ(r.load(), 1);
}

TEST(MpscRendezvous, recv_reports_disconnection_once_the_last_sender_has_handed_over) {
  auto [tx, rx] = sync_channel<int>(0);
  std::jthread sender([tx = std::move(tx)] { EXPECT_TRUE(tx.send(1).has_value()); });
  EXPECT_EQ(*rx.recv(), 1);
  sender.join();
  EXPECT_EQ(rx.recv().error(), RecvError{});
}

TEST(MpscRendezvous, a_throwing_move_in_send_leaves_the_channel_unchanged) {
  Fragile::reset();
  auto [tx, rx] = sync_channel<Fragile>(0);
  Fragile::fuse = 1;  // the argument is built in send's parameter; the move into the slot throws
  EXPECT_THROW((void)tx.send(Fragile(1)), MoveBomb);
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);
  std::jthread sender([&tx] { EXPECT_TRUE(tx.send(Fragile(2)).has_value()); });
  EXPECT_EQ(rx.recv()->value(), 2);
}

TEST(MpscRendezvous, a_throwing_move_in_recv_leaves_the_value_offered) {
  observed::reset();
  Fragile::reset();
  auto [tx, rx] = sync_channel<Fragile, observed_backend>(0);
  std::atomic<bool> returned{false};
  std::jthread sender([&tx, &returned] {
    EXPECT_TRUE(tx.send(Fragile(5)).has_value());
    returned = true;
  });
  ASSERT_TRUE(sleepers_reach(1));
  Fragile::fuse = 1;
  EXPECT_THROW((void)rx.try_recv(), MoveBomb);
  EXPECT_FALSE(returned.load());  // not received, so the sender still waits
  Fragile::moves = 0;
  EXPECT_EQ(rx.recv()->value(), 5);
  EXPECT_EQ(Fragile::moves.load(), 1);  // moved exactly once on the way out
  sender.join();
  EXPECT_TRUE(returned.load());
}

}  // namespace mpsc_rendezvous_test
