// interleave/rwlock.hpp: RwLock<T>, a reader-writer lock that owns the data it protects and is
// poisoned by a panic under a write guard, as Rust's std::sync::RwLock.
//
//   interleave::RwLock<std::vector<int>> v;
//   if (auto r = v.read()) use((*r)->size());         // many readers at once: const T&
//   if (auto w = v.write()) (*w)->push_back(1);        // one writer, no readers: T&
//
// - read() blocks until no writer holds the lock *and none is waiting*, then returns an
//   RwLockReadGuard (const T& through * and ->). Any number of read guards may exist at once.
// - write() blocks until no reader and no writer holds the lock, then returns an
//   RwLockWriteGuard (T&). try_read() and try_write() never wait for a holder of the lock:
//   TryLockError WouldBlock when they would have (they may wait briefly on the internal mutex
//   that guards the bookkeeping, never on a reader or writer).
// - Writer preference: a writer waiting in write() holds back every new reader, so a steady
//   stream of readers cannot starve writers. The consequence: a thread that takes the read
//   lock twice (read() while already holding a read guard) deadlocks if a writer arrives in
//   between, because the writer waits for the first read guard and the second read() waits for
//   the writer. Do not re-enter read(); pass the guard down instead. (try_read() from such a
//   thread returns WouldBlock instead of deadlocking.) Conversely, readers can starve under a
//   steady stream of writers: a releasing writer hands the lock to the next waiting writer
//   before it wakes any reader.
// - Poisoning: only a write guard destroyed by unwinding (an exception thrown after it was
//   taken) poisons the lock; a read guard never does, since a reader cannot have left the data
//   half-modified. Later read()/write() still take the lock and return the guard inside
//   PoisonError; try_read()/try_write() report Poisoned (with the guard) when they got the
//   lock. is_poisoned(), clear_poison(), into_inner() as in Rust.
// - Misuse: write() or a second read() while the same thread holds a guard can deadlock (above).
//   Destroying an RwLock while a guard exists is undefined behaviour.
// - Lifetime: guards are move-only and must not outlive their RwLock; RwLock is neither
//   copyable nor movable.
//
// Implementation: one internal mutex (`Backend::mutex`) protects four counters kept in backend
// cells: readers inside, whether a writer is inside, and how many readers and writers are
// blocked. Readers and writers block on separate condition variables, and a releasing holder
// notifies only when someone is blocked on the one it needs. Readers do not hold the internal
// mutex while they read T: it is held only to change the counters.
//
// Memory ordering: every acquisition and release of the RwLock takes the internal mutex, and
// the counters are read and written only under it. So a write guard's release (its unlock of
// the internal mutex after clearing `writer_`) happens-before any later acquisition that sees
// the lock free, and every read guard's release happens-before the writer that sees
// `readers_ == 0`. Hence each write to T under a write guard happens-before every later read or
// write of T under any guard, and every read of T under a read guard happens-before the next
// writer's accesses. The poison flag is written by the write guard while it still holds the
// lock exclusively and needs no ordering of its own (see poison.hpp).
#pragma once

#include <cstddef>
#include <memory>
#include <utility>

#include "interleave/backend/std.hpp"
#include "interleave/detail/fault.hpp"
#include "interleave/marker.hpp"
#include "interleave/poison.hpp"

namespace interleave {

template <class T, SyncBackend Backend = std_backend>
class RwLock;

template <class T, SyncBackend Backend = std_backend>
class [[nodiscard]] RwLockReadGuard {
 public:
  RwLockReadGuard(RwLockReadGuard&& other) noexcept : lock_(std::exchange(other.lock_, nullptr)) {}
  RwLockReadGuard& operator=(RwLockReadGuard&& other) noexcept {
    if (this != &other) {
      release();
      lock_ = std::exchange(other.lock_, nullptr);
    }
    return *this;
  }
  RwLockReadGuard(const RwLockReadGuard&) = delete;
  RwLockReadGuard& operator=(const RwLockReadGuard&) = delete;
  ~RwLockReadGuard() { release(); }

  const T& operator*() const noexcept { return lock_->data_; }
  const T* operator->() const noexcept { return std::addressof(lock_->data_); }

 private:
  friend class RwLock<T, Backend>;

  // Precondition: the caller has just been admitted as a reader; the guard now owns that.
  explicit RwLockReadGuard(RwLock<T, Backend>& l) noexcept : lock_(&l) {}

  void release() noexcept {
    if (lock_ == nullptr) return;
    lock_->unlock_shared();
    lock_ = nullptr;
  }

  RwLock<T, Backend>* lock_;  // null once moved from
};

template <class T, SyncBackend Backend = std_backend>
class [[nodiscard]] RwLockWriteGuard {
 public:
  RwLockWriteGuard(RwLockWriteGuard&& other) noexcept
      : lock_(std::exchange(other.lock_, nullptr)), depth_(other.depth_) {}
  RwLockWriteGuard& operator=(RwLockWriteGuard&& other) noexcept {
    if (this != &other) {
      release();
      lock_ = std::exchange(other.lock_, nullptr);
      depth_ = other.depth_;
    }
    return *this;
  }
  RwLockWriteGuard(const RwLockWriteGuard&) = delete;
  RwLockWriteGuard& operator=(const RwLockWriteGuard&) = delete;
  ~RwLockWriteGuard() { release(); }

  T& operator*() const noexcept { return lock_->data_; }
  T* operator->() const noexcept { return std::addressof(lock_->data_); }

 private:
  friend class RwLock<T, Backend>;

  // Precondition: the caller has just been admitted as the writer; the guard now owns that.
  RwLockWriteGuard(RwLock<T, Backend>& l, int depth) noexcept : lock_(&l), depth_(depth) {}

  void release() noexcept {
    if (lock_ == nullptr) return;
    lock_->unlock_exclusive(depth_);
    lock_ = nullptr;
  }

  RwLock<T, Backend>* lock_;  // null once moved from
  int depth_;                 // exceptions in flight when the lock was taken
};

template <class T, SyncBackend Backend>
class RwLock {
 public:
  using read_guard_type = RwLockReadGuard<T, Backend>;
  using write_guard_type = RwLockWriteGuard<T, Backend>;

  // The last parameter, the caller's line, names it in a model's history (built_here).
  RwLock(built_here<Backend> = std::source_location::current()) {}
  explicit RwLock(T value, built_here<Backend> = std::source_location::current())
      : data_(std::move(value)) {}
  template <class... Args>
  explicit RwLock(in_place_here<Backend>, Args&&... args) : data_(std::forward<Args>(args)...) {}
  RwLock(const RwLock&) = delete;
  RwLock& operator=(const RwLock&) = delete;

  // Blocks while a writer holds the lock or waits for it. The guard comes back inside
  // PoisonError when a writer panicked and nobody has called clear_poison() since.
  LockResult<read_guard_type> read() {
    lock_shared();
    return poison_.admit(read_guard_type(*this));
  }

  // Blocks while any reader or writer holds the lock.
  LockResult<write_guard_type> write() {
    lock_exclusive();
    return poison_.admit(write_guard_type(*this, poison_.panic_depth()));
  }

  // Admitted only if no writer holds the lock or waits for it right now.
  [[nodiscard]] TryLockResult<read_guard_type> try_read() {
    if (!try_lock_shared()) return std::unexpected(TryLockError<read_guard_type>::would_block());
    return poison_.admit_try(read_guard_type(*this));
  }

  // Admitted only if nobody holds the lock right now.
  [[nodiscard]] TryLockResult<write_guard_type> try_write() {
    if (!try_lock_exclusive()) {
      return std::unexpected(TryLockError<write_guard_type>::would_block());
    }
    return poison_.admit_try(write_guard_type(*this, poison_.panic_depth()));
  }

  [[nodiscard]] bool is_poisoned() const { return poison_.get(); }
  void clear_poison() { poison_.clear(); }

  // Moves the data out; PoisonError (holding the data) when poisoned. The RwLock is left
  // holding a moved-from T.
  LockResult<T> into_inner() && { return poison_.admit(std::move(data_)); }

 private:
  friend class RwLockReadGuard<T, Backend>;
  friend class RwLockWriteGuard<T, Backend>;

  // Holds the internal mutex for one scope.
  class state_lock {
   public:
    explicit state_lock(RwLock& l) : m_(l.state_mutex_) { m_.lock(); }
    state_lock(const state_lock&) = delete;
    state_lock& operator=(const state_lock&) = delete;
    ~state_lock() { m_.unlock(); }

   private:
    typename Backend::mutex& m_;
  };

  // --- the protocol; every function below holds state_mutex_ while it touches a counter ----

  // Under state_mutex_: no writer inside and none queued (writer preference).
  bool reader_may_enter() const {
    if constexpr (detail::injects<Backend, fault::readers_overtake_writers>) {
      return !writer_.load();  // fault: caught by rwlock/negative/readers-overtake-writers
    } else {
      return !writer_.load() && writers_waiting_.load() == 0;
    }
  }

  // Under state_mutex_: the one place a writer decides whether it may enter.
  bool writer_may_enter() const {
    if constexpr (detail::injects<Backend, fault::writer_ignores_readers>) {
      return !writer_.load();  // fault: caught by rwlock/negative/writer-ignores-readers
    } else {
      return !writer_.load() && readers_.load() == 0;
    }
  }

  void lock_shared() {
    state_lock hold(*this);
    if (!reader_may_enter()) {
      readers_waiting_.store(readers_waiting_.load() + 1);
      // Woken by the notify_all in unlock_exclusive; re-check: spurious wake-ups, and a writer
      // may have arrived or entered since.
      while (!reader_may_enter()) readers_cv_.wait(state_mutex_);
      readers_waiting_.store(readers_waiting_.load() - 1);
    }
    readers_.store(readers_.load() + 1);
  }

  bool try_lock_shared() {
    state_lock hold(*this);
    if (!reader_may_enter()) return false;
    readers_.store(readers_.load() + 1);
    return true;
  }

  void unlock_shared() noexcept {
    state_lock hold(*this);
    const std::size_t left = readers_.load() - 1;
    readers_.store(left);
    // The last reader out lets a queued writer in. Notified under the lock: once it is
    // released, the woken writer may finish and the RwLock may be destroyed.
    if (left == 0 && writers_waiting_.load() > 0) writers_cv_.notify_one();
  }

  void lock_exclusive() {
    state_lock hold(*this);
    // Queue first: from here on, reader_may_enter() is false, so no new reader gets in.
    writers_waiting_.store(writers_waiting_.load() + 1);
    // Woken by the last reader out (unlock_shared) or a releasing writer (unlock_exclusive);
    // re-check: spurious wake-ups, and try_write may have taken the lock first.
    while (!writer_may_enter()) writers_cv_.wait(state_mutex_);
    writers_waiting_.store(writers_waiting_.load() - 1);
    writer_.store(true);
  }

  bool try_lock_exclusive() {
    state_lock hold(*this);
    if (!writer_may_enter()) return false;
    writer_.store(true);
    return true;
  }

  void unlock_exclusive(int depth) noexcept {
    poison_.done(depth);  // while this thread still holds the lock exclusively
    state_lock hold(*this);
    writer_.store(false);
    // Writer preference: the next queued writer first (one is enough, it passes the lock on
    // when it leaves); only when no writer waits, every blocked reader at once.
    if (writers_waiting_.load() > 0) {
      writers_cv_.notify_one();
    } else if (readers_waiting_.load() > 0) {
      readers_cv_.notify_all();
    }
  }

  typename Backend::mutex state_mutex_;
  // Readers blocked in read() wait here for reader_may_enter().
  typename Backend::condition_variable readers_cv_;
  // Writers blocked in write() wait here for writer_may_enter().
  typename Backend::condition_variable writers_cv_;
  // All four under state_mutex_. Invariant: readers_ > 0 and writer_ are never both set (except
  // with the injected fault); readers_ counts live read guards, writer_ a live write guard.
  typename Backend::template cell<std::size_t> readers_{0};
  typename Backend::template cell<bool> writer_{false};
  // Threads inside lock_shared()/lock_exclusive() that have not been admitted yet. A waiting
  // writer counts here from the moment it arrives, which is what holds back new readers.
  typename Backend::template cell<std::size_t> readers_waiting_{0};
  typename Backend::template cell<std::size_t> writers_waiting_{0};
  detail::poison_flag<Backend> poison_;
  T data_{};
};

// Send and Sync (marker.hpp), as Rust's: readers share T at once, so an RwLock is Sync only when
// T is Send and Sync; a guard is released by the thread that locked, so it is never Send, and
// Sync when T is.
template <class T, class Backend>
struct send_trait<RwLock<T, Backend>> : std::bool_constant<Send<T>> {};
template <class T, class Backend>
struct sync_trait<RwLock<T, Backend>> : std::bool_constant<Send<T> && Sync<T>> {};
template <class T, class Backend>
struct send_trait<RwLockReadGuard<T, Backend>> : std::false_type {};
template <class T, class Backend>
struct sync_trait<RwLockReadGuard<T, Backend>> : std::bool_constant<Sync<T>> {};
template <class T, class Backend>
struct send_trait<RwLockWriteGuard<T, Backend>> : std::false_type {};
template <class T, class Backend>
struct sync_trait<RwLockWriteGuard<T, Backend>> : std::bool_constant<Sync<T>> {};

}  // namespace interleave
