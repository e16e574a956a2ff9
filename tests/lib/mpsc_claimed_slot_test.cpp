// A receive that finds the head claimed by a sender still moving its value in waits for that
// write, as Rust's channel does (mpsc/common.hpp, lockfree_channel_base): a thread that has sent
// a value itself is never told Empty or Timeout. Sender A stalls inside its value's move into
// the slot it claimed; the test's thread sends its own value, then asks; a third thread releases
// A a little later. The receive returns A's value (claimed first), then the test's own. With
// the old behaviour (fault::empty_while_claimed) it said Empty or Timeout.
#include <atomic>
#include <chrono>
#include <thread>
#include <utility>

#include <gtest/gtest.h>

#include "interleave_test/type_names.hpp"
#include "mpsc_test_support.hpp"

namespace mpsc_claimed_slot_test {

using namespace mpsc_test;

// Where the one stalling move stands. Reset by each test.
struct stall {
  static inline std::atomic<bool> entered{false};   // A is inside the move, after its claim
  static inline std::atomic<bool> released{false};  // A may finish the move
};

// A value whose move stalls until released, if it was made to: only the move into the
// channel's slot happens after the claim (send takes its argument by value, made in place).
struct Stalling {
  int value;
  bool stalls;
  Stalling(int v, bool s) : value(v), stalls(s) {}
  Stalling(Stalling&& o) noexcept : value(o.value), stalls(std::exchange(o.stalls, false)) {
    if (!stalls) return;
    stalls = false;
    stall::entered = true;
    while (!stall::released) std::this_thread::yield();
  }
  Stalling& operator=(Stalling&&) = default;
};

template <class Flavor>
class MpscClaimedSlot : public ::testing::Test {
 protected:
  void SetUp() override {
    stall::entered = false;
    stall::released = false;
  }
};

// The lock-free flavors; a rendezvous send waits for its receiver, here the test's own thread.
using Flavors = ::testing::Types<Unbounded, Bounded>;
TYPED_TEST_SUITE(MpscClaimedSlot, Flavors, interleave_test::TypeNames);

// Runs `receive` on the test's thread after its own send, while A's claimed slot is being
// written; returns what it got.
template <class Flavor, class Receive>
auto receive_behind_a_stalled_claim(Receive receive) {
  auto [tx, rx] = Flavor::template make<Stalling, interleave::std_backend>();
  std::atomic<bool> asking{false};
  std::jthread a([tx = tx] { EXPECT_TRUE(tx.send(Stalling{1, true}).has_value()); });
  while (!stall::entered) std::this_thread::yield();  // A has claimed the head
  EXPECT_TRUE(tx.send(Stalling{2, false}).has_value());
  std::jthread releaser([&] {
    while (!asking) std::this_thread::yield();
    std::this_thread::sleep_for(50ms);  // the receive below is (most likely) waiting by now
    stall::released = true;
  });
  asking = true;
  auto first = receive(rx);
  auto second = rx.try_recv();
  return std::pair{std::move(first), std::move(second)};
}

TYPED_TEST(MpscClaimedSlot, try_recv_waits_for_a_claimed_slot_instead_of_saying_empty) {
  auto [first, second] =
      receive_behind_a_stalled_claim<TypeParam>([](auto& rx) { return rx.try_recv(); });
  ASSERT_TRUE(first.has_value()) << "try_recv said Empty with this thread's own value sent";
  EXPECT_EQ(first->value, 1);  // A claimed first
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->value, 2);
}

TYPED_TEST(MpscClaimedSlot, recv_timeout_waits_for_a_claimed_slot_past_its_timeout) {
  auto [first, second] = receive_behind_a_stalled_claim<TypeParam>(
      [](auto& rx) { return rx.recv_timeout(std::chrono::milliseconds(1)); });
  ASSERT_TRUE(first.has_value()) << "recv_timeout timed out with this thread's own value sent";
  EXPECT_EQ(first->value, 1);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->value, 2);
}

}  // namespace mpsc_claimed_slot_test
