// interleave/mpsc/unbounded.hpp: the unbounded flavor, behind mpsc::channel<T>() (internal).
//
// Algorithm: a locked queue with a swapped-out consumer batch. Senders push onto one
// std::deque under the channel's mutex. The receiver owns a second, private deque (its batch):
// while the batch has values it pops them with no lock at all; when the batch is empty it takes
// the mutex once and swaps the two deques (two pointers), so a backlog of k values costs the
// receiver one lock, not k. The technique is the one Chromium's MessageLoop used for its task
// queue (ReloadWorkQueue: when the work queue runs dry, the incoming queue is swapped into it
// under the lock). Against the textbook channel (lock, pop one, unlock, per message) the
// receiver mostly stays off the mutex the senders contend for, and never holds it while it
// hands values out.
//
// Waking: a sender notifies only when the receiver sleeps (channel_base's "receiver is waiting"
// flag, claimed under the lock), so of several senders arriving while it sleeps only the first
// one notifies, and a receiver that keeps up (helped by its one yield before sleeping, see
// common.hpp) costs its senders no system call at all.
//
// Memory: the deques hold what is buffered, plus a deque's bookkeeping (one block, and a map of
// block pointers sized by the largest backlog seen); a deque frees each block it has popped
// past. So the footprint follows the backlog, not the number of messages ever sent.
//
// Throwing moves: push_back has the strong guarantee (a move that throws leaves the deque as it
// was: the value is not delivered); take_value (common.hpp) pops only after the move out
// succeeded (the value stays in the batch). The swap moves no value at all.
//
// Lifetime: the deques are held through unique_ptr so that the receiver's drop can steal both
// with no allocation and no move of T, and destroy the values after unlocking (a T may own a
// Sender of this very channel, whose destructor takes this mutex).
#pragma once

#include <cstddef>
#include <deque>
#include <expected>
#include <memory>
#include <utility>

#include "interleave/backend/concept.hpp"
#include "interleave/mpsc/common.hpp"
#include "interleave/mpsc/errors.hpp"

namespace interleave::mpsc::detail {

template <class T, SyncBackend Backend>
class unbounded_core : public channel_base<unbounded_core<T, Backend>, T, Backend> {
  using base = channel_base<unbounded_core<T, Backend>, T, Backend>;
  friend base;

 public:
  using duration = typename base::duration;

  unbounded_core()
      : queue_(std::make_unique<std::deque<T>>()), batch_(std::make_unique<std::deque<T>>()) {}

  // --- sender side (any thread holding a Sender) ---------------------------------------------

  std::expected<void, SendError<T>> send(T&& value) {
    scoped_lock<Backend> lock(this->mutex_);
    if (!this->receiver_alive()) {
      lock.unlock();
      return std::expected<void, SendError<T>>(std::unexpect, std::move(value));
    }
    queue_->push_back(std::move(value));  // may throw: strong guarantee, the lock is released
    const bool wake = this->claim_receiver_wakeup();
    lock.unlock();
    // After the unlock, so the receiver does not wake into a held mutex. Safe: this sender's
    // handle keeps the core alive until send returns.
    if (wake) this->not_empty_.notify_one();
    return {};
  }

  // --- receiver side (the thread holding the Receiver) ---------------------------------------

  std::expected<T, RecvError> recv() {
    if (!batch_->empty()) return take_from_batch<RecvError>();
    return this->template receive<RecvError>();
  }

  std::expected<T, TryRecvError> try_recv() {
    if (!batch_->empty()) return take_from_batch<TryRecvError>();
    return this->template receive<TryRecvError>();
  }

  std::expected<T, RecvTimeoutError> recv_timeout(duration timeout) {
    if (!batch_->empty()) return take_from_batch<RecvTimeoutError>();
    return this->template receive<RecvTimeoutError>(timeout);
  }

  // The Receiver is gone: senders fail from now on, and every value still buffered is
  // destroyed here, once, after the unlock. Returns true when the caller must delete the core.
  [[nodiscard]] bool drop_receiver() {
    scoped_lock<Backend> lock(this->mutex_);
    const bool last = this->mark_receiver_gone();
    // Steal both deques while the core is certainly alive: once unlocked, the last sender may
    // delete it. No sender touches queue_ after seeing the receiver gone.
    std::unique_ptr<std::deque<T>> older = std::move(batch_);
    std::unique_ptr<std::deque<T>> newer = std::move(queue_);
    lock.unlock();
    older.reset();  // oldest values first, as they were sent
    newer.reset();
    return last;
  }

 private:
  // channel_base's receive loop, with the lock held.
  bool buffered_locked() const { return !queue_->empty(); }

  // The batch is empty here (recv looked first): swap so the senders get the empty deque and
  // the receiver the whole backlog, unlock, and hand out the oldest value.
  template <class E>
  std::expected<T, E> take_locked(scoped_lock<Backend>& lock) {
    queue_.swap(batch_);
    lock.unlock();
    return take_from_batch<E>();
  }

  template <class E>
  std::expected<T, E> take_from_batch() {
    return take_value<E>(batch_->front(), [this] { batch_->pop_front(); });
  }

  // Guarded by mutex_: what the senders have sent and the receiver has not yet swapped out.
  // Never null while the receiver lives.
  std::unique_ptr<std::deque<T>> queue_;
  // The receiver's own: values taken from queue_ in one swap, handed out front first. Touched
  // only by the receiver's thread, so it needs no lock.
  std::unique_ptr<std::deque<T>> batch_;
};

}  // namespace interleave::mpsc::detail
