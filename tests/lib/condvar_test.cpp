// Condvar on the real (std) backend: waiting with a predicate, timeouts, notify_one/notify_all,
// poisoning kept across a wait, and the one-mutex rule.
//
// Timeouts appear in two roles only: a short one (10ms) where the test wants a wait to time out,
// and a long one (kNoHang) that merely bounds how long a broken implementation can hang a test
// before it fails. No test asserts on how long anything took. Helper threads are std::jthread,
// so a failed ASSERT that leaves a test early joins them instead of calling std::terminate.
#include <interleave/condvar.hpp>  // first: the header must compile on its own

#include <chrono>
#include <exception>
#include <functional>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include <interleave/mutex.hpp>
#include <interleave/thread.hpp>

#include "interleave_test/values.hpp"
#include "lock_probe.hpp"

namespace condvar_test {

using namespace std::chrono_literals;
using interleave::Condvar;
using interleave::Mutex;
using interleave::MutexGuard;
using interleave_test::lock_anyway;
using interleave_test::Probe;
using interleave_test::try_lock_from_another_thread;

constexpr auto kNoHang = 10s;

using interleave_test::Boom;

// Sets the flag under the lock, then notifies (without the lock, which is allowed).
void set_and_notify_one(Mutex<bool>& flag, Condvar<>& cv) {
  **flag.lock() = true;
  cv.notify_one();
}

TEST(Condvar, wait_in_a_predicate_loop_sees_the_notifiers_write) {
  Mutex<bool> ready(false);
  Condvar cv;
  std::jthread notifier(set_and_notify_one, std::ref(ready), std::ref(cv));
  auto g = *ready.lock();
  while (!*g) {
    auto r = cv.wait(std::move(g));
    ASSERT_TRUE(r.has_value());
    g = std::move(*r);
  }
  EXPECT_TRUE(*g);
  Mutex<bool>::unlock(std::move(g));
  notifier.join();
}

TEST(Condvar, wait_returns_a_guard_that_holds_the_lock) {
  Mutex<bool> ready(false);
  Condvar cv;
  std::jthread notifier(set_and_notify_one, std::ref(ready), std::ref(cv));
  auto r = cv.wait_while(*ready.lock(), [](bool& r) { return !r; });
  ASSERT_TRUE(r.has_value());
  notifier.join();
  EXPECT_EQ(try_lock_from_another_thread(ready), Probe::WouldBlock);
}

TEST(Condvar, wait_while_blocks_until_the_predicate_is_false) {
  constexpr int kProducers = 3;
  Mutex<int> count(0);
  Condvar cv;
  std::vector<std::jthread> producers;
  for (int i = 0; i < kProducers; ++i) {
    producers.emplace_back([&] {
      ++**count.lock();
      cv.notify_all();
    });
  }
  auto r = cv.wait_while(*count.lock(), [](int& c) { return c < kProducers; });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(**r, kProducers);
  Mutex<int>::unlock(std::move(*r));
  for (auto& p : producers) p.join();
}

TEST(Condvar, wait_while_with_a_false_predicate_returns_without_waiting) {
  Mutex<int> m(5);
  Condvar cv;  // nobody will ever notify it
  int calls = 0;
  auto r = cv.wait_while(*m.lock(), [&](int& v) {
    ++calls;
    return v != 5;
  });
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(**r, 5);
  EXPECT_EQ(calls, 1);
}

TEST(Condvar, wait_while_hands_the_predicate_a_mutable_reference) {
  Mutex<int> m(0);
  Condvar cv;
  auto r = cv.wait_while(*m.lock(), [](int& v) { return ++v < 1; });  // false at once
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(**r, 1);
}

// --- timeouts ---------------------------------------------------------------------------------

TEST(Condvar, wait_timeout_times_out_when_nobody_notifies) {
  Mutex<int> m(0);
  Condvar cv;
  auto g = *m.lock();
  // A spurious wake-up is allowed to end a wait early with timed_out() == false, so retry a
  // bounded number of times: a wait that never reports a timeout fails.
  bool timed_out = false;
  for (int attempt = 0; attempt < 10 && !timed_out; ++attempt) {
    auto r = cv.wait_timeout(std::move(g), 10ms);
    ASSERT_TRUE(r.has_value());
    g = std::move(r->first);
    timed_out = r->second.timed_out();
  }
  EXPECT_TRUE(timed_out);
  EXPECT_EQ(try_lock_from_another_thread(m), Probe::WouldBlock);  // the lock is held again
}

TEST(Condvar, wait_timeout_reports_no_timeout_when_notified) {
  Mutex<bool> ready(false);
  Condvar cv;
  auto g = *ready.lock();
  std::jthread notifier(set_and_notify_one, std::ref(ready), std::ref(cv));
  bool timed_out = false;
  while (!*g && !timed_out) {
    auto r = cv.wait_timeout(std::move(g), kNoHang);
    ASSERT_TRUE(r.has_value());
    g = std::move(r->first);
    timed_out = r->second.timed_out();
  }
  EXPECT_TRUE(*g);
  EXPECT_FALSE(timed_out);
  Mutex<bool>::unlock(std::move(g));
  notifier.join();
}

TEST(Condvar, wait_timeout_while_returns_not_timed_out_once_the_predicate_is_false) {
  Mutex<bool> ready(false);
  Condvar cv;
  auto g = *ready.lock();
  std::jthread notifier(set_and_notify_one, std::ref(ready), std::ref(cv));
  auto r = cv.wait_timeout_while(std::move(g), kNoHang, [](bool& r) { return !r; });
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(*r->first);
  EXPECT_FALSE(r->second.timed_out());
  Mutex<bool>::unlock(std::move(r->first));
  notifier.join();
}

TEST(Condvar, wait_timeout_while_times_out_when_the_predicate_stays_true) {
  Mutex<int> m(0);
  Condvar cv;
  int calls = 0;
  auto r = cv.wait_timeout_while(*m.lock(), 10ms, [&](int&) {
    ++calls;
    return true;
  });
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->second.timed_out());
  EXPECT_GE(calls, 1);
  EXPECT_EQ(try_lock_from_another_thread(m), Probe::WouldBlock);  // the lock is held again
}

TEST(Condvar, wait_timeout_while_with_a_false_predicate_does_not_time_out_even_with_zero_timeout) {
  Mutex<int> m(0);
  Condvar cv;
  auto r = cv.wait_timeout_while(*m.lock(), 0ms, [](int&) { return false; });
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->second.timed_out());
}

TEST(Condvar, wait_timeout_while_with_zero_timeout_and_a_true_predicate_times_out) {
  Mutex<int> m(0);
  Condvar cv;
  auto r = cv.wait_timeout_while(*m.lock(), 0ms, [](int&) { return true; });
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->second.timed_out());
}

// --- a timeout meaning "forever" --------------------------------------------------------------
// A timeout whose end is past what steady_clock can represent (duration::max(), the usual
// spelling of "no limit"; anything over ~292 years of nanoseconds) would overflow signed
// arithmetic, `Backend::now() + timeout` in Condvar::wait_timeout_while and
// `steady_clock::now() + d` inside std::condition_variable::wait_for, and the waits would return
// at once reporting timed_out() although nothing timed out. Condvar saturates the timeout
// (detail::saturated in condvar.hpp), as Rust does, so these waits simply wait; without the
// saturation both tests fail.

TEST(Condvar, wait_timeout_with_duration_max_waits_for_the_notification) {
  Mutex<bool> ready(false);
  Condvar cv;
  auto g = *ready.lock();
  std::jthread notifier(set_and_notify_one, std::ref(ready), std::ref(cv));
  bool timed_out = false;
  while (!*g && !timed_out) {
    auto r = cv.wait_timeout(std::move(g), std::chrono::nanoseconds::max());
    ASSERT_TRUE(r.has_value());
    g = std::move(r->first);
    timed_out = r->second.timed_out();
  }
  EXPECT_FALSE(timed_out) << "returned at once, reporting a timeout that cannot have elapsed";
  EXPECT_TRUE(*g);
  Mutex<bool>::unlock(std::move(g));
  notifier.join();
}

TEST(Condvar, wait_timeout_while_with_duration_max_waits_until_the_predicate_is_false) {
  Mutex<bool> ready(false);
  Condvar cv;
  auto g = *ready.lock();
  std::jthread notifier(set_and_notify_one, std::ref(ready), std::ref(cv));
  auto r = cv.wait_timeout_while(std::move(g), std::chrono::nanoseconds::max(),
                                 [](bool& r) { return !r; });
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->second.timed_out())
      << "returned at once, reporting a timeout that cannot have elapsed";
  EXPECT_TRUE(*r->first);
  Mutex<bool>::unlock(std::move(r->first));
  notifier.join();
}

// --- notify_one / notify_all ------------------------------------------------------------------

// Waiters count themselves in under the lock, then wait on `go`; the main thread waits (on
// `arrived`) until all of them are counted. Since a waiter only lets go of the lock by blocking
// inside the wait, every waiter is then blocked in `go`'s wait (or about to re-check after a
// spurious wake-up): a notification sent now must reach them, not be lost before they wait.
struct Gate {
  int waiting = 0;
  int tokens = 0;
  bool open = false;
};

TEST(Condvar, notify_all_releases_every_blocked_waiter) {
  constexpr int kWaiters = 4;
  Mutex<Gate> gate;
  Condvar arrived;
  Condvar go;
  std::vector<char> released(kWaiters, 0);
  std::vector<char> timed_out(kWaiters, 0);
  std::vector<std::jthread> waiters;
  for (int i = 0; i < kWaiters; ++i) {
    waiters.emplace_back([&, i] {
      auto g = *gate.lock();
      ++g->waiting;
      arrived.notify_one();
      auto r = go.wait_timeout_while(std::move(g), kNoHang, [](Gate& s) { return !s.open; });
      timed_out[i] = r->second.timed_out();
      released[i] = r->first->open;
    });
  }
  {
    auto g = *arrived.wait_while(*gate.lock(), [](Gate& s) { return s.waiting < kWaiters; });
    g->open = true;
  }
  go.notify_all();  // one call, after every waiter is blocked
  for (auto& w : waiters) w.join();
  for (int i = 0; i < kWaiters; ++i) {
    EXPECT_TRUE(released[i]) << "waiter " << i;
    EXPECT_FALSE(timed_out[i]) << "waiter " << i;
  }
}

TEST(Condvar, notify_one_per_token_releases_every_blocked_waiter_in_turn) {
  constexpr int kWaiters = 4;
  Mutex<Gate> gate;
  Condvar arrived;
  Condvar go;
  std::vector<char> timed_out(kWaiters, 0);
  std::vector<std::jthread> waiters;
  for (int i = 0; i < kWaiters; ++i) {
    waiters.emplace_back([&, i] {
      auto g = *gate.lock();
      ++g->waiting;
      arrived.notify_one();
      auto r = go.wait_timeout_while(std::move(g), kNoHang, [](Gate& s) { return s.tokens == 0; });
      timed_out[i] = r->second.timed_out();
      if (!timed_out[i]) --r->first->tokens;  // consume the token that released us
    });
  }
  (void)arrived.wait_while(*gate.lock(), [](Gate& s) { return s.waiting < kWaiters; });
  for (int i = 0; i < kWaiters; ++i) {
    ++(*gate.lock())->tokens;
    go.notify_one();
  }
  for (auto& w : waiters) w.join();
  for (int i = 0; i < kWaiters; ++i) EXPECT_FALSE(timed_out[i]) << "waiter " << i;
  EXPECT_EQ((*gate.lock())->tokens, 0);
}

TEST(Condvar, notify_without_waiters_is_harmless) {
  Condvar cv;
  cv.notify_one();
  cv.notify_all();
  Mutex<int> m(0);
  auto r = cv.wait_while(*m.lock(), [](int&) { return false; });
  EXPECT_TRUE(r.has_value());
}

// --- poisoning across a wait ------------------------------------------------------------------

// Sets the flag under the lock, notifies, and panics while still holding the lock.
void set_notify_and_panic(Mutex<bool>& flag, Condvar<>& cv) {
  auto g = *flag.lock();
  *g = true;
  cv.notify_one();
  throw Boom();
}

TEST(Condvar, wait_returns_poison_error_when_notifier_panicked) {
  Mutex<bool> ready(false);
  Condvar cv;
  auto g = *ready.lock();
  auto notifier = interleave::thread::spawn([&] { set_notify_and_panic(ready, cv); });
  // The notifier sets the flag and poisons in one critical section, so the wait that returns
  // with the flag set is exactly the one that must report the poison.
  bool poisoned = false;
  while (!*g) {
    auto r = cv.wait(std::move(g));
    poisoned = !r.has_value();
    g = r ? std::move(*r) : std::move(r.error()).into_inner();
  }
  EXPECT_TRUE(poisoned);
  EXPECT_EQ(try_lock_from_another_thread(ready), Probe::WouldBlock);  // still holds the lock
  Mutex<bool>::unlock(std::move(g));
  auto joined = notifier.join();
  ASSERT_FALSE(joined.has_value());
  EXPECT_THROW(std::rethrow_exception(joined.error()), Boom);
}

TEST(Condvar, wait_while_returns_poison_error_holding_the_lock_when_notifier_panicked) {
  Mutex<bool> ready(false);
  Condvar cv;
  auto g = *ready.lock();
  auto notifier = interleave::thread::spawn([&] { set_notify_and_panic(ready, cv); });
  auto r = cv.wait_while(std::move(g), [](bool& r) { return !r; });
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(*r.error().get_ref());
  EXPECT_EQ(try_lock_from_another_thread(ready), Probe::WouldBlock);
  MutexGuard<bool> recovered = std::move(r.error()).into_inner();
  EXPECT_TRUE(*recovered);
  Mutex<bool>::unlock(std::move(recovered));
  EXPECT_FALSE(notifier.join().has_value());
}

TEST(Condvar, wait_timeout_returns_poison_error_with_guard_and_result_when_notifier_panicked) {
  Mutex<bool> ready(false);
  Condvar cv;
  auto g = *ready.lock();
  auto notifier = interleave::thread::spawn([&] { set_notify_and_panic(ready, cv); });
  bool poisoned = false;
  bool timed_out = false;
  while (!*g && !timed_out) {
    auto r = cv.wait_timeout(std::move(g), kNoHang);
    poisoned = !r.has_value();
    auto pair = r ? std::move(*r) : std::move(r.error()).into_inner();
    g = std::move(pair.first);
    timed_out = pair.second.timed_out();
  }
  EXPECT_TRUE(*g);
  EXPECT_TRUE(poisoned);
  EXPECT_FALSE(timed_out);
  EXPECT_EQ(try_lock_from_another_thread(ready), Probe::WouldBlock);
  Mutex<bool>::unlock(std::move(g));
  EXPECT_FALSE(notifier.join().has_value());
}

TEST(Condvar, wait_timeout_while_returns_poison_error_when_notifier_panicked) {
  Mutex<bool> ready(false);
  Condvar cv;
  auto g = *ready.lock();
  auto notifier = interleave::thread::spawn([&] { set_notify_and_panic(ready, cv); });
  auto r = cv.wait_timeout_while(std::move(g), kNoHang, [](bool& r) { return !r; });
  ASSERT_FALSE(r.has_value());
  EXPECT_TRUE(*r.error().get_ref().first);
  EXPECT_FALSE(r.error().get_ref().second.timed_out());
  EXPECT_EQ(try_lock_from_another_thread(ready), Probe::WouldBlock);
  { auto pair = std::move(r.error()).into_inner(); }
  EXPECT_FALSE(notifier.join().has_value());
}

TEST(Condvar, wait_on_an_already_poisoned_mutex_returns_poison_error) {
  Mutex<int> m(0);
  try {
    auto g = *m.lock();
    throw Boom();
  } catch (const Boom&) {
  }
  Condvar cv;
  ASSERT_TRUE(m.is_poisoned());
  auto r = cv.wait_while(lock_anyway(m), [](int&) { return false; });
  EXPECT_FALSE(r.has_value());
}

// --- one Condvar, one Mutex -------------------------------------------------------------------

TEST(Condvar, waiting_with_a_second_mutex_throws_logic_error) {
  Mutex<int> a(0);
  Mutex<int> b(0);
  Condvar cv;
  (void)cv.wait_timeout(*a.lock(), 1ms);  // binds cv to a
  // Each failed wait poisons b (see below), so lock it whatever its poison.
  EXPECT_THROW((void)cv.wait_timeout(lock_anyway(b), 1ms), std::logic_error);
  EXPECT_THROW((void)cv.wait(lock_anyway(b)), std::logic_error);
  EXPECT_THROW((void)cv.wait_while(lock_anyway(b), [](int&) { return false; }), std::logic_error);
  EXPECT_THROW((void)cv.wait_timeout_while(lock_anyway(b), 1ms, [](int&) { return false; }),
               std::logic_error);
}

TEST(Condvar, second_mutex_misuse_releases_that_mutex_and_leaves_the_binding_to_the_first) {
  Mutex<int> a(0);
  Mutex<int> b(0);
  Condvar cv;
  (void)cv.wait_while(*a.lock(), [](int&) { return false; });  // binds cv to a
  EXPECT_THROW((void)cv.wait_while(*b.lock(), [](int&) { return false; }), std::logic_error);
  // The guard handed to the failed wait was released, not leaked.
  EXPECT_NE(try_lock_from_another_thread(b), Probe::WouldBlock);
  // The first mutex still works with the condvar.
  auto r = cv.wait_timeout_while(*a.lock(), 1ms, [](int&) { return false; });
  EXPECT_TRUE(r.has_value());
}

TEST(Condvar, second_mutex_misuse_poisons_that_mutex_as_a_rust_panic_would) {
  // The logic_error is the panic; the guard handed to wait() is destroyed while it unwinds.
  // Rust drops the guard during the panic too, so its mutex ends up poisoned there as here.
  Mutex<int> a(0);
  Mutex<int> b(0);
  Condvar cv;
  (void)cv.wait_while(*a.lock(), [](int&) { return false; });
  EXPECT_THROW((void)cv.wait_while(*b.lock(), [](int&) { return false; }), std::logic_error);
  EXPECT_TRUE(b.is_poisoned());
  EXPECT_FALSE(a.is_poisoned());
}

TEST(Condvar, waiting_with_a_moved_from_guard_throws_logic_error) {
  Mutex<int> m(0);
  Condvar cv;
  auto g = *m.lock();
  auto kept = std::move(g);
  EXPECT_THROW((void)cv.wait_while(std::move(g), [](int&) { return false; }), std::logic_error);
  EXPECT_EQ(*kept, 0);
}

}  // namespace condvar_test
