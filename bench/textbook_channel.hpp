// bench/textbook_channel.hpp: the "textbook" peer of the channel benchmarks.
//
// Three channels built the way every concurrency course builds them, with std::mutex,
// std::condition_variable and std::deque, and nothing clever: no batching, no "is anybody
// waiting?" bookkeeping, no spinning.
//
//   textbook_queue<T>        unbounded: send = lock, push_back, unlock, notify_one (every send);
//                            recv = lock, wait while empty, pop_front, unlock.
//   textbook_bounded<T>      the bounded buffer (Hoare's monitor example): a second condition
//                            variable for "not full"; send waits while size() == capacity,
//                            recv notifies not_full once per value taken.
//   textbook_rendezvous<T>   the lock-based SynchronousQueue of Herlihy & Shavit, "The Art of
//                            Multiprocessor Programming", section 10.6.1 (one lock, one
//                            condition, signalAll): a sender waits for the slot to be free
//                            (`enqueuing`), puts its item there, and waits until the receiver
//                            has taken it.
//
// Notifications are sent after the unlock (as cppreference's std::condition_variable example
// does), which is the cheaper of the two textbook placements, so the peer is not tuned down.
// Used by the benchmarks only: there is no disconnection, a recv waits forever.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace interleave_bench {

template <class T>
class textbook_queue {
 public:
  void send(T value) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(value));
    }
    not_empty_.notify_one();
  }

  T recv() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !queue_.empty(); });
    T value = std::move(queue_.front());
    queue_.pop_front();
    return value;
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::deque<T> queue_;
};

template <class T>
class textbook_bounded {
 public:
  // Precondition: capacity > 0.
  explicit textbook_bounded(std::size_t capacity) : capacity_(capacity) {}

  void send(T value) {
    {
      std::unique_lock lock(mutex_);
      not_full_.wait(lock, [&] { return queue_.size() < capacity_; });
      queue_.push_back(std::move(value));
    }
    not_empty_.notify_one();
  }

  T recv() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !queue_.empty(); });
    T value = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    not_full_.notify_one();
    return value;
  }

 private:
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<T> queue_;
};

// Herlihy & Shavit's SynchronousQueue (Fig. 10.17), transcribed: `item_` empty plays the
// role of `item == null`, and the condition is signalled with notify_all as the book's
// signalAll (senders waiting for the slot and the sender waiting for its hand-off share it).
template <class T>
class textbook_rendezvous {
 public:
  void send(T value) {
    std::unique_lock lock(mutex_);
    condition_.wait(lock, [&] { return !enqueuing_; });
    enqueuing_ = true;
    item_.emplace(std::move(value));
    condition_.notify_all();
    condition_.wait(lock, [&] { return !item_.has_value(); });
    enqueuing_ = false;
    condition_.notify_all();
  }

  T recv() {
    std::unique_lock lock(mutex_);
    condition_.wait(lock, [&] { return item_.has_value(); });
    T value = std::move(*item_);
    item_.reset();
    condition_.notify_all();
    return value;
  }

 private:
  std::mutex mutex_;
  std::condition_variable condition_;
  bool enqueuing_ = false;
  std::optional<T> item_;
};

}  // namespace interleave_bench
