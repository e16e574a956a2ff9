// RwLock<T> on the real (std) backend: guards and access, shared readers, exclusive writers,
// writer preference (a queued writer holds back new readers), try_*, poisoning (only by a write
// guard), into_inner, under real threads. No timing: every wait is on an observable state.
#include <interleave/rwlock.hpp>  // first: the header must compile on its own

#include <atomic>
#include <expected>
#include <latch>
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

namespace rwlock_test {

using interleave::RwLock;
using interleave::RwLockReadGuard;
using interleave::RwLockWriteGuard;

using interleave_test::Boom;

template <class T>
RwLockReadGuard<T> read_anyway(RwLock<T>& l) {
  auto r = l.read();
  return r ? std::move(*r) : std::move(r.error()).into_inner();
}

template <class T>
RwLockWriteGuard<T> write_anyway(RwLock<T>& l) {
  auto r = l.write();
  return r ? std::move(*r) : std::move(r.error()).into_inner();
}

// Takes the write lock, writes `value`, and lets an exception unwind through the guard.
template <class T>
void panic_while_writing(RwLock<T>& l, T value) {
  try {
    auto g = write_anyway(l);
    *g = std::move(value);
    throw Boom();
  } catch (const Boom&) {
  }
}

template <class T>
bool try_read_would_block(RwLock<T>& l) {
  auto r = l.try_read();
  return !r && r.error().is_would_block();
}

template <class T>
bool try_write_would_block(RwLock<T>& l) {
  auto r = l.try_write();
  return !r && r.error().is_would_block();
}

// Precondition: the caller holds a read guard on `l`. Starts a thread that calls write() and
// runs `body` under the write guard, and returns once that writer is queued: try_read() fails
// with WouldBlock although only readers hold the lock. (Polling, not sleeping: the loop ends
// when the writer has registered, however long the OS takes to start it.)
template <class T, class F>
std::thread start_queued_writer(RwLock<T>& l, F body) {
  std::thread writer([&l, body] {
    auto g = write_anyway(l);
    body(*g);
  });
  while (!try_read_would_block(l)) std::this_thread::yield();
  return writer;
}

// --- types ----------------------------------------------------------------------------------

TEST(RwLock, guards_are_move_only_and_nothrow_movable) {
  static_assert(!std::is_copy_constructible_v<RwLockReadGuard<int>>);
  static_assert(!std::is_copy_assignable_v<RwLockReadGuard<int>>);
  static_assert(std::is_nothrow_move_constructible_v<RwLockReadGuard<int>>);
  static_assert(std::is_nothrow_move_assignable_v<RwLockReadGuard<int>>);
  static_assert(!std::is_copy_constructible_v<RwLockWriteGuard<int>>);
  static_assert(!std::is_copy_assignable_v<RwLockWriteGuard<int>>);
  static_assert(std::is_nothrow_move_constructible_v<RwLockWriteGuard<int>>);
  static_assert(std::is_nothrow_move_assignable_v<RwLockWriteGuard<int>>);
}

TEST(RwLock, is_neither_copyable_nor_movable) {
  static_assert(!std::is_copy_constructible_v<RwLock<int>>);
  static_assert(!std::is_move_constructible_v<RwLock<int>>);
  static_assert(!std::is_copy_assignable_v<RwLock<int>>);
  static_assert(!std::is_move_assignable_v<RwLock<int>>);
}

TEST(RwLock, operations_have_the_documented_types) {
  using R = RwLockReadGuard<int>;
  using W = RwLockWriteGuard<int>;
  static_assert(std::is_same_v<decltype(std::declval<RwLock<int>&>().read()),
                               std::expected<R, interleave::PoisonError<R>>>);
  static_assert(std::is_same_v<decltype(std::declval<RwLock<int>&>().write()),
                               std::expected<W, interleave::PoisonError<W>>>);
  static_assert(std::is_same_v<decltype(std::declval<RwLock<int>&>().try_read()),
                               std::expected<R, interleave::TryLockError<R>>>);
  static_assert(std::is_same_v<decltype(std::declval<RwLock<int>&>().try_write()),
                               std::expected<W, interleave::TryLockError<W>>>);
  static_assert(std::is_same_v<decltype(std::declval<RwLock<int>&&>().into_inner()),
                               interleave::LockResult<int>>);
  static_assert(std::is_same_v<decltype(*std::declval<const R&>()), const int&>);
  static_assert(std::is_same_v<decltype(std::declval<const R&>().operator->()), const int*>);
  static_assert(std::is_same_v<decltype(*std::declval<const W&>()), int&>);
  static_assert(std::is_same_v<decltype(std::declval<const W&>().operator->()), int*>);
}

// --- access ---------------------------------------------------------------------------------

TEST(RwLock, default_constructed_lock_holds_a_value_initialized_T) {
  RwLock<int> l;
  auto g = l.read();
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(**g, 0);
}

TEST(RwLock, writes_under_a_write_guard_are_seen_by_later_read_guards) {
  RwLock<std::string> l(std::string("ab"));
  {
    auto w = *l.write();
    w->append("c");
    *w += "d";
  }
  auto r = *l.read();
  EXPECT_EQ(*r, "abcd");
  EXPECT_EQ(r->size(), 4u);
}

TEST(RwLock, in_place_construction_forwards_the_arguments) {
  RwLock<std::string> l(std::in_place, 3, 'x');
  EXPECT_EQ(**l.read(), "xxx");
}

TEST(RwLock, into_inner_moves_a_move_only_value_out) {
  RwLock<std::unique_ptr<int>> l(std::make_unique<int>(4));
  auto v = std::move(l).into_inner();
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(**v, 4);
}

// --- guards hold the lock -------------------------------------------------------------------

TEST(RwLock, try_read_and_try_write_on_a_free_lock_succeed) {
  RwLock<int> l(1);
  {
    auto r = l.try_read();
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(**r, 1);
  }
  auto w = l.try_write();
  ASSERT_TRUE(w.has_value());
  **w = 2;
}

TEST(RwLock, write_guard_excludes_readers_and_writers_until_destroyed) {
  RwLock<int> l(1);
  {
    auto w = *l.write();
    EXPECT_TRUE(try_read_would_block(l));
    EXPECT_TRUE(try_write_would_block(l));
  }
  EXPECT_FALSE(try_write_would_block(l));
  EXPECT_FALSE(try_read_would_block(l));
}

TEST(RwLock, read_guard_excludes_writers_but_admits_readers) {
  RwLock<int> l(1);
  auto r = *l.read();
  EXPECT_TRUE(try_write_would_block(l));
  auto r2 = l.try_read();
  ASSERT_TRUE(r2.has_value());
  EXPECT_EQ(**r2, 1);
}

TEST(RwLock, moved_guard_keeps_the_lock_and_the_moved_from_guard_does_not_release_it) {
  RwLock<int> l(1);
  {
    auto w = *l.write();
    {
      RwLockWriteGuard<int> moved = std::move(w);
      EXPECT_TRUE(try_read_would_block(l));
    }
    EXPECT_FALSE(try_write_would_block(l));  // released once, by `moved`
  }
  {
    auto r = *l.read();
    { RwLockReadGuard<int> moved = std::move(r); }
    EXPECT_FALSE(try_write_would_block(l));  // the one reader left, the count is back to 0
  }
}

TEST(RwLock, guard_move_assignment_releases_the_lock_it_held_before) {
  RwLock<int> a(1);
  RwLock<int> b(2);
  auto wa = *a.write();
  auto wb = *b.write();
  wa = std::move(wb);  // releases a, keeps b
  EXPECT_FALSE(try_write_would_block(a));
  EXPECT_TRUE(try_read_would_block(b));
  EXPECT_EQ(*wa, 2);
  wa = *a.write();  // releases b, takes a
  EXPECT_FALSE(try_write_would_block(b));
  EXPECT_TRUE(try_read_would_block(a));
  wa = *b.write();  // releases a

  RwLock<int> c(3);
  auto ra = *a.read();
  auto rc = *c.read();
  ra = std::move(rc);  // leaves a, keeps reading c
  EXPECT_FALSE(try_write_would_block(a));
  EXPECT_TRUE(try_write_would_block(c));
  EXPECT_EQ(*ra, 3);
}

// --- readers share, writers exclude ---------------------------------------------------------

TEST(RwLock, two_readers_on_two_threads_hold_the_lock_at_once) {
  RwLock<int> l(5);
  std::latch both_reading(2);
  std::thread other([&] {
    auto r = *l.read();
    both_reading.arrive_and_wait();  // reached only while this thread holds its read guard
    EXPECT_EQ(*r, 5);
  });
  auto r = *l.read();
  both_reading.arrive_and_wait();  // and this one holds its own: two read guards at once
  EXPECT_TRUE(try_write_would_block(l));
  other.join();
}

TEST(RwLock, writer_waits_until_the_last_reader_leaves) {
  RwLock<int> l(0);
  std::atomic<bool> entered{false};
  std::optional<RwLockReadGuard<int>> r(*l.read());
  std::thread writer = start_queued_writer(l, [&](int& v) {
    v = 1;
    entered = true;
  });
  EXPECT_FALSE(entered.load());  // queued, not inside: a reader still holds the lock
  r.reset();
  writer.join();
  EXPECT_TRUE(entered.load());
  EXPECT_EQ(**l.read(), 1);
}

TEST(RwLock, waiting_writer_holds_back_new_readers) {
  RwLock<int> l(0);
  std::optional<RwLockReadGuard<int>> first(*l.read());
  std::thread writer = start_queued_writer(l, [](int& v) { v = 1; });
  // Only a reader holds the lock, yet a new reader is refused: the queued writer goes first.
  EXPECT_TRUE(try_read_would_block(l));
  int seen = -1;
  std::thread late_reader([&] { seen = *read_anyway(l); });
  first.reset();
  writer.join();
  late_reader.join();
  EXPECT_EQ(seen, 1);  // admitted after the writer, although it asked while readers were in
}

TEST(RwLock, second_read_on_the_same_thread_would_block_once_a_writer_waits) {
  // This is why re-entering read() can deadlock: a blocking read() here would wait for the
  // writer, which waits for this thread's first read guard.
  RwLock<int> l(0);
  std::optional<RwLockReadGuard<int>> first(*l.read());
  {
    auto again = l.try_read();  // no writer waiting yet: a second read guard is fine
    EXPECT_TRUE(again.has_value());
  }
  std::thread writer = start_queued_writer(l, [](int&) {});
  auto again = l.try_read();
  ASSERT_FALSE(again.has_value());
  EXPECT_TRUE(again.error().is_would_block());
  first.reset();
  writer.join();
}

TEST(RwLock, writers_exclude_each_other_and_readers_never_see_a_half_done_write) {
  struct Pair {
    long a = 0;
    long b = 0;
  };
  constexpr int writers = 4;
  constexpr int rounds = 5000;
  RwLock<Pair> l;
  std::atomic<int> writers_left{writers};
  std::vector<std::thread> threads;
  for (int t = 0; t < writers; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < rounds; ++i) {
        auto w = *l.write();
        ++w->a;
        ++w->b;
      }
      writers_left.fetch_sub(1);
    });
  }
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&] {
      while (writers_left.load() > 0) {
        auto r = *l.read();
        ASSERT_EQ(r->a, r->b);
      }
    });
  }
  for (auto& t : threads) t.join();
  auto r = *l.read();
  EXPECT_EQ(r->a, long{writers} * rounds);
  EXPECT_EQ(r->b, long{writers} * rounds);
}

// --- poisoning ------------------------------------------------------------------------------

TEST(RwLock, fresh_lock_is_not_poisoned) {
  RwLock<int> l(1);
  EXPECT_FALSE(l.is_poisoned());
}

TEST(RwLock, write_guard_dropped_by_unwinding_poisons) {
  RwLock<int> l(1);
  panic_while_writing(l, 2);
  EXPECT_TRUE(l.is_poisoned());
}

TEST(RwLock, read_guard_dropped_by_unwinding_does_not_poison) {
  RwLock<int> l(1);
  try {
    auto r = *l.read();
    throw Boom();
  } catch (const Boom&) {
  }
  EXPECT_FALSE(l.is_poisoned());
  EXPECT_TRUE(l.read().has_value());
  EXPECT_TRUE(l.write().has_value());
}

TEST(RwLock, read_on_a_poisoned_lock_returns_the_read_guard_inside_poison_error) {
  RwLock<int> l(1);
  panic_while_writing(l, 2);
  auto r = l.read();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(*r.error().get_ref(), 2);  // the write before the panic stays, as in Rust
  RwLockReadGuard<int> g = std::move(r.error()).into_inner();
  EXPECT_EQ(*g, 2);
  EXPECT_TRUE(try_write_would_block(l));  // the guard inside the error holds the read lock
}

TEST(RwLock, write_on_a_poisoned_lock_returns_the_write_guard_inside_poison_error) {
  RwLock<int> l(1);
  panic_while_writing(l, 2);
  {
    auto w = l.write();
    ASSERT_FALSE(w.has_value());
    RwLockWriteGuard<int> g = std::move(w.error()).into_inner();
    *g = 3;
    EXPECT_TRUE(try_read_would_block(l));
  }
  EXPECT_EQ(*read_anyway(l), 3);
  EXPECT_TRUE(l.is_poisoned());  // a normal drop neither poisons nor clears
}

TEST(RwLock, try_read_and_try_write_on_a_poisoned_lock_report_poisoned_with_the_guard) {
  RwLock<int> l(1);
  panic_while_writing(l, 2);
  {
    auto r = l.try_read();
    ASSERT_FALSE(r.has_value());
    EXPECT_TRUE(r.error().is_poisoned());
    EXPECT_FALSE(r.error().is_would_block());
    EXPECT_EQ(*std::move(r.error()).into_inner(), 2);
  }
  auto w = l.try_write();
  ASSERT_FALSE(w.has_value());
  ASSERT_TRUE(w.error().is_poisoned());
  auto g = std::move(w.error()).into_inner();
  *g = 4;
}

TEST(RwLock, try_lock_errors_say_which_kind_they_are) {
  RwLock<int> l(1);
  {
    auto reader = *l.read();
    auto w = l.try_write();  // a reader holds the lock: would block (the same thread may ask)
    ASSERT_FALSE(w.has_value());
    EXPECT_STREQ(w.error().what(), "try_lock failed because the operation would block");
  }
  panic_while_writing(l, 2);
  {
    auto r = l.try_read();  // holds a read guard inside the error until the end of the block
    ASSERT_FALSE(r.has_value());
    EXPECT_STREQ(r.error().what(), "poisoned lock: another task failed inside");
  }
  auto w = l.try_write();
  ASSERT_FALSE(w.has_value());
  EXPECT_STREQ(w.error().what(), "poisoned lock: another task failed inside");
}

TEST(RwLock, would_block_is_reported_before_poison) {
  RwLock<int> l(1);
  panic_while_writing(l, 2);
  auto w = write_anyway(l);
  EXPECT_TRUE(try_read_would_block(l));
  EXPECT_TRUE(try_write_would_block(l));
}

TEST(RwLock, clear_poison_resets_the_flag_and_keeps_the_data) {
  RwLock<int> l(1);
  panic_while_writing(l, 2);
  l.clear_poison();
  EXPECT_FALSE(l.is_poisoned());
  auto r = l.read();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(**r, 2);
}

TEST(RwLock, into_inner_of_a_poisoned_lock_returns_the_data_inside_poison_error) {
  RwLock<std::string> l(std::string("a"));
  panic_while_writing(l, std::string("b"));
  auto v = std::move(l).into_inner();
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(std::move(v.error()).into_inner(), "b");
}

TEST(RwLock, exception_thrown_and_caught_while_the_write_guard_lives_does_not_poison) {
  RwLock<int> l(1);
  {
    auto w = *l.write();
    try {
      throw Boom();
    } catch (const Boom&) {
    }
  }
  EXPECT_FALSE(l.is_poisoned());
}

TEST(RwLock, write_guard_taken_and_dropped_during_one_unwinding_does_not_poison) {
  RwLock<int> l(1);
  struct WritesOnUnwind {
    RwLock<int>& l;
    ~WritesOnUnwind() {
      auto w = write_anyway(l);  // taken and dropped while Boom unwinds: not a panic under it
      *w = 7;
    }
  };
  try {
    WritesOnUnwind guard{l};
    throw Boom();
  } catch (const Boom&) {
  }
  EXPECT_FALSE(l.is_poisoned());
  EXPECT_EQ(**l.read(), 7);
}

TEST(RwLock, thread_that_panics_holding_the_write_guard_poisons_it_for_other_threads) {
  RwLock<int> l(1);
  std::thread t([&] { panic_while_writing(l, 2); });
  t.join();
  EXPECT_TRUE(l.is_poisoned());
  auto r = l.read();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(*r.error().get_ref(), 2);
}

}  // namespace rwlock_test
