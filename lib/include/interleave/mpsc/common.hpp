// interleave/mpsc/common.hpp: what every channel flavor shares (internal).
//
// Each flavor (unbounded.hpp, bounded.hpp, rendezvous.hpp) is a "core": one heap block shared
// by the senders and the receiver, holding one backend mutex and everything it guards. This file
// holds the part that does not depend on how values are buffered:
//
//   - the endpoint bookkeeping: how many sender handles exist, whether the receiver does, and
//     who is the last party to leave (that party deletes the block, after unlocking);
//   - the receiver's side of waiting: the `not_empty_` condition variable, the "receiver is
//     waiting" flag that lets senders skip the notify when nobody sleeps, and the one receive
//     loop that recv, try_recv and recv_timeout of every flavor run;
//   - the three logic faults that negative controls inject (detail/fault.hpp). Each sits at one
//     spot, here, so every flavor's models can show it caught:
//       fault::lost_notify              in claim_receiver_wakeup(): every send path uses it
//       fault::disconnect_before_drain  in reports_disconnected(): every receive uses it
//       fault::unlocked_sender_count    in drop_sender(): every sender handle's destructor
//     Model shapes that catch them, each checked in every flavor in a scratch run (the models
//     in models/channel*.cpp are to hold them as negative controls): a producer sends one value
//     and drops its sender while the receiver drains (lost_notify: DEADLOCK;
//     disconnect_before_drain: the receiver's count assertion fails; for a rendezvous, which
//     holds a value after its sender left only when try_send handed it to a sleeping receiver,
//     the producer must use try_send), and two senders dropped at once
//     (unlocked_sender_count: DATA RACE).
//
// Why the fields are backend cells and not atomics: every one of them is read and written only
// with the channel's mutex held. Making them `Backend::cell` costs nothing with std_backend (a
// plain field) and lets Relacy report a DATA RACE the moment some path touches one without the
// lock, which is exactly what fault::unlocked_sender_count must show.
#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <source_location>
#include <utility>

#include "interleave/backend/concept.hpp"
#include "interleave/detail/fault.hpp"
#include "interleave/mpsc/errors.hpp"

namespace interleave::mpsc::detail {

// A lock on a backend mutex that unlocks on destruction only if the owner has not done so by
// hand. Cores unlock explicitly on every normal path (so a Relacy history names the core's own
// line, and so notifications can be sent after the unlock); the destructor is for the paths
// that leave by exception (a throwing move of T), so the mutex is never left locked.
template <SyncBackend Backend>
class scoped_lock {
 public:
  using here = std::source_location;

  explicit scoped_lock(typename Backend::mutex& m, here l = here::current()) : m_(m) {
    m_.lock(l);
  }
  scoped_lock(const scoped_lock&) = delete;
  scoped_lock& operator=(const scoped_lock&) = delete;
  ~scoped_lock() {
    if (owns_) m_.unlock();
  }

  void unlock(here l = here::current()) {
    owns_ = false;
    m_.unlock(l);
  }
  // Precondition: unlocked by hand before.
  void lock(here l = here::current()) {
    m_.lock(l);
    owns_ = true;
  }

 private:
  typename Backend::mutex& m_;
  bool owns_ = true;
};

// Before a thread goes to sleep on a channel it gives the other side one chance: unlock, yield,
// lock again, and look once more. A consumer that keeps pace with its producers (or producers
// that keep pace with a consumer) finds the channel empty (or full) often; sleeping at each of
// those moments costs a notify, i.e. two system calls and two context switches, per message.
// Measured on SPSC and 4-producer streams, this one yield removed nearly every sleep. Returns
// true when it yielded (the caller looks again) and false when the caller already had its
// chance (it sleeps). Under Relacy the yield is one more scheduling point, nothing else.
template <SyncBackend Backend>
bool yield_before_sleeping(scoped_lock<Backend>& lock, bool& yielded) {
  if (yielded) return false;
  yielded = true;
  lock.unlock();
  Backend::yield();
  lock.lock();
  return true;
}

// The wait a receive operation does when nothing is buffered, chosen by its error type.
template <class E>
struct receive_mode;
template <>
struct receive_mode<RecvError> {  // recv: wait until a value or disconnection
  static constexpr bool waits = true, timed = false;
  static RecvError disconnected() noexcept { return {}; }
};
template <>
struct receive_mode<TryRecvError> {  // try_recv: never wait
  static constexpr bool waits = false, timed = false;
  static TryRecvError disconnected() noexcept { return TryRecvError::Disconnected; }
  static TryRecvError nothing() noexcept { return TryRecvError::Empty; }
};
template <>
struct receive_mode<RecvTimeoutError> {  // recv_timeout: wait until the deadline
  static constexpr bool waits = true, timed = true;
  static RecvTimeoutError disconnected() noexcept { return RecvTimeoutError::Disconnected; }
  static RecvTimeoutError nothing() noexcept { return RecvTimeoutError::Timeout; }
};

// Moves the value in `from` into a fresh result and only then lets `remove` take the husk out
// of the buffer. If T's move throws, `remove` never runs: the value stays where it was and the
// exception propagates. The single named return lets the compiler construct `out` in the
// caller's return slot (NRVO), and callers return the prvalue on (guaranteed elision), so the
// value is moved exactly once between the buffer and the caller (tests pin this down).
template <class E, class T, class Remove>
std::expected<T, E> take_value(T& from, Remove remove) {
  std::expected<T, E> out(std::in_place, std::move(from));
  remove();
  return out;
}

// A timeout as the steady clock counts it: rounded up, and capped at a century so that
// `now() + timeout` cannot overflow (a century is "forever" for a channel).
template <class Rep, class Period>
constexpr std::chrono::steady_clock::duration to_wait(std::chrono::duration<Rep, Period> d) {
  using std::chrono::steady_clock;
  constexpr std::chrono::hours century(24 * 365 * 100);
  if (d <= d.zero()) return steady_clock::duration::zero();
  if (d >= century) return std::chrono::duration_cast<steady_clock::duration>(century);
  return std::chrono::ceil<steady_clock::duration>(d);
}

// The shared part of every core. `Core` (CRTP) supplies, called with the lock held:
//   bool buffered_locked()                     is a value ready for the receiver?
//   std::expected<T, E> take_locked<E>(lock)   take it, unlock, wake whoever must be woken
template <class Core, class T, SyncBackend Backend>
class channel_base {
 public:
  using duration = std::chrono::steady_clock::duration;

  channel_base() = default;
  channel_base(const channel_base&) = delete;
  channel_base& operator=(const channel_base&) = delete;

  // A sender handle was cloned.
  void add_sender() {
    scoped_lock<Backend> lock(mutex_);
    senders_.store(senders_.load() + 1);
    lock.unlock();
  }

  // A sender handle is gone. When it was the last one, a waiting receiver is woken to see the
  // disconnection (after draining). Returns true when the caller was the last party of all and
  // must delete the core; the mutex is released by then.
  [[nodiscard]] bool drop_sender() {
    // FAULT unlocked_sender_count: decremented before the lock is taken (shows: DATA RACE).
    if constexpr (interleave::detail::injects<Backend, fault::unlocked_sender_count>) {
      senders_.store(senders_.load() - 1);
      mutex_.lock();
    } else {
      mutex_.lock();
      senders_.store(senders_.load() - 1);
    }
    const bool no_senders = senders_.load() == 0;
    if (no_senders && receiver_waiting_.load()) {
      receiver_waiting_.store(false);
      // Under the lock: once it is released the receiver may return, drop, and free the core.
      not_empty_.notify_one();
    }
    const bool last = no_senders && !receiver_alive_.load();
    mutex_.unlock();
    return last;
  }

  // The receive loop of recv (E = RecvError), try_recv (TryRecvError) and recv_timeout
  // (RecvTimeoutError). Values buffered are always handed out before disconnection is reported.
  template <class E>
  std::expected<T, E> receive(duration timeout = {}) {
    using mode = receive_mode<E>;
    const auto deadline = mode::timed ? Backend::now() + timeout : decltype(Backend::now()){};
    scoped_lock<Backend> lock(mutex_);
    bool yielded = false;
    bool timed_out = false;
    for (;;) {
      const bool buffered = self().buffered_locked();
      if (reports_disconnected(buffered)) {
        lock.unlock();
        return std::unexpected(mode::disconnected());
      }
      if (buffered) return self().template take_locked<E>(lock);
      if constexpr (!mode::waits) {
        lock.unlock();
        return std::unexpected(mode::nothing());
      } else {
        // A timed wait that ended without a notification still looks once more (a value may
        // have come with the timeout), then reports Timeout. Under Relacy the clock stands
        // still and the scheduler decides when a timed wait times out.
        [[maybe_unused]] duration left{};
        if constexpr (mode::timed) {
          left = deadline - Backend::now();
          if (timed_out || left <= left.zero()) {
            lock.unlock();
            return std::unexpected(mode::nothing());
          }
        }
        if (yield_before_sleeping(lock, yielded)) continue;
        receiver_waiting_.store(true);
        if constexpr (mode::timed) timed_out = !not_empty_.wait_for(mutex_, left);
        else not_empty_.wait(mutex_);
        receiver_waiting_.store(false);
      }
    }
  }

 protected:
  ~channel_base() = default;

  // With the lock held, after a send made a value available: whether the receiver sleeps and
  // must be notified (after unlocking). Clearing the flag makes this sender the one that wakes
  // it, so further senders skip the notify until the receiver waits again.
  [[nodiscard]] bool claim_receiver_wakeup() {
    bool wake = receiver_waiting_.load();
    if (wake) receiver_waiting_.store(false);
    // FAULT lost_notify: the send path claims the wake-up, never sends it (shows: DEADLOCK).
    if constexpr (interleave::detail::injects<Backend, fault::lost_notify>) wake = false;
    return wake;
  }

  // With the lock held: whether the receiver must report disconnection now, given whether a
  // value is ready for it. Only when nothing is left and nothing can come.
  [[nodiscard]] bool reports_disconnected(bool buffered) const {
    // FAULT disconnect_before_drain: buffered values are ignored (shows: a failed assertion).
    if constexpr (interleave::detail::injects<Backend, fault::disconnect_before_drain>) {
      buffered = false;
    }
    return !buffered && senders_.load() == 0;
  }

  // With the lock held: the receiver is gone. Returns true when no sender remains, i.e. the
  // receiver is the last party and must delete the core once it has unlocked.
  [[nodiscard]] bool mark_receiver_gone() {
    receiver_alive_.store(false);
    return senders_.load() == 0;
  }

  // With the lock held.
  [[nodiscard]] bool receiver_alive() const { return receiver_alive_.load(); }
  [[nodiscard]] bool receiver_waiting() const { return receiver_waiting_.load(); }

  typename Backend::mutex mutex_;
  // The receiver waits here for a value or for the last sender to leave.
  typename Backend::condition_variable not_empty_;

 private:
  Core& self() { return static_cast<Core&>(*this); }

  // Guarded by mutex_. Invariant: the number of live sender handles (clones count, moved-from
  // handles do not). Starts at 1: channel() hands out one sender.
  typename Backend::template cell<std::size_t> senders_{1};
  // Guarded by mutex_. Invariant: true until the Receiver is destroyed.
  typename Backend::template cell<bool> receiver_alive_{true};
  // Guarded by mutex_. Invariant: true only while the receiver is inside a wait on not_empty_
  // (or waking from it) and no sender has yet claimed the job of notifying it.
  typename Backend::template cell<bool> receiver_waiting_{false};
};

}  // namespace interleave::mpsc::detail
