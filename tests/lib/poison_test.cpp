// Poisoning, as Rust's std::sync::Mutex has it, on the real (std) backend: a guard destroyed by
// unwinding poisons; every later acquisition still gets the lock, inside PoisonError; nothing
// else poisons.
#include <interleave/poison.hpp>  // first: the header must compile on its own

#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

#include <gtest/gtest.h>

#include <interleave/mutex.hpp>
#include <interleave/thread.hpp>

#include "interleave_test/values.hpp"
#include "lock_probe.hpp"

namespace poison_test {

using interleave::Mutex;
using interleave::MutexGuard;
using interleave_test::lock_anyway;
using interleave_test::Probe;
using interleave_test::try_lock_from_another_thread;

using interleave_test::Boom;

// Takes the lock (poisoned or not), writes `value`, and lets an exception unwind through the
// guard.
template <class T>
void panic_while_holding(Mutex<T>& m, T value) {
  try {
    auto g = lock_anyway(m);
    *g = std::move(value);
    throw Boom();
  } catch (const Boom&) {
  }
}

TEST(Poison, fresh_mutex_is_not_poisoned) {
  Mutex<int> m(1);
  EXPECT_FALSE(m.is_poisoned());
  EXPECT_TRUE(m.lock().has_value());
}

TEST(Poison, guard_destroyed_by_unwinding_poisons) {
  Mutex<int> m(1);
  panic_while_holding(m, 2);
  EXPECT_TRUE(m.is_poisoned());
}

TEST(Poison, lock_on_poisoned_mutex_returns_poison_error_that_reaches_the_data) {
  Mutex<int> m(1);
  panic_while_holding(m, 2);

  auto r = m.lock();
  ASSERT_FALSE(r.has_value());
  interleave::PoisonError<MutexGuard<int>>& e = r.error();
  EXPECT_EQ(*e.get_ref(), 2);  // the write made before the panic is kept, as in Rust
  *e.get_mut() = 3;
  MutexGuard<int> g = std::move(e).into_inner();
  EXPECT_EQ(*g, 3);
  *g = 4;
  EXPECT_STREQ(interleave::PoisonError<MutexGuard<int>>::what(),
               "poisoned lock: another task failed inside");
}

TEST(Poison, poison_error_holds_the_lock) {
  Mutex<int> m(1);
  panic_while_holding(m, 2);
  {
    auto r = m.lock();
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(try_lock_from_another_thread(m), Probe::WouldBlock);
  }
  EXPECT_EQ(try_lock_from_another_thread(m), Probe::Poisoned);
}

TEST(Poison, poison_stays_until_cleared) {
  Mutex<int> m(1);
  panic_while_holding(m, 2);
  for (int i = 0; i < 3; ++i) {
    auto r = m.lock();  // recovered and dropped normally: does not clear the flag
    ASSERT_FALSE(r.has_value());
  }
  EXPECT_TRUE(m.is_poisoned());
}

TEST(Poison, clear_poison_resets_the_flag_and_keeps_the_data) {
  Mutex<int> m(1);
  panic_while_holding(m, 2);
  ASSERT_TRUE(m.is_poisoned());
  m.clear_poison();
  EXPECT_FALSE(m.is_poisoned());
  auto r = m.lock();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(**r, 2);
}

TEST(Poison, clear_poison_on_unpoisoned_mutex_does_nothing) {
  Mutex<int> m(1);
  m.clear_poison();
  EXPECT_FALSE(m.is_poisoned());
  EXPECT_EQ(**m.lock(), 1);
}

TEST(Poison, try_lock_on_poisoned_mutex_reports_poisoned_and_hands_out_the_guard) {
  Mutex<int> m(1);
  panic_while_holding(m, 2);

  auto r = m.try_lock();
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(r.error().is_poisoned());
  EXPECT_FALSE(r.error().is_would_block());
  EXPECT_EQ(*r.error().poison_error().get_ref(), 2);
  MutexGuard<int> g = std::move(r.error()).into_inner();
  EXPECT_EQ(*g, 2);
  EXPECT_EQ(try_lock_from_another_thread(m), Probe::WouldBlock);  // the guard holds the lock
}

TEST(Poison, try_lock_error_converts_into_its_poison_error) {
  Mutex<int> m(1);
  panic_while_holding(m, 2);
  auto r = m.try_lock();
  ASSERT_FALSE(r.has_value());
  interleave::PoisonError<MutexGuard<int>> e = std::move(r.error()).into_poison_error();
  EXPECT_EQ(*std::move(e).into_inner(), 2);
}

// Each kind of TryLockError says which it is, in Rust's words (TryLockError's Display): the
// error of a real try_lock on a held mutex, on a poisoned one, and the ones made by hand.
TEST(Poison, try_lock_error_what_names_its_kind) {
  using Error = interleave::TryLockError<MutexGuard<int>>;
  constexpr const char* would_block = "try_lock failed because the operation would block";
  constexpr const char* poisoned = "poisoned lock: another task failed inside";
  static_assert(noexcept(std::declval<const Error&>().what()));

  Mutex<int> m(1);
  {
    std::string seen;
    auto held = *m.lock();
    std::thread other([&] {
      auto r = m.try_lock();
      seen = r ? "acquired" : r.error().what();
    });
    other.join();
    EXPECT_EQ(seen, would_block);
  }
  panic_while_holding(m, 2);
  auto r = m.try_lock();
  ASSERT_FALSE(r.has_value());
  EXPECT_STREQ(r.error().what(), poisoned);
  EXPECT_STREQ(r.error().what(), interleave::PoisonError<MutexGuard<int>>::what())
      << "one wording of the poison message";

  EXPECT_STREQ(Error::would_block().what(), would_block);
  EXPECT_STREQ(Error::poisoned(std::move(r.error()).into_poison_error()).what(), poisoned);
}

TEST(Poison, into_inner_of_poisoned_mutex_returns_the_data_inside_poison_error) {
  Mutex<std::string> m(std::string("before"));
  panic_while_holding(m, std::string("after"));
  auto r = std::move(m).into_inner();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().get_ref(), "after");
  EXPECT_EQ(std::move(r.error()).into_inner(), "after");
}

TEST(Poison, into_inner_of_poisoned_mutex_moves_a_move_only_value_out) {
  Mutex<std::unique_ptr<int>> m;
  panic_while_holding(m, std::make_unique<int>(9));
  auto r = std::move(m).into_inner();
  ASSERT_FALSE(r.has_value());
  std::unique_ptr<int> p = std::move(r.error()).into_inner();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 9);
}

TEST(Poison, exception_thrown_and_caught_while_the_guard_lives_does_not_poison) {
  Mutex<int> m(1);
  {
    auto g = *m.lock();
    try {
      throw Boom();
    } catch (const Boom&) {
    }
    *g = 2;
  }  // destroyed normally
  EXPECT_FALSE(m.is_poisoned());
  EXPECT_EQ(**m.lock(), 2);
}

TEST(Poison, guard_taken_in_a_catch_handler_and_dropped_there_does_not_poison) {
  Mutex<int> m(1);
  try {
    throw Boom();
  } catch (const Boom&) {
    auto g = *m.lock();  // the exception is caught: nothing is unwinding
    *g = 2;
  }
  EXPECT_FALSE(m.is_poisoned());
}

TEST(Poison, rethrow_from_a_catch_handler_through_the_guard_poisons) {
  Mutex<int> m(1);
  try {
    try {
      throw Boom();
    } catch (const Boom&) {
      auto g = *m.lock();
      throw;  // the same exception, now unwinding through g
    }
  } catch (const Boom&) {
  }
  EXPECT_TRUE(m.is_poisoned());
}

TEST(Poison, guard_moved_out_before_the_throw_does_not_poison) {
  Mutex<int> m(1);
  std::optional<MutexGuard<int>> kept;
  try {
    auto g = *m.lock();
    kept.emplace(std::move(g));
    throw Boom();  // unwinds through the moved-from g only
  } catch (const Boom&) {
  }
  kept.reset();  // the real guard is dropped normally
  EXPECT_FALSE(m.is_poisoned());
}

// Locks in its destructor, which runs during the unwinding of another exception.
struct LocksWhileUnwinding {
  Mutex<int>& m;
  ~LocksWhileUnwinding() {
    auto g = *m.lock();  // taken while unwinding...
    ++*g;
  }  // ...and dropped normally during that same unwinding
};

TEST(Poison, guard_created_and_dropped_during_the_same_unwinding_does_not_poison) {
  // Rust's PoisonFlag snapshots `thread::panicking()` at lock: a guard taken while already
  // panicking is not poisoned by that panic.
  Mutex<int> m(0);
  try {
    LocksWhileUnwinding l{m};
    throw Boom();
  } catch (const Boom&) {
  }
  EXPECT_FALSE(m.is_poisoned());
  EXPECT_EQ(**m.lock(), 1);
}

// Locks in its destructor and lets a second, nested exception unwind through the guard.
struct PanicsUnderLockWhileUnwinding {
  Mutex<int>& m;
  ~PanicsUnderLockWhileUnwinding() {
    try {
      auto g = *m.lock();
      ++*g;
      throw std::logic_error("nested");
    } catch (const std::logic_error&) {
    }
  }
};

TEST(Poison, guard_taken_during_unwinding_and_destroyed_by_a_nested_exception_poisons) {
  Mutex<int> m(0);
  try {
    PanicsUnderLockWhileUnwinding p{m};
    throw Boom();
  } catch (const Boom&) {
  }
  EXPECT_TRUE(m.is_poisoned());
}

TEST(Poison, guard_taken_before_unwinding_and_dropped_by_a_destructor_during_it_poisons) {
  // Rust: locked while not panicking, dropped while panicking.
  Mutex<int> m(0);
  std::optional<MutexGuard<int>> held;
  struct DropsDuringUnwinding {
    std::optional<MutexGuard<int>>& held;
    ~DropsDuringUnwinding() { held.reset(); }
  };
  try {
    held.emplace(*m.lock());
    DropsDuringUnwinding d{held};
    throw Boom();
  } catch (const Boom&) {
  }
  EXPECT_TRUE(m.is_poisoned());
}

TEST(Poison, thread_that_panics_holding_the_lock_poisons_it_and_join_returns_the_exception) {
  Mutex<std::string> m(std::string("start"));
  auto h = interleave::thread::spawn([&m] {
    auto g = *m.lock();
    *g = "written by the panicking thread";
    throw Boom();
  });
  auto joined = h.join();
  ASSERT_FALSE(joined.has_value());
  EXPECT_THROW(std::rethrow_exception(joined.error()), Boom);

  EXPECT_TRUE(m.is_poisoned());
  auto r = m.lock();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(*r.error().get_ref(), "written by the panicking thread");
  auto g = std::move(r.error()).into_inner();
  *g = "repaired";
  Mutex<std::string>::unlock(std::move(g));
  m.clear_poison();
  EXPECT_EQ(**m.lock(), "repaired");
}

}  // namespace poison_test
