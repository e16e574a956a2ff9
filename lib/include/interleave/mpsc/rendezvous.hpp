// interleave/mpsc/rendezvous.hpp: the rendezvous flavor, behind mpsc::sync_channel<T>(0)
// (internal).
//
// Algorithm: a queue of offers under the channel's mutex (Rust's zero-capacity channel keeps a
// list of waiting senders the same way). A sender's offer lives on its own stack for the length
// of its send: its value, a `taken` flag and a condition variable of its own. send() moves the
// value into the offer, links the offer at the tail, wakes the receiver if it sleeps, and waits
// on its own condition variable until the receiver has taken the value or gone. The receiver
// takes the head offer's value, marks it taken and wakes that one sender. So the next value is
// already waiting when the receiver comes back (with 4 producers it does not wait for a woken
// sender to put one in a slot), and each message wakes one thread, the sender whose value was
// taken, not the next sender as well. A send completes only once its value is taken: if the
// receiver goes first, the sender unlinks its offer and returns its value in SendError.
//
// try_send succeeds only when the receiver is already asleep in recv (channel_base's waiting
// flag): nothing can be queued then (the receiver would have taken it), and the value goes into
// `slot_`, which the receiver looks at first, and the receiver is woken for it. It cannot be
// stranded: the receiver, once woken (even by a timeout), always looks before it decides
// anything, and it cannot be dropped while it is inside recv.
//
// Before sleeping, each side yields a few times (backend/concept.hpp, channel_handoff_yields):
// the sender looking at its offer's `taken` without the lock, the receiver at the queue. Two
// running threads then hand values over without sleeping or waking at all (Rust's channel
// spins and yields the same way before it parks).
//
// Waking: the receiver is notified only when it sleeps (claimed flag, channel_base); a sender
// only when it waits (its offer's `waiting`, cleared by whoever notifies it), and always under
// the lock, before `taken` is set: once `taken` is set or the lock released, the sender may
// return and destroy the offer with its condition variable. `taken` is the receiver's last
// access to an offer (a release store, which the spinning sender's acquire load pairs with).
//
// Memory: nothing is allocated per message; an offer is a value, three cells and a condition
// variable on the sender's stack.
//
// Fault points for negative controls (detail/fault.hpp), besides common.hpp's:
// fault::send_returns_before_taken and fault::offer_linked_before_ready in send(),
// fault::offer_withdrawn_after_taken in finish_send_locked(), fault::handoff_owner_not_woken
// in take_locked(), fault::owner_notified_after_unlock and
// fault::receiver_drop_wakes_one_sender in drop_receiver().
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

  // One sender's value waiting for the receiver. Its fields are read and written with the
  // channel's mutex held, but for the value itself (moved in before the offer is linked) and
  // `taken`, which the sender also reads without the lock (send's yields).
  struct offer {
    offer() = default;
    offer(const offer&) = delete;
    offer& operator=(const offer&) = delete;
    // The sender destroys the value when it leaves: the receiver moves it out and leaves the
    // husk (less work under the lock), a withdrawal moves it back out the same way.
    ~offer() {
      if (value.engaged()) value.destroy();
    }
    // The value; its `state` says whether the receiver has taken it.
    slot<T, Backend, bool> value;
    // Invariant: true while the sender waits on `taken_cv` and nobody has notified it yet.
    typename Backend::template cell<bool> waiting{false};
    // The next offer in the queue (nullptr at the tail).
    typename Backend::template cell<offer*> next{nullptr};
    typename Backend::condition_variable taken_cv;

    // With the lock held (relaxed: the mutex orders it), or without it (acquire).
    [[nodiscard]] bool taken(std::memory_order order) const { return value.state.load(order); }
  };

 public:
  using duration = typename base::duration;

  rendezvous_core() = default;

  // How many times either side yields before it sleeps: a sender, looking at its offer after
  // each, until its value is taken; the receiver, finding nothing (channel_base's receive
  // loop). backend/concept.hpp, channel_handoff_yields.
  static constexpr int yields_before_sleeping = channel_handoff_yields_of<Backend>;

  // --- sender side (any thread holding a SyncSender) -----------------------------------------

  // Returns once the receiver has taken the value; fails, handing the value back, when the
  // receiver is gone before it took it (also when it goes while this sender waits).
  std::expected<void, SendError<T>> send(T&& value) {
    offer mine;
    // FAULT offer_linked_before_ready: the offer is linked first and its value moved in after
    // the unlock, so the receiver may find it before the value is there (shows: DATA RACE;
    // channel/negative/rendezvous/offer-linked-before-ready).
    constexpr bool linked_before_ready =
        interleave::detail::injects<Backend, fault::offer_linked_before_ready>;
    if constexpr (!linked_before_ready) mine.value.emplace(value);  // before the lock: less held
    scoped_lock<Backend> lock(this->mutex_);
    if (!this->receiver_alive()) {
      lock.unlock();
      if (mine.value.engaged()) return finish_with_value(mine);
      return std::expected<void, SendError<T>>(std::unexpect, std::move(value));
    }
    // FAULT send_returns_before_taken: the value goes into the try_send slot when it is free
    // and the sender leaves, as if the channel had a buffer of one (shows: USER ASSERT FAILED;
    // channel/negative/rendezvous/send-returns-before-taken).
    if constexpr (interleave::detail::injects<Backend, fault::send_returns_before_taken>) {
      if (!slot_.has_value()) {
        slot_.emplace(std::move(mine.value.get()));
        if (this->claim_receiver_wakeup()) this->not_empty_.notify_one();
        lock.unlock();
        return {};
      }
    }
    link_locked(mine);
    const bool wake_receiver = this->claim_receiver_wakeup();
    lock.unlock();
    // After the unlock, so that the receiver does not wake into a held mutex; safe, as this
    // sender's handle keeps the core alive.
    if (wake_receiver) this->not_empty_.notify_one();
    if constexpr (linked_before_ready) {
      // If the move throws, the offer leaves the queue before it is destroyed. (A guard, not a
      // catch: no thread switch may happen inside a handler, where Relacy's fibers would share
      // the exception being handled.)
      struct unlink_if_thrown {
        rendezvous_core& core;
        scoped_lock<Backend>& lock;
        offer& o;
        bool moved = false;
        ~unlink_if_thrown() {
          if (moved) return;
          lock.lock();
          core.unlink_locked(o);
        }
      } guard{*this, lock, mine};
      mine.value.emplace(value);
      guard.moved = true;
    }
    // Before it sleeps, the sender gives the receiver a few chances to take the value, looking
    // at its offer without the lock: a hand-off between two running threads then costs no sleep
    // and no wake-up. Acquire pairs with the receiver's release store of `taken`, its last
    // access to an offer whose sender is not asleep: after it the offer is the sender's again.
    for (int i = 0; i < yields_before_sleeping; ++i) {
      Backend::yield();
      if (mine.taken(std::memory_order::acquire)) return {};
    }
    lock.lock();
    while (!mine.taken(std::memory_order::relaxed) && this->receiver_alive()) {
      mine.waiting.store(true);
      mine.taken_cv.wait(this->mutex_);
    }
    return finish_send_locked(mine, lock);
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
    slot_.emplace(std::move(value));  // if the move throws, the slot stays empty
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

  // The Receiver is gone: every sender waiting with an offer wakes, unlinks it and fails with
  // its own value. Returns true when the caller must delete the core. (A value try_send left in
  // the slot is destroyed with the core.)
  [[nodiscard]] bool drop_receiver() {
    scoped_lock<Backend> lock(this->mutex_);
    const bool last = this->mark_receiver_gone();
    // FAULT owner_notified_after_unlock: the senders are notified after the unlock. A sender
    // that finds the receiver gone meanwhile (it was yielding before its wait, or woke
    // spuriously) unlinks its offer and returns, destroying it, while this walk still reads the
    // queue (shows: DATA RACE; channel/negative/rendezvous/owner-notified-after-unlock).
    if constexpr (interleave::detail::injects<Backend, fault::owner_notified_after_unlock>)
      lock.unlock();
    for (offer* o = head_.load(); o != nullptr; o = o->next.load()) {
      if (o->waiting.load()) {
        o->waiting.store(false);
        o->taken_cv.notify_one();
      }
      // FAULT receiver_drop_wakes_one_sender: only the first offer's sender is woken, the others
      // sleep on (shows: DEADLOCK; channel/negative/rendezvous/receiver-drop-wakes-one-sender).
      if constexpr (interleave::detail::injects<Backend, fault::receiver_drop_wakes_one_sender>)
        break;
    }
    if constexpr (!interleave::detail::injects<Backend, fault::owner_notified_after_unlock>)
      lock.unlock();  // under the lock: once it is released, a woken sender may destroy its offer
    return last;
  }

 private:
  // With the lock held: `o` goes to the tail of the queue.
  void link_locked(offer& o) {
    if (offer* last = tail_.load())
      last->next.store(&o);
    else
      head_.store(&o);
    tail_.store(&o);
  }

  // With the lock held and `o` in the queue: takes it out.
  void unlink_locked(offer& o) {
    offer* before = nullptr;
    for (offer* at = head_.load(); at != &o; at = at->next.load()) {
      if (at == nullptr) return;  // not in the queue: nothing to take out
      before = at;
    }
    offer* after = o.next.load();
    if (before)
      before->next.store(after);
    else
      head_.store(after);
    if (tail_.load() == &o) tail_.store(before);
    o.next.store(nullptr);
  }

  // With the lock held, the sender's wait over: its value was taken, or the receiver is gone.
  std::expected<void, SendError<T>> finish_send_locked(offer& mine, scoped_lock<Backend>& lock) {
    // FAULT offer_withdrawn_after_taken: the sender that finds the receiver gone withdraws its
    // offer without asking whether the receiver took it first, so a value is both received and
    // handed back (shows: USER ASSERT FAILED;
    // channel/negative/rendezvous/offer-withdrawn-after-taken).
    constexpr bool withdraws_taken =
        interleave::detail::injects<Backend, fault::offer_withdrawn_after_taken>;
    if (mine.taken(std::memory_order::relaxed) && (!withdraws_taken || this->receiver_alive())) {
      lock.unlock();  // received (perhaps just before the receiver went)
      return {};
    }
    unlink_locked(mine);
    lock.unlock();
    return finish_with_value(mine);
  }

  // The value in `mine` goes back to the sender, in SendError. If its move throws, the offer's
  // destructor destroys it.
  static std::expected<void, SendError<T>> finish_with_value(offer& mine) {
    return std::expected<void, SendError<T>>(std::unexpect, std::move(mine.value.get()));
  }

  // channel_base's receive loop, with the lock held. An offer is linked with its value in it,
  // so a linked offer is a value ready; the flag is read all the same, as that is what lets
  // Relacy check it: a value moved in after the link (fault::offer_linked_before_ready) is a
  // DATA RACE with this read, whichever comes first, and a receiver that finds it not there yet
  // waits instead of taking what is not a value.
  bool buffered_locked() const {
    if (slot_.has_value()) return true;
    const offer* first = head_.load();
    return first != nullptr && first->value.engaged();
  }

  template <class E>
  std::expected<T, E> take_locked(scoped_lock<Backend>& lock) {
    if (slot_.has_value()) {  // try_send's, for a receiver that was asleep
      return take_value<E>(*slot_, [&] {
        slot_.reset();
        lock.unlock();
      });
    }
    offer& o = *head_.load();
    return take_value<E>(o.value.get(), [&] {
      head_.store(o.next.load());
      if (head_.load() == nullptr) tail_.store(nullptr);
      if (o.waiting.load()) {
        o.waiting.store(false);
        // FAULT handoff_owner_not_woken: the wake-up is claimed and never sent, so the sender
        // sleeps on after its value was taken (shows: DEADLOCK;
        // channel/negative/rendezvous/handoff-owner-not-woken).
        if constexpr (!interleave::detail::injects<Backend, fault::handoff_owner_not_woken>)
          o.taken_cv.notify_one();  // under the lock: the sender looks once it holds it
      }
      // The last access to `o`: a sender that is not asleep may see it without the lock (send's
      // acquire load) and leave, destroying the offer.
      o.value.state.store(true, std::memory_order::release);
      lock.unlock();
    });
  }

  // Guarded by mutex_: a value try_send handed to the sleeping receiver, if any.
  std::optional<T> slot_;
  // Guarded by mutex_: the offers waiting, oldest first (each on its sender's stack).
  typename Backend::template cell<offer*> head_{nullptr};
  typename Backend::template cell<offer*> tail_{nullptr};
};

}  // namespace interleave::mpsc::detail
