// interleave::mpsc::channel (the unbounded flavor) on the real backend: sends never block, no
// lock is taken while values are there, senders notify only a sleeping receiver, buffered
// values are destroyed exactly once, and throwing moves lose and duplicate nothing.
#include <interleave/mpsc.hpp>  // first: the header must compile on its own

#include <expected>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "mpsc_test_support.hpp"

namespace mpsc_unbounded_test {

using namespace mpsc_test;
using interleave::mpsc::channel;
using interleave::mpsc::Receiver;
using interleave::mpsc::Sender;
using interleave::mpsc::TryRecvError;

TEST(MpscUnbounded, send_never_blocks_however_much_is_buffered) {
  auto [tx, rx] = channel<int>();
  for (int i = 0; i < 100000; ++i) ASSERT_TRUE(tx.send(i).has_value());
  for (int i = 0; i < 100000; ++i) ASSERT_EQ(*rx.try_recv(), i);
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);
}

TEST(MpscUnbounded, send_is_callable_on_a_const_sender) {
  auto [tx, rx] = channel<int>();
  const Sender<int>& ctx = tx;
  auto send_from_lambda = [ctx] { return ctx.send(9); };  // captured by value: a const copy
  EXPECT_TRUE(send_from_lambda().has_value());
  EXPECT_EQ(*rx.recv(), 9);
}

TEST(MpscUnbounded, neither_side_locks_while_values_are_there) {
  observed::reset();
  auto [tx, rx] = channel<int, observed_backend>();
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(tx.send(i).has_value());
  for (int i = 0; i < 100; ++i) ASSERT_EQ(*rx.recv(), i);
  EXPECT_EQ(observed::locks.load(), 0);
}

TEST(MpscUnbounded, values_sent_while_the_receiver_works_through_a_backlog_come_after_it) {
  auto [tx, rx] = channel<int>();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(tx.send(i).has_value());
  EXPECT_EQ(*rx.recv(), 0);  // 1 and 2 are still buffered
  ASSERT_TRUE(tx.send(3).has_value());
  ASSERT_TRUE(tx.send(4).has_value());
  std::vector<int> rest;
  for (int v : rx.try_iter()) rest.push_back(v);
  EXPECT_EQ(rest, (std::vector<int>{1, 2, 3, 4}));
}

TEST(MpscUnbounded, send_does_not_notify_when_the_receiver_is_not_sleeping) {
  observed::reset();
  auto [tx, rx] = channel<int, observed_backend>();
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(tx.send(i).has_value());
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(rx.try_recv().has_value());
  EXPECT_EQ(observed::notifies.load(), 0);
}

TEST(MpscUnbounded, send_wakes_a_receiver_sleeping_in_recv) {
  observed::reset();
  auto [tx, rx] = channel<int, observed_backend>();
  std::optional<int> got;
  std::jthread receiver([&rx, &got] { got = *rx.recv(); });
  ASSERT_TRUE(sleepers_reach(1));
  ASSERT_TRUE(tx.send(11).has_value());
  receiver.join();
  EXPECT_EQ(got, 11);
  EXPECT_EQ(observed::notifies.load(), 1);
}

TEST(MpscUnbounded, try_iter_yields_what_is_buffered_now_and_stops) {
  auto [tx, rx] = channel<int>();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(tx.send(i).has_value());
  std::vector<int> got;
  for (int v : rx.try_iter()) got.push_back(v);
  EXPECT_EQ(got, (std::vector<int>{0, 1, 2, 3, 4}));
  ASSERT_TRUE(tx.send(5).has_value());  // the channel is still connected: more may come
  EXPECT_EQ(*rx.try_recv(), 5);
}

TEST(MpscUnbounded, buffered_values_are_destroyed_exactly_once_when_the_receiver_drops) {
  Ledger ledger;
  {
    auto [tx, rx] = channel<Tracked>();
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(tx.send(Tracked(i, ledger)).has_value());
    {
      auto first = rx.recv();  // moves 0 out; 1..9 stay buffered
      ASSERT_TRUE(first.has_value());
      EXPECT_EQ(first->id(), 0);
    }
    for (int i = 10; i < 20; ++i) ASSERT_TRUE(tx.send(Tracked(i, ledger)).has_value());
    EXPECT_EQ(ledger.live(), 19);
    { auto gone = std::move(rx); }  // destroys everything still buffered (1..19)
    EXPECT_EQ(ledger.live(), 0);
    auto refused = tx.send(Tracked(20, ledger));  // comes back, still alive
    ASSERT_FALSE(refused.has_value());
    EXPECT_TRUE(refused.error().value.live());
    EXPECT_EQ(ledger.live(), 1);
  }
  EXPECT_EQ(ledger.live(), 0);
  for (int i = 0; i <= 20; ++i) EXPECT_EQ(ledger.destructions(i), 1) << "value " << i;
}

TEST(MpscUnbounded, buffered_values_are_destroyed_exactly_once_when_the_last_handle_is_a_sender) {
  Ledger ledger;
  {
    auto [tx, rx] = channel<Tracked>();
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(tx.send(Tracked(i, ledger)).has_value());
    { auto gone = std::move(rx); }
    EXPECT_EQ(ledger.live(), 0);
  }
  for (int i = 0; i < 5; ++i) EXPECT_EQ(ledger.destructions(i), 1) << "value " << i;
}

// A value owning a sender of its own channel: the receiver's drop destroys it, which drops that
// sender, which takes the channel's lock (and, being the last handle, frees the channel). That
// only works if buffered values are destroyed outside the lock and after the last use of it.
// (A deadlock here hangs the test until CTest's timeout fails it.)
struct Letter;
using LetterSender = Sender<Letter, counting_backend>;
struct Letter {
  std::optional<LetterSender> reply_to;
  Tracked seal;  // tells the ledger when the letter is destroyed
};

TEST(MpscUnbounded, a_value_holding_a_sender_of_its_own_channel_is_destroyed_without_deadlock) {
  Ledger ledger;
  const long blocks_before = counted::live_blocks;
  {
    auto [tx, rx] = channel<Letter, counting_backend>();
    ASSERT_TRUE(tx.send(Letter{tx, Tracked(1, ledger)}).has_value());
    { auto gone = std::move(tx); }           // the only sender left is inside the buffered letter
    EXPECT_TRUE(rx.try_recv().has_value());  // received, then destroyed with its sender
    EXPECT_EQ(ledger.destructions(1), 1);
    EXPECT_EQ(rx.try_recv().error(), TryRecvError::Disconnected);
    EXPECT_GT(counted::live_blocks, blocks_before) << "freed while the receiver holds it";
  }
  EXPECT_EQ(counted::live_blocks, blocks_before) << "the first channel was not freed";

  auto [tx2, rx2] = channel<Letter, counting_backend>();
  ASSERT_TRUE(tx2.send(Letter{tx2, Tracked(2, ledger)}).has_value());
  { auto gone = std::move(tx2); }
  EXPECT_EQ(ledger.destructions(2), 0);
  { auto gone = std::move(rx2); }  // destroys the letter: its sender is the last handle
  EXPECT_EQ(ledger.destructions(2), 1) << "the receiver's drop must destroy the buffered letter";
  EXPECT_EQ(ledger.live(), 0);
  EXPECT_EQ(counted::live_blocks, blocks_before)
      << "the letter's sender was the last handle: dropping it must free the channel";
}

TEST(MpscUnbounded, a_throwing_move_in_send_leaves_the_channel_unchanged) {
  Fragile::reset();
  auto [tx, rx] = channel<Fragile>();
  ASSERT_TRUE(tx.send(Fragile(1)).has_value());
  Fragile::fuse = 1;  // the argument is built in send's parameter; the move into the queue throws
  EXPECT_THROW((void)tx.send(Fragile(2)), MoveBomb);
  Fragile::fuse = 0;
  ASSERT_TRUE(tx.send(Fragile(3)).has_value());
  std::vector<int> got;
  for (auto&& f : rx.try_iter()) got.push_back(Fragile(std::move(f)).value());
  EXPECT_EQ(got, (std::vector<int>{1, 3}));  // 2 was not delivered, nothing duplicated
}

TEST(MpscUnbounded, a_throwing_move_in_recv_leaves_the_value_in_the_channel) {
  Fragile::reset();
  auto [tx, rx] = channel<Fragile>();
  ASSERT_TRUE(tx.send(Fragile(1)).has_value());
  ASSERT_TRUE(tx.send(Fragile(2)).has_value());
  Fragile::fuse = 1;
  EXPECT_THROW((void)rx.recv(), MoveBomb);  // value 1's slot keeps it
  auto first = rx.recv();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->value(), 1);
  Fragile::fuse = 1;
  EXPECT_THROW((void)rx.try_recv(), MoveBomb);  // value 2's slot keeps it
  auto second = rx.try_recv();
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->value(), 2);
  EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);
}

TEST(MpscUnbounded, each_send_moves_the_value_exactly_once) {
  Fragile::reset();
  auto [tx, rx] = channel<Fragile>();
  ASSERT_TRUE(tx.send(Fragile(1)).has_value());
  EXPECT_EQ(Fragile::moves.load(), 1);
}

TEST(MpscUnbounded, each_receive_moves_the_value_exactly_once) {
  Fragile::reset();
  auto [tx, rx] = channel<Fragile>();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(tx.send(Fragile(i)).has_value());
  Fragile::moves = 0;
  (void)rx.recv();
  EXPECT_EQ(Fragile::moves.load(), 1);
  Fragile::moves = 0;
  (void)rx.try_recv();
  EXPECT_EQ(Fragile::moves.load(), 1);
  Fragile::moves = 0;
  (void)rx.recv_timeout(kNoHang);
  EXPECT_EQ(Fragile::moves.load(), 1);
}

// ---- the list's block size, a backend trait (backend/concept.hpp, channel_block_slots) ----------

static_assert(interleave::channel_block_slots_of<interleave::std_backend> == 31,
              "the std backend keeps crossbeam's BLOCK_CAP");

TEST(MpscUnbounded, the_std_backend_installs_the_next_block_at_the_31st_send) {
  const long before = counted::live_blocks.load();
  auto [tx, rx] = channel<int, counting_backend>();
  EXPECT_EQ(counted::live_blocks.load() - before, 2);  // the core and the first block
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(tx.send(i).has_value());
  EXPECT_EQ(counted::live_blocks.load() - before, 2);
  ASSERT_TRUE(tx.send(30).has_value());  // slot 30 is the block's last: its sender installs
  EXPECT_EQ(counted::live_blocks.load() - before, 3);
  for (int i = 0; i <= 30; ++i) ASSERT_EQ(*rx.try_recv(), i);
}

// counting_backend with blocks of N slots, as a backend may declare (the Relacy backend's are 2).
template <std::size_t N>
struct small_blocks_backend : counting_backend {
  static constexpr std::size_t channel_block_slots = N;
};
static_assert(interleave::channel_block_slots_of<small_blocks_backend<1>> == 1);

template <class Backend>
class MpscSmallBlocks : public ::testing::Test {};
using SmallBlockBackends =
    ::testing::Types<small_blocks_backend<1>, small_blocks_backend<2>, small_blocks_backend<3>>;
TYPED_TEST_SUITE(MpscSmallBlocks, SmallBlockBackends);

TYPED_TEST(MpscSmallBlocks, a_steady_stream_reuses_its_blocks) {
  const long before = counted::live_blocks.load();
  {
    auto [tx, rx] = channel<int, TypeParam>();
    for (int i = 0; i < 1000; ++i) {
      ASSERT_TRUE(tx.send(i).has_value());
      ASSERT_EQ(*rx.try_recv(), i);
      // The core, the block being read, and at most one spare (the next block while a send
      // installs it) whatever the number of blocks the stream has gone through.
      ASSERT_LE(counted::live_blocks.load() - before, 4) << "after " << i + 1 << " messages";
    }
  }
  EXPECT_EQ(counted::live_blocks.load(), before);
}

TYPED_TEST(MpscSmallBlocks, a_backlog_spans_blocks_and_drains_in_order) {
  const long before = counted::live_blocks.load();
  {
    auto [tx, rx] = channel<int, TypeParam>();
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(tx.send(i).has_value());
    for (int i = 0; i < 100; ++i) ASSERT_EQ(*rx.try_recv(), i);
    EXPECT_EQ(rx.try_recv().error(), TryRecvError::Empty);
  }
  EXPECT_EQ(counted::live_blocks.load(), before);
}

TYPED_TEST(MpscSmallBlocks,
           buffered_values_across_blocks_are_destroyed_once_by_the_receivers_drop) {
  Ledger ledger;
  {
    auto [tx, rx] = channel<Tracked, TypeParam>();
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(tx.send(Tracked(i, ledger)).has_value());
    (void)rx.recv();  // 0 leaves; 1..19 stay, over several blocks
    { auto gone = std::move(rx); }
    EXPECT_EQ(ledger.live(), 0);
  }
  for (int i = 0; i < 20; ++i) EXPECT_EQ(ledger.destructions(i), 1) << "value " << i;
}

TYPED_TEST(MpscSmallBlocks, producers_racing_over_block_boundaries_lose_nothing) {
  constexpr int producers = 4, per_producer = 5000;
  auto [tx, rx] = channel<int, TypeParam>();
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back([p, s = tx] {
      for (int i = 0; i < per_producer; ++i) ASSERT_TRUE(s.send(p * per_producer + i).has_value());
    });
  }
  { auto last = std::move(tx); }
  std::vector<int> next(producers, 0);
  int received = 0;
  while (auto v = rx.recv_timeout(kNoHang)) {
    const int p = *v / per_producer;
    ASSERT_EQ(*v % per_producer, next[p]) << "producer " << p;  // none lost, none twice, in order
    ++next[p];
    ++received;
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(received, producers * per_producer);
}

TEST(MpscUnbounded, send_error_hands_back_the_very_value) {
  auto [tx, rx] = channel<std::unique_ptr<int>>();
  { auto gone = std::move(rx); }
  auto p = std::make_unique<int>(5);
  int* const address = p.get();
  auto r = tx.send(std::move(p));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().value.get(), address);
  std::unique_ptr<int> back = std::move(r.error()).into_inner();
  EXPECT_EQ(back.get(), address);
}

}  // namespace mpsc_unbounded_test
