// interleave/condvar.hpp: Condvar, a condition variable used with a MutexGuard, as Rust's
// std::sync::Condvar.
//
//   interleave::Mutex<bool> ready(false);  interleave::Condvar cv;
//   // waiter:                                   // notifier:
//   auto g = cv.wait_while(*ready.lock(),        { *(*ready.lock()) = true; }
//                          [](bool& r){ return !r; });   cv.notify_one();
//
// - wait(guard) atomically releases the guard's lock and blocks until notified, then re-takes
//   the lock and returns the guard. Spurious wake-ups are allowed: wait in a loop on a
//   predicate, or use wait_while(guard, pred), which blocks while pred(T&) is true.
// - wait_timeout(guard, d) returns the guard with WaitTimeoutResult; timed_out() is true when
//   the wait may have ended because `d` elapsed (false means a notification, or a spurious wake).
//   wait_timeout_while(guard, d, pred) re-checks pred and reports timed_out() only when pred
//   is still true at the deadline.
// - Poisoning is kept across a wait: if the mutex is poisoned when the wait returns, the guard
//   comes back inside PoisonError, still holding the lock.
// - Misuse: a Condvar serves one mutex; waiting on it with guards of two different mutexes
//   throws std::logic_error (Rust panics likewise).
// - notify_one()/notify_all() need not be called with the lock held.
//
// Memory ordering: a notification does not itself synchronize; the predicate's state is
// published by the notifier's unlock and observed after the waiter re-acquires the lock.
// The mutex binding check uses a relaxed CAS on `bound_mutex_`: it only detects misuse and
// orders nothing, which is also why it is a plain std::atomic rather than a backend atomic (a
// model checker has nothing to learn from it, and its address-valued steps would only make
// histories differ from run to run).
//
// Fault points (detail/fault.hpp), compiled in only for negative controls, each caught by a
// model in models/condvar.cpp and (but the last) by a generated scenario in
// properties/scenarios/condvar.cpp: notify_one_wakes_nobody and notify_all_wakes_nobody
// (notify_one/notify_all), wait_while_skips_recheck (wait_while), wait_ignores_poison
// (poisoned(), behind every wait), timeout_skips_recheck (wait_timeout_while).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <source_location>
#include <stdexcept>
#include <utility>

#include "interleave/backend/std.hpp"
#include "interleave/detail/fault.hpp"
#include "interleave/mutex.hpp"
#include "interleave/poison.hpp"

namespace interleave {

namespace detail {

// A timeout as nanoseconds, saturated at 100 years: `Backend::now() + d` and the standard
// library's own deadline arithmetic overflow past ~292 years, and nanoseconds::max() is the
// usual way to say "no limit". Compared in floating point so no duration type overflows.
template <class Rep, class Period>
std::chrono::nanoseconds saturated(std::chrono::duration<Rep, Period> d) {
  constexpr auto limit = std::chrono::nanoseconds(std::chrono::hours(24 * 365 * 100));
  using seconds = std::chrono::duration<double>;
  if (seconds(d) >= seconds(limit)) return limit;
  if (seconds(d) <= seconds::zero()) return std::chrono::nanoseconds::zero();
  return std::chrono::duration_cast<std::chrono::nanoseconds>(d);
}

}  // namespace detail

class WaitTimeoutResult {
 public:
  constexpr explicit WaitTimeoutResult(bool timed_out) noexcept : timed_out_(timed_out) {}
  [[nodiscard]] constexpr bool timed_out() const noexcept { return timed_out_; }

 private:
  bool timed_out_;
};

template <SyncBackend Backend = std_backend>
class Condvar {
 public:
  // The parameter, the caller's line, names it in a model's history (built_here).
  Condvar(built_here<Backend> = std::source_location::current()) {}
  Condvar(const Condvar&) = delete;
  Condvar& operator=(const Condvar&) = delete;

  template <class T>
  LockResult<MutexGuard<T, Backend>> wait(MutexGuard<T, Backend> guard) {
    Mutex<T, Backend>& m = bind(guard);
    cv_.wait(m.raw_);
    return after_wait(m, std::move(guard));
  }

  template <class T, class Pred>
  LockResult<MutexGuard<T, Backend>> wait_while(MutexGuard<T, Backend> guard, Pred pred) {
    Mutex<T, Backend>& m = bind(guard);
    while (pred(*guard)) {
      cv_.wait(m.raw_);
      // FAULT wait_while_skips_recheck: the wake-up is taken for the predicate's change, which
      // another waiter may have consumed (shows: USER ASSERT FAILED;
      // condvar/negative/wait-while-skips-recheck).
      if constexpr (detail::injects<Backend, fault::wait_while_skips_recheck>) break;
    }
    return after_wait(m, std::move(guard));
  }

  template <class T, class Rep, class Period>
  LockResult<std::pair<MutexGuard<T, Backend>, WaitTimeoutResult>> wait_timeout(
      MutexGuard<T, Backend> guard, std::chrono::duration<Rep, Period> timeout) {
    Mutex<T, Backend>& m = bind(guard);
    const bool notified = cv_.wait_for(m.raw_, detail::saturated(timeout));
    return with_poison(m, std::move(guard), WaitTimeoutResult(!notified));
  }

  template <class T, class Rep, class Period, class Pred>
  LockResult<std::pair<MutexGuard<T, Backend>, WaitTimeoutResult>> wait_timeout_while(
      MutexGuard<T, Backend> guard, std::chrono::duration<Rep, Period> timeout, Pred pred) {
    Mutex<T, Backend>& m = bind(guard);
    const auto deadline = Backend::now() + detail::saturated(timeout);
    bool timed_out = false;
    while (pred(*guard)) {
      const auto left = deadline - Backend::now();
      if (left <= decltype(left)::zero() || !cv_.wait_for(m.raw_, left)) {
        // FAULT timeout_skips_recheck: the timeout is reported as it is, though the predicate
        // may have come true while the wait ended, its notification finding nobody (shows:
        // USER ASSERT FAILED; condvar/negative/timeout-skips-recheck).
        if constexpr (detail::injects<Backend, fault::timeout_skips_recheck>) {
          timed_out = true;
          break;
        }
        timed_out = pred(*guard);  // a timed-out wait still counts if the predicate came true
        if (timed_out) break;
      }
    }
    return with_poison(m, std::move(guard), WaitTimeoutResult(timed_out));
  }

  void notify_one() {
    // FAULT notify_one_wakes_nobody (shows: DEADLOCK; condvar/negative/notify-one-wakes-nobody).
    if constexpr (!detail::injects<Backend, fault::notify_one_wakes_nobody>) cv_.notify_one();
  }
  void notify_all() {
    // FAULT notify_all_wakes_nobody (shows: DEADLOCK; condvar/negative/notify-all-wakes-nobody).
    if constexpr (!detail::injects<Backend, fault::notify_all_wakes_nobody>) cv_.notify_all();
  }

 private:
  template <class T>
  Mutex<T, Backend>& bind(const MutexGuard<T, Backend>& guard) {
    Mutex<T, Backend>* m = guard.mutex_;
    if (m == nullptr) throw std::logic_error("Condvar: wait on a moved-from MutexGuard");
    const auto address = reinterpret_cast<std::uintptr_t>(m);
    std::uintptr_t expected = 0;
    if (!bound_mutex_.compare_exchange_strong(expected, address, std::memory_order::relaxed,
                                              std::memory_order::relaxed) &&
        expected != address) {
      throw std::logic_error("Condvar: used with more than one mutex");
    }
    return *m;
  }

  // Whether a wait hands its guard back inside PoisonError: the mutex is poisoned now, with the
  // lock re-taken. The one place every wait decides it.
  template <class T>
  static bool poisoned(const Mutex<T, Backend>& m) {
    // FAULT wait_ignores_poison: a waiter returns Ok from a poisoned mutex (shows: USER ASSERT
    // FAILED; condvar/negative/wait-ignores-poison).
    if constexpr (detail::injects<Backend, fault::wait_ignores_poison>)
      return false;
    else
      return m.is_poisoned();
  }

  template <class T>
  static LockResult<MutexGuard<T, Backend>> after_wait(Mutex<T, Backend>& m,
                                                       MutexGuard<T, Backend> guard) {
    return detail::lock_result(poisoned(m), std::move(guard));
  }

  template <class T>
  static LockResult<std::pair<MutexGuard<T, Backend>, WaitTimeoutResult>> with_poison(
      Mutex<T, Backend>& m, MutexGuard<T, Backend> guard, WaitTimeoutResult r) {
    return detail::lock_result(poisoned(m), std::pair(std::move(guard), r));
  }

  typename Backend::condition_variable cv_;
  // Invariant: 0 until the first wait, then the address of the only Mutex used with this.
  std::atomic<std::uintptr_t> bound_mutex_{0};
};

}  // namespace interleave
