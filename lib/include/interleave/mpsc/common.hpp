// interleave/mpsc/common.hpp: what every channel flavor shares (internal).
//
// Each flavor (unbounded.hpp, bounded.hpp, rendezvous.hpp) is a "core": one heap block shared
// by the senders and the receiver. This file holds the part that does not depend on how values
// are buffered:
//
//   - the endpoint bookkeeping (`endpoints`): how many sender handles exist, whether the
//     receiver does, and who is the last party to leave (that party deletes the block, after
//     unlocking). It lives under the channel's one mutex in every flavor;
//   - the receiver's side of waiting: the `not_empty_` condition variable and the "receiver is
//     waiting" flag that lets senders skip the notify when nobody sleeps;
//   - two receive loops behind recv, try_recv and recv_timeout: `channel_base`, for a flavor
//     whose buffer lives under the mutex (rendezvous), and `lockfree_channel_base`, for a
//     flavor whose senders never take the mutex to send (unbounded, bounded): there the mutex
//     and the condition variables are kept for parking only, and the receiver takes a value
//     without any lock;
//   - `slot`, a lock-free buffer's slot: storage for one T (raw bytes and an "engaged" cell,
//     i.e. an optional whose flag is a backend cell, so that Relacy checks every access to the
//     value) and the slot's atomic state word;
//   - the five logic faults that negative controls inject (detail/fault.hpp) into every flavor.
//     Each sits at one spot, here, so every flavor runs it:
//       fault::lost_notify              in claim_receiver_wakeup(): every send path uses it
//       fault::disconnect_before_drain  in reports_disconnected(): every receive uses it (a
//                                       lock-free receive also skips its lock-free fast path)
//       fault::unlocked_sender_count    in drop_sender(): every sender handle's destructor
//       fault::last_sender_frees        in drop_sender(), too
//       fault::notify_after_unlock      in drop_sender(), too
//       fault::empty_while_claimed      in lockfree_channel_base::receive() (unbounded, bounded)
//     models/channel.cpp holds each as a negative control in every flavor,
//     channel/negative/<flavor>/<fault> (disconnect_before_drain not for a rendezvous, which
//     holds a value after its sender left only when try_send handed it to a sleeping receiver:
//     the generated scenarios reach that). The flavors' own parking and hand-off paths have
//     fault points of their own, in bounded.hpp and rendezvous.hpp.
//
// Why the endpoint fields are backend cells and not atomics: every one of them is read and
// written only with the channel's mutex held. Making them `Backend::cell` costs nothing with
// std_backend (a plain field) and lets Relacy report a DATA RACE the moment some path touches
// one without the lock, which is exactly what fault::unlocked_sender_count must show. The one
// exception is the "receiver is waiting" flag of the lock-free flavors, which senders read
// without the lock (the parking handshake below), so it is an atomic there.
//
// The parking handshake of the lock-free flavors (Dekker's pattern; crossbeam-channel's
// SyncWaker does the same). Receiver, about to sleep, with the mutex held:
//   (R1) receiver_waiting_.store(true, seq_cst)   (R2) load the head slot's state (seq_cst)
// Sender, after storing a value:
//   (S1) publish the slot with a seq_cst store    (S2) receiver_waiting_.load(seq_cst)
// All four are seq_cst, so they are totally ordered: if S2 reads false, S2 precedes R1, so R2
// comes after S1 and sees the value; if R2 sees nothing, S1 follows R2, so S2 sees true and the
// sender takes the mutex (which the receiver holds until it is inside the wait) and notifies.
// Either the receiver sees the value or the sender wakes it: no lost wake-up. The bounded
// flavor runs the same handshake the other way for senders waiting on a full ring.
#pragma once

#include <chrono>
#include <cstddef>
#include <expected>
#include <new>
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

  explicit scoped_lock(typename Backend::mutex& m, here l = here::current()) : m_(m) { m_.lock(l); }
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

// Before a thread goes to sleep on a channel it gives the other side a few chances
// (`yields_left`, counted down): unlock, yield, lock again, and look once more. A consumer that
// keeps pace with its producers finds the channel empty often; sleeping at each of those
// moments costs a notify, i.e. two system calls and two context switches, per message. Returns
// true when it yielded (the caller looks again) and false when the caller has had its chances
// (it sleeps). Under Relacy each yield is one more scheduling point, nothing else.
template <SyncBackend Backend>
bool yield_before_sleeping(scoped_lock<Backend>& lock, int& yields_left) {
  if (yields_left == 0) return false;
  --yields_left;
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

// The endpoint bookkeeping of every core, under the channel's mutex. `Flag` is the type of the
// "receiver is waiting" flag: a cell when only lock holders touch it (rendezvous), an atomic
// when senders read it without the lock (the lock-free flavors; see the handshake above).
template <SyncBackend Backend, class Flag>
class endpoints {
 public:
  endpoints() = default;
  endpoints(const endpoints&) = delete;
  endpoints& operator=(const endpoints&) = delete;

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
    const bool wake = no_senders && receiver_waiting();
    if (wake) set_receiver_waiting(false);
    // FAULT last_sender_frees: the receiver is not asked, so the last sender frees the core it
    // still uses (shows: ACCESS TO FREED MEMORY; channel/negative/*/last-sender-frees).
    constexpr bool ignore_receiver = interleave::detail::injects<Backend, fault::last_sender_frees>;
    const bool last = no_senders && (ignore_receiver || !receiver_alive_.load());
    // FAULT notify_after_unlock: the notify moved after the unlock. The receiver, no longer
    // held back by the mutex, may leave its wait (a timeout, a spurious wake-up), see the
    // disconnection, drop, and free the core before this notify touches its condition variable
    // (shows: ACCESS TO FREED MEMORY; channel/negative/*/notify-after-unlock).
    if constexpr (interleave::detail::injects<Backend, fault::notify_after_unlock>) {
      mutex_.unlock();
      if (wake) not_empty_.notify_one();
      return last;
    }
    // Under the lock: once it is released the receiver may return, drop, and free the core.
    if (wake) not_empty_.notify_one();
    mutex_.unlock();
    return last;
  }

 protected:
  ~endpoints() = default;

  // With the lock held, after a send made a value available: whether the receiver sleeps and
  // must be notified (after unlocking). Clearing the flag makes this sender the one that wakes
  // it, so further senders skip the notify until the receiver waits again.
  [[nodiscard]] bool claim_receiver_wakeup() {
    bool wake = receiver_waiting();
    if (wake) set_receiver_waiting(false);
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
  // The same fault for a receiver that can take a value without the lock (lock-free flavors):
  // the broken receiver looks at the senders (under the lock) before it looks at the buffer.
  static constexpr bool looks_at_senders_first =
      interleave::detail::injects<Backend, fault::disconnect_before_drain>;

  // With the lock held: the receiver is gone. Returns true when no sender remains, i.e. the
  // receiver is the last party and must delete the core once it has unlocked.
  [[nodiscard]] bool mark_receiver_gone() {
    receiver_alive_.store(false);
    return senders_.load() == 0;
  }

  // With the lock held. For an atomic flag, relaxed is enough under the lock: the mutex orders
  // these accesses; only the handshake's two accesses (R1, S2) are seq_cst.
  [[nodiscard]] bool receiver_alive() const { return receiver_alive_.load(); }
  [[nodiscard]] bool receiver_waiting() const {
    if constexpr (requires { receiver_waiting_.load(std::memory_order::relaxed); })
      return receiver_waiting_.load(std::memory_order::relaxed);
    else
      return receiver_waiting_.load();
  }
  void set_receiver_waiting(bool v) {
    if constexpr (requires { receiver_waiting_.store(v, std::memory_order::relaxed); })
      receiver_waiting_.store(v, std::memory_order::relaxed);
    else
      receiver_waiting_.store(v);
  }

  typename Backend::mutex mutex_;
  // The receiver waits here for a value or for the last sender to leave.
  typename Backend::condition_variable not_empty_;
  // Written only with mutex_ held. Invariant: true only while the receiver is inside a wait on
  // not_empty_ (or about to enter it, or waking from it) and no sender has yet claimed the job
  // of notifying it. Lock-free senders read it without the lock (S2 of the handshake).
  Flag receiver_waiting_{false};

 private:
  // Guarded by mutex_. Invariant: the number of live sender handles (clones count, moved-from
  // handles do not). Starts at 1: channel() hands out one sender.
  typename Backend::template cell<std::size_t> senders_{1};
  // Guarded by mutex_. Invariant: true until the Receiver is destroyed.
  typename Backend::template cell<bool> receiver_alive_{true};
};

// The shared part of a core whose buffer lives under the mutex (rendezvous). `Core` (CRTP)
// supplies, called with the lock held:
//   bool buffered_locked()                     is a value ready for the receiver?
//   std::expected<T, E> take_locked<E>(lock)   take it, unlock, wake whoever must be woken
// and `static constexpr int yields_before_sleeping` (the receiver's: yield_before_sleeping).
template <class Core, class T, SyncBackend Backend>
class channel_base : public endpoints<Backend, typename Backend::template cell<bool>> {
 public:
  using duration = std::chrono::steady_clock::duration;

  // The receive loop of recv (E = RecvError), try_recv (TryRecvError) and recv_timeout
  // (RecvTimeoutError). Values buffered are always handed out before disconnection is reported.
  template <class E>
  std::expected<T, E> receive(duration timeout = {}) {
    using mode = receive_mode<E>;
    const auto deadline = mode::timed ? Backend::now() + timeout : decltype(Backend::now()){};
    scoped_lock<Backend> lock(this->mutex_);
    int yields_left = Core::yields_before_sleeping;
    bool timed_out = false;
    for (;;) {
      const bool buffered = self().buffered_locked();
      if (this->reports_disconnected(buffered)) {
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
        if (yield_before_sleeping(lock, yields_left)) continue;
        this->set_receiver_waiting(true);
        if constexpr (mode::timed)
          timed_out = !this->not_empty_.wait_for(this->mutex_, left);
        else
          this->not_empty_.wait(this->mutex_);
        this->set_receiver_waiting(false);
      }
    }
  }

 protected:
  ~channel_base() = default;

 private:
  Core& self() { return static_cast<Core&>(*this); }
};

// Whether the receiver holds the channel's mutex while it looks at the head (ready() below):
// freeing a slot there (a hole skipped) may wake a parked sender, which must not take the mutex
// again if the receiver holds it (it is not recursive).
enum class receiver_lock : bool { free, held };

// The shared part of a core whose senders store values without the mutex (unbounded,
// bounded). `Core` (CRTP) supplies, called by the receiver's thread only:
//   bool ready(order, lock)        is a value at the head? (skips holes: slots whose sender's
//                                  move threw). `order` is acquire, without the lock, or
//                                  seq_cst for R2 of the handshake (common.hpp's opening
//                                  comment), with the lock held (`lock` says which)
//   bool claimed()                 has a sender claimed the head position (or one past it)?
//                                  With !ready(), a sender is moving its value in right now
//   std::expected<T, E> take<E>()  precondition ready(): take the head value, move the head on
// A sender calls wake_receiver() after publishing a value (with a seq_cst store: S1).
//
// Empty means nothing claimed, as in Rust's channel (crossbeam's list and array flavors,
// start_recv): a sender claims a position, then moves its value in, then publishes it. A
// receive that finds the head claimed but not yet published (a write in progress) waits for
// that write, yielding between looks, rather than report Empty or Timeout: otherwise a thread
// that has itself just sent (or learnt that a send returned) could be told Empty while a value
// it knows of is buffered behind the slow one. The wait lasts as long as the claiming sender
// takes to move one value in (a few instructions, or T's move constructor), whatever the
// timeout of a recv_timeout; a move that throws publishes a hole (or, bounded, gives the claim
// back), which ends the wait too.
template <class Core, class T, SyncBackend Backend>
class lockfree_channel_base : public endpoints<Backend, typename Backend::template atomic<bool>> {
  using ends = endpoints<Backend, typename Backend::template atomic<bool>>;

 public:
  using duration = std::chrono::steady_clock::duration;

  // The receive loop of recv (E = RecvError), try_recv (TryRecvError) and recv_timeout
  // (RecvTimeoutError). Values buffered are always handed out before disconnection is reported.
  template <class E>
  std::expected<T, E> receive(duration timeout = {}) {
    using mode = receive_mode<E>;
    // Fast path, no lock: a value is there. Before parking, a receiver that waits gives the
    // senders one chance (a yield, then one more look): a consumer that keeps pace with its
    // producers finds the channel empty often, and sleeping at each of those moments costs a
    // notify, two system calls and two context switches, per message.
    if constexpr (!ends::looks_at_senders_first) {  // FAULT disconnect_before_drain: no fast path
      if (self().ready(std::memory_order::acquire, receiver_lock::free))
        return self().template take<E>();
      if constexpr (mode::waits) {
        Backend::yield();
        if (self().ready(std::memory_order::acquire, receiver_lock::free))
          return self().template take<E>();
      }
    }
    const auto deadline = mode::timed ? Backend::now() + timeout : decltype(Backend::now()){};
    scoped_lock<Backend> lock(this->mutex_);
    bool timed_out = false;
    for (;;) {
      // R1: pairs with S2 (the seq_cst load in wake_receiver). Set before the look below.
      if constexpr (mode::waits) this->receiver_waiting_.store(true, std::memory_order::seq_cst);
      // R2: pairs with S1 (the sender's seq_cst publish of its slot). Senders cannot leave
      // while the lock is held (drop_sender takes it), so if reports_disconnected sees no
      // sender, every value ever sent was published before that sender left, and this look
      // sees it.
      const bool buffered = self().ready(std::memory_order::seq_cst, receiver_lock::held);
      const bool disconnected = this->reports_disconnected(buffered);
      bool done = buffered || disconnected || !mode::waits;
      [[maybe_unused]] duration left{};
      if constexpr (mode::timed) {
        // A timed wait that ended without a notification looked once more (above: a value may
        // have come with the timeout), and now reports Timeout. Under Relacy the clock stands
        // still and the scheduler decides when a timed wait times out.
        left = deadline - Backend::now();
        done = done || timed_out || left <= left.zero();
      }
      if (done) {
        if constexpr (mode::waits) this->set_receiver_waiting(false);
        lock.unlock();
        if (disconnected) return std::unexpected(mode::disconnected());
        if (buffered) return self().template take<E>();
        if constexpr (!mode::waits || mode::timed) {
          if (!write_in_progress()) return std::unexpected(mode::nothing());
          wait_for_write();
          lock.lock();
          continue;
        }
      }
      if constexpr (mode::waits) {
        if constexpr (mode::timed)
          timed_out = !this->not_empty_.wait_for(this->mutex_, left);
        else
          this->not_empty_.wait(this->mutex_);
      }
    }
  }

 protected:
  ~lockfree_channel_base() = default;

  // A head position claimed and not yet published: a sender is moving its value in. Read after
  // ready() said no. claimed() needs no ordering of its own: a claim that happens-before this
  // receive (a send of this thread, or one it learnt of) is seen by write-read coherence.
  bool write_in_progress() {
    // FAULT empty_while_claimed: a claimed slot counts as nothing, so a receive reports Empty
    // or Timeout with a value buffered behind it (shows: USER ASSERT FAILED;
    // channel/negative/<flavor>/empty-while-claimed).
    if constexpr (interleave::detail::injects<Backend, fault::empty_while_claimed>) return false;
    return self().claimed();
  }
  // Until the head is published (a value or a hole) or no longer claimed (a claim given back).
  void wait_for_write() {
    do Backend::yield();
    while (!self().ready(std::memory_order::acquire, receiver_lock::free) && self().claimed());
  }

  // A sender has just published a value (or a hole) with a seq_cst store (S1): wake the receiver
  // if it sleeps, or is about to. The lock makes the notify reach it: the receiver sets the
  // flag and waits with the mutex held throughout. Safe after the unlock: the sender's handle
  // keeps the core alive until its send returns.
  void wake_receiver() {
    // S2: pairs with R1. Relaxed would not do: this load must not be ordered before S1.
    if (!this->receiver_waiting_.load(std::memory_order::seq_cst)) return;
    scoped_lock<Backend> lock(this->mutex_);
    const bool wake = this->claim_receiver_wakeup();
    lock.unlock();
    if (wake) this->not_empty_.notify_one();
  }

 private:
  Core& self() { return static_cast<Core&>(*this); }
};

// 64 bytes that keep the fields before them and the fields after them on different cache lines
// (a sender's tail and the receiver's head, written by different cores per message). Padding,
// not alignas: the core would be over-aligned, and Relacy's allocator does not honour that.
struct cache_pad {
  unsigned char bytes[64];
};

// A slot of a lock-free buffer: storage for at most one T (raw bytes plus an "engaged" flag)
// and the slot's atomic `state` word, whose meaning is the flavor's (unbounded: written or
// not; bounded: the stamp). The flag is a backend cell written whenever the value is
// constructed or destroyed and read before every use, so Relacy sees each access to the value
// as an access to that cell and reports a DATA RACE if two of them are not ordered by the
// slot's publication protocol. With std_backend it is one bool, the engaged flag an
// std::optional would have. The three share one struct so that a small state packs into the
// value's padding (16 bytes a slot for an 8-byte T and a bool state).
template <class T, SyncBackend Backend, class State>
class slot {
 public:
  slot() = default;
  slot(const slot&) = delete;
  slot& operator=(const slot&) = delete;
  ~slot() = default;  // the owner destroys a value left engaged (destroy())

  // Moves `v` in. If T's move throws, the slot stays empty and the exception propagates.
  void emplace(T& v) {
    ::new (static_cast<void*>(storage_)) T(std::move(v));
    engaged_.store(true);
  }
  [[nodiscard]] bool engaged() const { return engaged_.load(); }
  // Precondition: engaged().
  T& get() { return *std::launder(reinterpret_cast<T*>(storage_)); }
  // Precondition: engaged(). Destroys the value; the slot is empty afterwards.
  void destroy() {
    engaged_.store(false);
    get().~T();
  }

 private:
  alignas(T) unsigned char storage_[sizeof(T)];
  typename Backend::template cell<bool> engaged_{false};

 public:
  typename Backend::template atomic<State> state{};
};

}  // namespace interleave::mpsc::detail
