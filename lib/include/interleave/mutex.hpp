// interleave/mutex.hpp: Mutex<T>, a mutual-exclusion lock that owns the data it protects and
// is poisoned by a panic, as Rust's std::sync::Mutex.
//
//   interleave::Mutex<std::vector<int>> m;
//   if (auto g = m.lock()) (*g)->push_back(1);              // not poisoned
//   auto g = m.lock().or_else(...)                         // or recover: error().into_inner()
//
// - lock() blocks until the lock is held and returns a MutexGuard inside LockResult: the
//   error alternative, PoisonError, still carries a guard holding the lock.
// - try_lock() never blocks: WouldBlock when another thread holds the lock.
// - A guard gives T& through * and ->, is move-only, and unlocks when destroyed. A guard
//   destroyed by unwinding (an exception thrown after it was taken) poisons the mutex; so does
//   nothing else. is_poisoned(), clear_poison(), into_inner() as in Rust.
// - Misuse: locking a Mutex already held by the same thread deadlocks (std::mutex semantics:
//   undefined behaviour with the std backend, a reported DEADLOCK or RECURSION under Relacy).
//   Destroying a Mutex while a guard exists is undefined behaviour.
// - Lifetime: a guard must not outlive its Mutex. Mutex is neither copyable nor movable.
//
// Memory ordering: unlock (guard destruction) happens-before the next lock that acquires it;
// every access to T made under one guard happens-before every access under later guards. The
// poison flag needs no ordering of its own (see poison.hpp).
#pragma once

#include <source_location>
#include <utility>

#include "interleave/backend/std.hpp"
#include "interleave/marker.hpp"
#include "interleave/poison.hpp"

namespace interleave {

template <class T, SyncBackend Backend = std_backend>
class Mutex;
template <SyncBackend Backend>
class Condvar;

template <class T, SyncBackend Backend = std_backend>
class [[nodiscard]] MutexGuard {
 public:
  MutexGuard(MutexGuard&& other) noexcept
      : mutex_(std::exchange(other.mutex_, nullptr)), depth_(other.depth_) {}
  MutexGuard& operator=(MutexGuard&& other) noexcept {
    if (this != &other) {
      release();
      mutex_ = std::exchange(other.mutex_, nullptr);
      depth_ = other.depth_;
    }
    return *this;
  }
  MutexGuard(const MutexGuard&) = delete;
  MutexGuard& operator=(const MutexGuard&) = delete;
  ~MutexGuard() { release(); }

  T& operator*() const noexcept { return mutex_->data_; }
  T* operator->() const noexcept { return &mutex_->data_; }

 private:
  friend class Mutex<T, Backend>;
  friend class Condvar<Backend>;

  // Precondition: the caller holds m's raw lock; the guard now owns it.
  MutexGuard(Mutex<T, Backend>& m, int depth) noexcept : mutex_(&m), depth_(depth) {}

  void release() {
    if (mutex_ == nullptr) return;
    mutex_->poison_.done(depth_);  // before unlock: the flag is written under the lock
    mutex_->raw_.unlock();
    mutex_ = nullptr;
  }

  Mutex<T, Backend>* mutex_;  // null once moved from
  int depth_;                 // exceptions in flight when the lock was taken
};

template <class T, SyncBackend Backend>
class Mutex {
 public:
  using guard_type = MutexGuard<T, Backend>;

  // The last parameter, the caller's line, names it in a model's history (built_here).
  Mutex(built_here<Backend> = std::source_location::current()) {}
  explicit Mutex(T value, built_here<Backend> = std::source_location::current())
      : data_(std::move(value)) {}
  template <class... Args>
  explicit Mutex(in_place_here<Backend>, Args&&... args) : data_(std::forward<Args>(args)...) {}
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  // Blocks until the lock is held. The guard comes back inside PoisonError when a previous
  // holder panicked and nobody has called clear_poison() since.
  LockResult<guard_type> lock() {
    raw_.lock();
    return poison_.admit(guard_type(*this, poison_.panic_depth()));
  }

  // Takes the lock only if it is free right now.
  [[nodiscard]] TryLockResult<guard_type> try_lock() {
    using Error = TryLockError<guard_type>;
    if (!raw_.try_lock()) return std::unexpected(Error::would_block());
    return poison_.admit_try(guard_type(*this, poison_.panic_depth()));
  }

  // Same as destroying the guard; spelled like Rust's Mutex::unlock.
  static void unlock(guard_type guard) { (void)guard; }

  [[nodiscard]] bool is_poisoned() const { return poison_.get(); }
  void clear_poison() { poison_.clear(); }

  // Moves the data out; PoisonError (holding the data) when poisoned. The Mutex is left holding
  // a moved-from T.
  LockResult<T> into_inner() && { return poison_.admit(std::move(data_)); }

 private:
  friend class MutexGuard<T, Backend>;
  friend class Condvar<Backend>;

  typename Backend::mutex raw_;
  detail::poison_flag<Backend> poison_;
  T data_{};
};

// Send and Sync (marker.hpp), as Rust's: a Mutex hands its T to one thread at a time, so a Send
// T is enough for both; a guard is released by the thread that locked, so it is never Send, and
// it is Sync when T is (a shared guard reads T).
template <class T, class Backend>
struct send_trait<Mutex<T, Backend>> : std::bool_constant<Send<T>> {};
template <class T, class Backend>
struct sync_trait<Mutex<T, Backend>> : std::bool_constant<Send<T>> {};
template <class T, class Backend>
struct send_trait<MutexGuard<T, Backend>> : std::false_type {};
template <class T, class Backend>
struct sync_trait<MutexGuard<T, Backend>> : std::bool_constant<Sync<T>> {};

}  // namespace interleave
