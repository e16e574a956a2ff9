// interleave/mpsc/rendezvous.hpp: the rendezvous flavor, behind mpsc::sync_channel<T>(0)
// (internal).
//
// Algorithm: one hand-off slot under the channel's mutex, and tickets. A sender waits until
// the slot is free (`slot_free_`), puts its value there, takes ticket `placed_ + 1`, and waits
// (`taken_cv_`) until `taken_` reaches its ticket: the receiver counts every value it takes out
// of the slot, and values leave the slot in the order they entered, so `taken_ >= ticket`
// means "my value was received". That is what makes send return only after the hand-off
// (Rust's zero-capacity channel promises the same; its pre-1.67 implementation also parked the
// sender with its value until a receiver took it). If the receiver goes first, the sender takes
// its value back out of the slot and returns it in SendError.
//
// try_send succeeds only when the receiver is already asleep in recv (channel_base's waiting
// flag) and the slot is free; the value is left in the slot and the receiver is woken for it.
// It cannot be stranded: the receiver, once woken (even by a timeout), always looks at the slot
// before it decides anything, and it cannot be dropped while it is inside recv.
//
// Waking: the receiver is notified only when it sleeps (claimed flag, channel_base); the
// owner of the slot's value only when it waits for the hand-off (`handoff_waiting_`, cleared
// by whoever notifies it), and under the lock, because successive owners wait on the same
// condition variable for different tickets; senders waiting for the slot only when
// `slot_waiters_` says so, one per value taken. A sender woken for the free slot that fails to
// fill it (its value's move throws) passes the wake-up on.
//
// Memory: the slot is part of the core; nothing is allocated per message.
//
// Fault points for negative controls (detail/fault.hpp), besides common.hpp's:
// fault::send_returns_before_taken in send(), fault::handoff_owner_not_woken in take_locked(),
// fault::owner_notified_after_unlock and fault::receiver_drop_wakes_one_sender in
// drop_receiver().
#pragma once

#include <cstddef>
#include <expected>
#include <optional>
#include <utility>

#include "interleave/backend/concept.hpp"
#include "interleave/mpsc/common.hpp"
#include "interleave/mpsc/errors.hpp"

namespace interleave::mpsc::detail {

template <class T, SyncBackend Backend>
class rendezvous_core : public channel_base<rendezvous_core<T, Backend>, T, Backend> {
  using base = channel_base<rendezvous_core<T, Backend>, T, Backend>;
  friend base;

 public:
  using duration = typename base::duration;

  rendezvous_core() = default;

  // --- sender side (any thread holding a SyncSender) -----------------------------------------

  // Returns once the receiver has taken the value; fails, handing the value back, when the
  // receiver is gone before it took it (also when it goes while this sender waits).
  std::expected<void, SendError<T>> send(T&& value) {
    scoped_lock<Backend> lock(this->mutex_);
    bool yielded = false;
    for (;;) {
      if (!this->receiver_alive()) {
        lock.unlock();
        return std::expected<void, SendError<T>>(std::unexpect, std::move(value));
      }
      if (!slot_.has_value()) break;
      if (yield_before_sleeping(lock, yielded)) continue;
      slot_waiters_.store(slot_waiters_.load() + 1);
      slot_free_.wait(this->mutex_);
      slot_waiters_.store(slot_waiters_.load() - 1);
    }
    const std::size_t ticket = place_locked(value);
    // Under the lock is fine here: the receiver cannot get past the mutex until we wait.
    if (this->claim_receiver_wakeup()) this->not_empty_.notify_one();
    // FAULT send_returns_before_taken: the sender leaves once its value is in the slot, as if
    // the channel had a buffer of one (shows: USER ASSERT FAILED;
    // channel/negative/rendezvous/send-returns-before-taken).
    if constexpr (interleave::detail::injects<Backend, fault::send_returns_before_taken>) {
      lock.unlock();
      return {};
    }
    yielded = false;
    while (taken_.load() < ticket && this->receiver_alive()) {
      if (yield_before_sleeping(lock, yielded)) continue;
      handoff_waiting_.store(true);
      taken_cv_.wait(this->mutex_);
    }
    if (taken_.load() >= ticket) {  // received (perhaps just before the receiver went)
      lock.unlock();
      return {};
    }
    return reclaim_locked(lock);
  }

  std::expected<void, TrySendError<T>> try_send(T&& value) {
    scoped_lock<Backend> lock(this->mutex_);
    if (!this->receiver_alive()) {
      lock.unlock();
      return std::expected<void, TrySendError<T>>(
          std::unexpect, TrySendError<T>::Kind::Disconnected, std::move(value));
    }
    if (slot_.has_value() || !this->receiver_waiting()) {
      lock.unlock();
      return std::expected<void, TrySendError<T>>(std::unexpect, TrySendError<T>::Kind::Full,
                                                  std::move(value));
    }
    (void)place_locked(value);  // nobody waits for this ticket: the receiver is already there
    const bool wake = this->claim_receiver_wakeup();
    lock.unlock();
    if (wake) this->not_empty_.notify_one();  // safe after unlock: the sender's handle is alive
    return {};
  }

  // --- receiver side (the thread holding the Receiver) ---------------------------------------

  std::expected<T, RecvError> recv() { return this->template receive<RecvError>(); }
  std::expected<T, TryRecvError> try_recv() { return this->template receive<TryRecvError>(); }
  std::expected<T, RecvTimeoutError> recv_timeout(duration timeout) {
    return this->template receive<RecvTimeoutError>(timeout);
  }

  // The Receiver is gone: the owner of the value in the slot and every sender waiting for the
  // slot wake and fail with their own values. Returns true when the caller must delete the
  // core. (A value nobody owns can only be left in the slot by an injected fault; it is
  // destroyed with the core.)
  [[nodiscard]] bool drop_receiver() {
    scoped_lock<Backend> lock(this->mutex_);
    const bool last = this->mark_receiver_gone();
    const bool wake_owner = handoff_waiting_.load();
    const bool wake_waiters = slot_waiters_.load() > 0;
    // FAULT owner_notified_after_unlock: the notifies moved after the unlock. A sender that
    // leaves its wait on its own (a spurious wake-up) sees the receiver gone, takes its value
    // back, drops its handle and, as the last party, frees the core before these notifies touch
    // its condition variables (shows: ACCESS TO FREED MEMORY;
    // channel/negative/rendezvous/owner-notified-after-unlock).
    if constexpr (interleave::detail::injects<Backend, fault::owner_notified_after_unlock>) {
      lock.unlock();
      if (wake_owner) taken_cv_.notify_one();
      if (wake_waiters) slot_free_.notify_all();
      return last;
    }
    // Under the lock: once unlocked, the woken senders may drop their handles and the last one
    // may delete the core.
    if (wake_owner) taken_cv_.notify_one();
    // FAULT receiver_drop_wakes_one_sender: one sender waiting for the slot wakes, the others
    // sleep on (shows: DEADLOCK; channel/negative/rendezvous/receiver-drop-wakes-one-sender).
    if constexpr (interleave::detail::injects<Backend, fault::receiver_drop_wakes_one_sender>) {
      if (wake_waiters) slot_free_.notify_one();
    } else if (wake_waiters) {
      slot_free_.notify_all();
    }
    lock.unlock();
    return last;
  }

 private:
  // With the lock held and the slot free: put the value there and return its ticket.
  std::size_t place_locked(T& value) {
    try {
      slot_.emplace(std::move(value));
    } catch (...) {
      // This sender may have consumed the wake-up sent for the free slot: pass it on.
      if (slot_waiters_.load() > 0) slot_free_.notify_one();
      throw;  // the slot stays empty; the caller's scoped_lock releases the mutex
    }
    const std::size_t ticket = placed_.load() + 1;
    placed_.store(ticket);
    return ticket;
  }

  // With the lock held, the receiver gone and this sender's value still in the slot: move it
  // back out into the error. If that move throws, the value stays in the slot and is destroyed
  // with the core.
  std::expected<void, SendError<T>> reclaim_locked(scoped_lock<Backend>& lock) {
    std::expected<void, SendError<T>> out(std::unexpect, std::move(*slot_));
    slot_.reset();
    handoff_waiting_.store(false);
    lock.unlock();
    return out;
  }

  // channel_base's receive loop, with the lock held.
  bool buffered_locked() const { return slot_.has_value(); }

  template <class E>
  std::expected<T, E> take_locked(scoped_lock<Backend>& lock) {
    return take_value<E>(*slot_, [&] {
      slot_.reset();
      taken_.store(taken_.load() + 1);
      // The owner is notified under the lock, so that the notify reaches it and no later owner:
      // once unlocked, another sender may fill the slot and wait on taken_cv_ too, and a late
      // notify_one could wake that one (whose value is not taken) instead of this one.
      if (handoff_waiting_.load()) {
        handoff_waiting_.store(false);
        // FAULT handoff_owner_not_woken: the wake-up is claimed and never sent, so the sender
        // sleeps on after its value was taken (shows: DEADLOCK;
        // channel/negative/rendezvous/handoff-owner-not-woken).
        if constexpr (!interleave::detail::injects<Backend, fault::handoff_owner_not_woken>)
          taken_cv_.notify_one();
      }
      const bool wake_next = slot_waiters_.load() > 0;
      lock.unlock();
      // Senders waiting for the slot all wait for the same thing: any of them may be woken, and
      // after the unlock is safe (it is inside send, its handle keeps the core alive).
      if (wake_next) slot_free_.notify_one();
    });
  }

  // Guarded by mutex_: the value being handed over, if any.
  std::optional<T> slot_;
  // Guarded by mutex_. Invariant: placed_ counts values ever put in the slot, taken_ those the
  // receiver took out of it; while the receiver lives, placed_ - taken_ is 1 when the slot is
  // full and 0 when it is empty (a value reclaimed after the receiver went is not counted).
  typename Backend::template cell<std::size_t> placed_{0};
  typename Backend::template cell<std::size_t> taken_{0};
  // Guarded by mutex_. Invariant: true while the sender whose value is in the slot waits on
  // taken_cv_ and nobody has notified it yet.
  typename Backend::template cell<bool> handoff_waiting_{false};
  // Guarded by mutex_. Invariant: the number of senders inside slot_free_.wait.
  typename Backend::template cell<std::size_t> slot_waiters_{0};
  // The owner of the slot's value waits here for it to be taken (or for the receiver to go).
  typename Backend::condition_variable taken_cv_;
  // Senders wait here for the slot to be free (or for the receiver to go).
  typename Backend::condition_variable slot_free_;
};

}  // namespace interleave::mpsc::detail
