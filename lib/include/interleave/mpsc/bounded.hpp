// interleave/mpsc/bounded.hpp: the bounded flavor, behind mpsc::sync_channel<T>(n), n > 0
// (internal).
//
// Algorithm: a ring of n slots under the channel's mutex, with two condition variables: the
// classic bounded buffer (Hoare's monitor example; Rust's sync_channel before 1.67 was likewise
// a ring under one mutex). Senders wait on `not_full_` while all n slots are taken, the receiver
// waits on `not_empty_` (channel_base) while none is. The receiver takes one value per lock:
// taking a batch would let senders refill the ring behind it, and the channel would then hold
// more than n values, which is exactly what a bounded channel promises not to do.
//
// Waking: each side notifies only when the other is known to be waiting. The receiver's
// "waiting" flag is claimed by the first sender that stores a value while it sleeps
// (channel_base); `waiting_senders_` counts senders inside `not_full_.wait`, and the receiver
// notifies one of them per slot it frees while the count is non-zero (any waiting sender can
// use any free slot, so notify_one after the unlock is enough). A sender woken for a free slot
// that then fails to use it (its value's move throws) passes the wake-up on, so no free slot is
// left with a sender asleep. Like the receiver, a sender yields once before it sleeps.
//
// Memory: the ring is allocated once, n std::optional<T>; nothing is allocated per message.
//
// Throwing moves: optional::emplace leaves the slot empty when the move throws (the value is
// not delivered, the count unchanged); take_value (common.hpp) frees the slot only after the
// move out succeeded.
//
// Lifetime: the receiver's drop steals the ring (one pointer, no allocation, no move of T) and
// destroys the buffered values after unlocking; senders blocked in send wake (notify_all under
// the lock) and fail, each with its own value.
#pragma once

#include <cstddef>
#include <expected>
#include <memory>
#include <optional>
#include <utility>

#include "interleave/backend/concept.hpp"
#include "interleave/mpsc/common.hpp"
#include "interleave/mpsc/errors.hpp"

namespace interleave::mpsc::detail {

template <class T, SyncBackend Backend>
class bounded_core : public channel_base<bounded_core<T, Backend>, T, Backend> {
  using base = channel_base<bounded_core<T, Backend>, T, Backend>;
  friend base;

 public:
  using duration = typename base::duration;

  // Precondition: capacity > 0 (sync_channel(0) is the rendezvous flavor).
  explicit bounded_core(std::size_t capacity)
      : ring_(std::make_unique<std::optional<T>[]>(capacity)), capacity_(capacity) {}

  // --- sender side (any thread holding a SyncSender) -----------------------------------------

  // Blocks while the ring is full; fails, handing the value back, once the receiver is gone
  // (also when it goes while this sender waits).
  std::expected<void, SendError<T>> send(T&& value) {
    scoped_lock<Backend> lock(this->mutex_);
    bool yielded = false;
    for (;;) {
      if (!this->receiver_alive()) {
        lock.unlock();
        return std::expected<void, SendError<T>>(std::unexpect, std::move(value));
      }
      if (len_.load() < capacity_) break;
      if (yield_before_sleeping(lock, yielded)) continue;
      waiting_senders_.store(waiting_senders_.load() + 1);
      not_full_.wait(this->mutex_);
      waiting_senders_.store(waiting_senders_.load() - 1);
    }
    push_locked(lock, value);
    return {};
  }

  std::expected<void, TrySendError<T>> try_send(T&& value) {
    scoped_lock<Backend> lock(this->mutex_);
    if (!this->receiver_alive()) {
      lock.unlock();
      return std::expected<void, TrySendError<T>>(
          std::unexpect, TrySendError<T>::Kind::Disconnected, std::move(value));
    }
    if (len_.load() == capacity_) {
      lock.unlock();
      return std::expected<void, TrySendError<T>>(std::unexpect, TrySendError<T>::Kind::Full,
                                                   std::move(value));
    }
    push_locked(lock, value);
    return {};
  }

  // --- receiver side (the thread holding the Receiver) ---------------------------------------

  std::expected<T, RecvError> recv() { return this->template receive<RecvError>(); }
  std::expected<T, TryRecvError> try_recv() { return this->template receive<TryRecvError>(); }
  std::expected<T, RecvTimeoutError> recv_timeout(duration timeout) {
    return this->template receive<RecvTimeoutError>(timeout);
  }

  // The Receiver is gone: blocked senders wake and fail, buffered values are destroyed here,
  // once, after the unlock. Returns true when the caller must delete the core.
  [[nodiscard]] bool drop_receiver() {
    scoped_lock<Backend> lock(this->mutex_);
    const bool last = this->mark_receiver_gone();
    // Under the lock: once unlocked, the woken senders may drop their handles and the last one
    // may delete the core.
    if (waiting_senders_.load() > 0) not_full_.notify_all();
    std::unique_ptr<std::optional<T>[]> ring = std::move(ring_);  // no sender reads it any more
    lock.unlock();
    ring.reset();
    return last;
  }

 private:
  // With the lock held and a free slot: store the value, wake the receiver if it sleeps, unlock.
  void push_locked(scoped_lock<Backend>& lock, T& value) {
    std::size_t tail = head_.load() + len_.load();
    if (tail >= capacity_) tail -= capacity_;
    try {
      ring_[tail].emplace(std::move(value));
    } catch (...) {
      // This sender may have consumed the wake-up sent for this free slot: pass it on.
      if (waiting_senders_.load() > 0) not_full_.notify_one();
      throw;  // the slot stays empty; the lock is released by `lock`
    }
    len_.store(len_.load() + 1);
    const bool wake = this->claim_receiver_wakeup();
    lock.unlock();
    if (wake) this->not_empty_.notify_one();  // safe after unlock: the sender's handle is alive
  }

  // channel_base's receive loop, with the lock held.
  bool buffered_locked() const { return len_.load() > 0; }

  template <class E>
  std::expected<T, E> take_locked(scoped_lock<Backend>& lock) {
    const std::size_t head = head_.load();
    std::optional<T>& slot = ring_[head];
    return take_value<E>(*slot, [&] {
      slot.reset();
      head_.store(head + 1 == capacity_ ? 0 : head + 1);
      len_.store(len_.load() - 1);
      const bool wake = waiting_senders_.load() > 0;
      lock.unlock();
      // After the unlock is safe: the receiver's own handle keeps the core alive.
      if (wake) not_full_.notify_one();
    });
  }

  // Guarded by mutex_. Invariant: slots head_, head_+1, ... (mod capacity_), len_ of them, hold
  // the buffered values, oldest first; every other slot is empty; len_ <= capacity_.
  // Null once the receiver is gone.
  std::unique_ptr<std::optional<T>[]> ring_;
  const std::size_t capacity_;
  typename Backend::template cell<std::size_t> head_{0};
  typename Backend::template cell<std::size_t> len_{0};
  // Guarded by mutex_. Invariant: the number of senders inside not_full_.wait (or waking from
  // it and not yet holding the lock again).
  typename Backend::template cell<std::size_t> waiting_senders_{0};
  // Senders wait here for a free slot or for the receiver to go.
  typename Backend::condition_variable not_full_;
};

}  // namespace interleave::mpsc::detail
