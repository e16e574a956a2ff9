// Mutex<T> on the real (std) backend: access through the guard, guard lifetime, try_lock,
// into_inner, unlock, construction, and mutual exclusion under real threads.
// Poisoning has its own file (poison_test.cpp).
#include <interleave/mutex.hpp>  // first: the header must compile on its own

#include <expected>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "interleave_test/values.hpp"
#include "lock_probe.hpp"

namespace mutex_test {

using interleave::Mutex;
using interleave::MutexGuard;
using interleave_test::Probe;
using interleave_test::try_lock_from_another_thread;

// --- types ----------------------------------------------------------------------------------

TEST(Mutex, guard_is_move_only_and_nothrow_movable) {
  static_assert(!std::is_copy_constructible_v<MutexGuard<int>>);
  static_assert(!std::is_copy_assignable_v<MutexGuard<int>>);
  static_assert(std::is_nothrow_move_constructible_v<MutexGuard<int>>);
  static_assert(std::is_nothrow_move_assignable_v<MutexGuard<int>>);
}

TEST(Mutex, is_neither_copyable_nor_movable) {
  static_assert(!std::is_copy_constructible_v<Mutex<int>>);
  static_assert(!std::is_copy_assignable_v<Mutex<int>>);
  static_assert(!std::is_move_constructible_v<Mutex<int>>);
  static_assert(!std::is_move_assignable_v<Mutex<int>>);
}

TEST(Mutex, operations_have_the_documented_types) {
  static_assert(std::is_same_v<decltype(std::declval<Mutex<int>&>().lock()),
                               interleave::LockResult<MutexGuard<int>>>);
  static_assert(
      std::is_same_v<interleave::LockResult<MutexGuard<int>>,
                     std::expected<MutexGuard<int>, interleave::PoisonError<MutexGuard<int>>>>);
  static_assert(
      std::is_same_v<decltype(std::declval<Mutex<int>&>().try_lock()),
                     std::expected<MutexGuard<int>, interleave::TryLockError<MutexGuard<int>>>>);
  static_assert(std::is_same_v<decltype(std::declval<Mutex<int>&&>().into_inner()),
                               interleave::LockResult<int>>);
  static_assert(std::is_same_v<decltype(*std::declval<const MutexGuard<int>&>()), int&>);
  static_assert(
      std::is_same_v<decltype(std::declval<const MutexGuard<int>&>().operator->()), int*>);
}

// --- access ---------------------------------------------------------------------------------

TEST(Mutex, default_constructed_mutex_holds_a_value_initialized_T) {
  Mutex<int> m;
  auto g = m.lock();
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(**g, 0);
}

TEST(Mutex, guard_gives_access_through_star_and_arrow) {
  Mutex<std::string> m(std::string("abc"));
  {
    auto r = m.lock();
    ASSERT_TRUE(r.has_value());
    MutexGuard<std::string>& g = *r;
    EXPECT_EQ(*g, "abc");
    EXPECT_EQ(g->size(), 3u);
    g->append("d");
    *g += "e";
  }
  auto g = *m.lock();
  EXPECT_EQ(*g, "abcde");
}

TEST(Mutex, writes_under_one_guard_are_seen_by_the_next_guard) {
  Mutex<std::vector<int>> m;
  for (int i = 0; i < 3; ++i) (*m.lock())->push_back(i);
  EXPECT_EQ(**m.lock(), (std::vector<int>{0, 1, 2}));
}

TEST(Mutex, in_place_construction_forwards_the_arguments) {
  Mutex<std::vector<int>> m(std::in_place, 3u, 7);
  EXPECT_EQ(**m.lock(), (std::vector<int>{7, 7, 7}));
}

using interleave_test::Pinned;

TEST(Mutex, in_place_construction_needs_no_copy_or_move_of_T) {
  Mutex<Pinned> m(std::in_place, 41, 'x', "y");
  auto g = *m.lock();
  ++g->a;
  EXPECT_EQ(g->a, 42);
  EXPECT_EQ(g->b, 'x');
}

TEST(Mutex, holds_a_move_only_value) {
  Mutex<std::unique_ptr<int>> m(std::make_unique<int>(5));
  {
    auto g = *m.lock();
    ASSERT_NE(*g, nullptr);
    EXPECT_EQ(**g, 5);
    *g = std::make_unique<int>(6);
  }
  auto out = std::move(m).into_inner();
  ASSERT_TRUE(out.has_value());
  ASSERT_NE(*out, nullptr);
  EXPECT_EQ(**out, 6);
}

TEST(Mutex, into_inner_moves_the_data_out_of_an_unpoisoned_mutex) {
  Mutex<std::vector<int>> m(std::vector<int>{1, 2, 3});
  EXPECT_FALSE(m.is_poisoned());
  auto out = std::move(m).into_inner();
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(*out, (std::vector<int>{1, 2, 3}));
}

// --- guard lifetime -------------------------------------------------------------------------

TEST(Mutex, guard_holds_the_lock_and_its_destruction_unlocks) {
  Mutex<int> m(1);
  {
    auto g = m.lock();
    ASSERT_TRUE(g.has_value());
    EXPECT_EQ(try_lock_from_another_thread(m), Probe::WouldBlock);
  }
  EXPECT_EQ(try_lock_from_another_thread(m), Probe::Acquired);
}

TEST(Mutex, moved_guard_keeps_the_lock_and_the_moved_from_guard_does_not_unlock) {
  Mutex<int> m(1);
  {
    std::optional<MutexGuard<int>> outer;
    {
      auto inner = *m.lock();
      outer.emplace(std::move(inner));
    }  // `inner` (moved from) is destroyed here
    EXPECT_EQ(try_lock_from_another_thread(m), Probe::WouldBlock);
    EXPECT_EQ(**outer, 1);
  }
  EXPECT_EQ(try_lock_from_another_thread(m), Probe::Acquired);
  EXPECT_FALSE(m.is_poisoned());
}

TEST(Mutex, guard_move_assignment_releases_the_lock_it_held_before) {
  Mutex<int> a(1);
  Mutex<int> b(2);
  {
    auto ga = *a.lock();
    auto gb = *b.lock();
    ga = std::move(gb);
    EXPECT_EQ(*ga, 2);
    EXPECT_EQ(try_lock_from_another_thread(a), Probe::Acquired);
    EXPECT_EQ(try_lock_from_another_thread(b), Probe::WouldBlock);
  }
  EXPECT_EQ(try_lock_from_another_thread(b), Probe::Acquired);
}

TEST(Mutex, unlock_releases_the_guard) {
  Mutex<int> m(1);
  auto g = *m.lock();
  Mutex<int>::unlock(std::move(g));
  EXPECT_EQ(try_lock_from_another_thread(m), Probe::Acquired);
  EXPECT_FALSE(m.is_poisoned());
}

// --- try_lock -------------------------------------------------------------------------------

TEST(Mutex, try_lock_on_a_free_mutex_takes_the_lock) {
  Mutex<int> m(7);
  auto r = m.try_lock();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(**r, 7);
  EXPECT_EQ(try_lock_from_another_thread(m), Probe::WouldBlock);
}

TEST(Mutex, try_lock_would_block_while_another_thread_holds_the_lock) {
  Mutex<int> m(1);
  auto g = *m.lock();
  bool would_block = false;
  bool poisoned = true;
  bool into_inner_threw_logic_error = false;
  std::thread other([&] {
    auto r = m.try_lock();
    if (r) return;
    would_block = r.error().is_would_block();
    poisoned = r.error().is_poisoned();
    try {
      (void)std::move(r.error()).into_inner();  // no guard to hand out
    } catch (const std::logic_error&) {
      into_inner_threw_logic_error = true;
    }
  });
  other.join();
  EXPECT_TRUE(would_block);
  EXPECT_FALSE(poisoned);
  EXPECT_TRUE(into_inner_threw_logic_error);
}

TEST(Mutex, try_lock_succeeds_once_the_holder_released_it) {
  Mutex<int> m(1);
  { auto g = *m.lock(); }
  std::thread other([&] {
    auto r = m.try_lock();
    ASSERT_TRUE(r.has_value());
    **r = 2;
  });
  other.join();
  EXPECT_EQ(**m.lock(), 2);
}

// --- real threads ---------------------------------------------------------------------------

TEST(Mutex, lock_blocks_until_the_holder_releases) {
  // The other thread cannot observe the value as it was before the holder's write: it can only
  // take the lock after the holder released it, whenever it gets to try.
  Mutex<int> m(0);
  int seen = -1;
  auto g = *m.lock();
  std::thread other([&] { seen = **m.lock(); });
  *g = 42;
  Mutex<int>::unlock(std::move(g));
  other.join();
  EXPECT_EQ(seen, 42);
}

TEST(Mutex, enforces_mutual_exclusion_on_a_plain_counter) {
  constexpr int kThreads = 4;
  constexpr int kIncrements = 10000;
  Mutex<long> counter(0);  // a plain long: only the lock keeps the increments apart
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        auto g = *counter.lock();
        const long before = *g;
        *g = before + 1;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(**counter.lock(), long{kThreads} * kIncrements);
  EXPECT_FALSE(counter.is_poisoned());
}

}  // namespace mutex_test
