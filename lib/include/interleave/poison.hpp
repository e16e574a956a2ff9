// interleave/poison.hpp: lock poisoning, as Rust's std::sync has it.
//
// A lock is poisoned when a thread "panics" (an exception unwinds) while it holds the lock
// exclusively. Poisoning does not make the data unreachable: every later acquisition still
// succeeds in taking the lock and hands the guard out inside a PoisonError, so a caller that
// can repair or ignore the damage does so with `into_inner()`; `clear_poison()` on the lock
// resets the flag.
//
//   LockResult<G>    = std::expected<G, PoisonError<G>>
//   TryLockResult<G> = std::expected<G, TryLockError<G>>   (WouldBlock, or Poisoned)
//
// Memory ordering: the poison flag is read and written with relaxed operations. It is only
// written by a thread that holds the lock, and only read by a thread that has just acquired it,
// so the lock's own acquire/release already orders every write of the flag before every later
// read that matters (the same argument as Rust's std::sync::poison::Flag).
#pragma once

#include <atomic>
#include <expected>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <utility>
#include <variant>

#include "interleave/backend/std.hpp"
#include "interleave/marker.hpp"

namespace interleave {

template <class G>
class PoisonError {
 public:
  explicit PoisonError(G guard) : guard_(std::move(guard)) {}

  // The guard (or value) that was obtained despite the poison.
  [[nodiscard]] G into_inner() && { return std::move(guard_); }
  [[nodiscard]] const G& get_ref() const& noexcept { return guard_; }
  [[nodiscard]] G& get_mut() & noexcept { return guard_; }

  static constexpr const char* what() noexcept {
    return "poisoned lock: another task failed inside";
  }

 private:
  G guard_;
};

template <class G>
using LockResult = std::expected<G, PoisonError<G>>;

template <class G>
class TryLockError {
 public:
  struct WouldBlock {};

  static TryLockError would_block() { return TryLockError(WouldBlock{}); }
  static TryLockError poisoned(PoisonError<G> e) { return TryLockError(std::move(e)); }

  [[nodiscard]] bool is_would_block() const noexcept {
    return std::holds_alternative<WouldBlock>(state_);
  }
  [[nodiscard]] bool is_poisoned() const noexcept { return !is_would_block(); }

  // The PoisonError when poisoned; throws std::logic_error when the lock would have blocked.
  [[nodiscard]] PoisonError<G>& poison_error() & {
    if (is_would_block()) throw std::logic_error("TryLockError: lock would block, not poisoned");
    return std::get<PoisonError<G>>(state_);
  }
  [[nodiscard]] PoisonError<G> into_poison_error() && { return std::move(poison_error()); }
  // The guard when poisoned, as PoisonError::into_inner; throws when it would have blocked.
  [[nodiscard]] G into_inner() && { return std::move(poison_error()).into_inner(); }

  [[nodiscard]] const char* what() const noexcept {
    return is_would_block() ? "try_lock failed because the operation would block"
                            : PoisonError<G>::what();
  }

 private:
  explicit TryLockError(std::variant<WouldBlock, PoisonError<G>> s) : state_(std::move(s)) {}
  std::variant<WouldBlock, PoisonError<G>> state_;
};

template <class G>
using TryLockResult = std::expected<G, TryLockError<G>>;

// Send and Sync (marker.hpp) as what they hold, as Rust derives them.
template <class G>
struct send_trait<PoisonError<G>> : std::bool_constant<Send<G>> {};
template <class G>
struct sync_trait<PoisonError<G>> : std::bool_constant<Sync<G>> {};
template <class G>
struct send_trait<TryLockError<G>> : std::bool_constant<Send<G>> {};
template <class G>
struct sync_trait<TryLockError<G>> : std::bool_constant<Sync<G>> {};

namespace detail {

// The one place a lock's result is built, as Rust keeps it beside the poison flag
// (std::sync::poison::map_result): the value (a guard, a guard and a timeout, the data) as it
// is, or inside PoisonError when the lock is poisoned.
template <class G>
LockResult<G> lock_result(bool poisoned, G value) {
  if (poisoned) return std::unexpected(PoisonError<G>(std::move(value)));
  return value;
}
template <class G>
TryLockResult<G> try_lock_result(bool poisoned, G value) {
  if (poisoned) return std::unexpected(TryLockError<G>::poisoned(PoisonError<G>(std::move(value))));
  return value;
}

// The poison bit of a lock, plus the "was this thread already unwinding when it took the
// lock?" snapshot a guard needs to decide whether its own destruction is a panic.
template <SyncBackend Backend>
class poison_flag {
 public:
  using here = std::source_location;

  // Invariant: true once some holder's guard was destroyed by unwinding, until clear().
  // Relaxed: see the header comment; the lock orders every access that matters.
  [[nodiscard]] bool get(here l = here::current()) const {
    return failed_.load(std::memory_order::relaxed, l);
  }
  void clear(here l = here::current()) { failed_.store(false, std::memory_order::relaxed, l); }

  // Taken when a guard is created: how many exceptions were already in flight.
  [[nodiscard]] static int panic_depth() noexcept { return Backend::uncaught_exceptions(); }

  // What a caller that has just taken the lock gets: `value`, or `value` inside PoisonError.
  // `l` is the caller's line, where the flag is read.
  template <class G>
  LockResult<G> admit(G value, here l = here::current()) const {
    return lock_result(get(l), std::move(value));
  }
  template <class G>
  TryLockResult<G> admit_try(G value, here l = here::current()) const {
    return try_lock_result(get(l), std::move(value));
  }

  // Called while the lock is still held, when a guard created at `depth` is destroyed.
  void done(int depth, here l = here::current()) {
    if (Backend::uncaught_exceptions() > depth) failed_.store(true, std::memory_order::relaxed, l);
  }

 private:
  mutable typename Backend::template atomic<bool> failed_{false};
};

}  // namespace detail
}  // namespace interleave
