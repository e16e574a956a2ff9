// interleave/arc.hpp: Arc<T>, a thread-safe reference-counted pointer, and its Weak<T>, as
// Rust's std::sync::Arc.
//
//   auto a = interleave::make_arc<interleave::Mutex<int>>(0);   // one allocation, in place
//   auto b = a;                                  // clone: strong_count() == 2, same value
//   interleave::Weak<interleave::Mutex<int>> w = a.downgrade();  // weak_count() == 1
//   if (auto c = w.upgrade()) use(**c);          // an Arc while some Arc is alive, else nullopt
//
// - Arc<T>(T value) or make_arc<T>(args...) (also Arc<T>(std::in_place, args...)) allocate one
//   block holding both counts and the value. Copy is clone (the same value, one more strong
//   handle); move leaves the source empty (destroy or assign it, nothing else). *a and a->
//   give T& (shared: mutate only through T's own synchronization, e.g. Arc<Mutex<U>>).
// - strong_count(), weak_count() (Weak handles, not counting the implicit one), downgrade(),
//   get_mut() (T*, null unless this is the only Arc and no Weak exists), ptr_eq(other), and
//   static Arc::try_unwrap(std::move(a)) -> std::expected<T, Arc<T>>: the value when `a` was
//   the only Arc (Weak handles may exist; they stop upgrading), else `a` back, unchanged.
// - Weak<T> (= Arc<T>::weak_type): default-constructible (empty), copyable; upgrade() ->
//   std::optional<Arc<T>>, never from a value already destroyed; strong_count(), weak_count()
//   (0 once no Arc remains, as Rust).
// - The value is destroyed exactly once, by whichever handle drops the last strong reference,
//   on that handle's thread; the block is freed when the last Weak is gone too.
// - Misuse: a cycle of Arcs leaks (break it with Weak). Using one Arc *object* from two threads
//   without synchronization is a data race, like any C++ object: share by cloning, one handle
//   per thread. Counting past SIZE_MAX / 2 handles (only reachable by leaking handles)
//   terminates, as Rust aborts.
// - The logic lives once in detail/refcount.hpp, shared with Rc; this file supplies the atomic
//   counts and their orderings.
//
// Memory ordering (the standard ones, as Rust's Arc and Boost's shared_ptr):
// - Dropping a strong handle is a release decrement; the one that drops the last issues an
//   acquire fence before destroying T. So everything any handle did through the value
//   happens-before the destructor, whichever thread runs it. Weak handles do the same with the
//   weak count before the block is freed.
// - Clone and Weak copy are relaxed increments: they order nothing, the handle they copy keeps
//   the object alive.
// - upgrade() increments only from a non-zero count (CAS loop), with acquire on success:
//   whatever a handle dropped before the upgrade wrote happens-before the new Arc's accesses.
// - get_mut() and try_unwrap() acquire the strong count (fence or load) before handing out the
//   value, so the writes of every handle already dropped happen-before the caller's accesses.
#pragma once

#include <cstddef>
#include <exception>
#include <limits>
#include <source_location>
#include <utility>

#include "interleave/backend/std.hpp"
#include "interleave/detail/fault.hpp"
#include "interleave/detail/refcount.hpp"
#include "interleave/marker.hpp"

namespace interleave {
namespace detail {

template <SyncBackend Backend>
class arc_counts {
 public:
  using backend = Backend;

 private:
  using count = std::size_t;
  // Past this, an increment terminates: far below the wrap-around, so even threads racing past
  // it cannot wrap the count to 0 before one of them terminates (Rust's MAX_REFCOUNT).
  static constexpr count max_refcount = std::numeric_limits<count>::max() / 2;
  // weak_ held by is_unique() while it checks strong_ (Rust's usize::MAX lock).
  static constexpr count weak_locked = std::numeric_limits<count>::max();

  static void check_overflow(count old) noexcept {
    if (old > max_refcount) [[unlikely]]
      std::terminate();
  }

 public:
  arc_counts() = default;
  arc_counts(const arc_counts&) = delete;
  arc_counts& operator=(const arc_counts&) = delete;

  // Clone. Relaxed: the new handle is made from an existing one, which keeps the object alive
  // until after this increment, and the increment publishes nothing.
  void add_strong() { check_overflow(strong_.fetch_add(1, std::memory_order::relaxed)); }

  // Drop. Release: this handle's accesses to the value happen-before the destruction; the
  // acquire fence on the last one pairs with the release decrements of every other handle.
  bool release_strong() {
    if (strong_.fetch_sub(1, std::memory_order::release) != 1) return false;
    Backend::fence(std::memory_order::acquire);
    return true;
  }

  // Weak::upgrade.
  bool try_add_strong() {
    if constexpr (injects<Backend, fault::upgrade_ignores_zero>) {
      // fault: resurrects a destroyed value; caught by arc/negative/upgrade-ignores-zero
      strong_.fetch_add(1, std::memory_order::acquire);
      return true;
    } else {
      // Relaxed: only a starting guess, the CAS below checks it.
      count n = strong_.load(std::memory_order::relaxed);
      for (;;) {
        // 1. Zero is final: the value is destroyed or being destroyed. Never resurrect it.
        if (n == 0) return false;
        check_overflow(n);
        // 2. Publish n + 1 only if the count is still n. Acquire on success pairs with the
        //    release decrements in release_strong (all RMWs, so one release sequence).
        //    Relaxed on failure: we learn the new count and decide again.
        // FAULT upgrade_without_acquire: the increment is relaxed, so what a dropped handle
        // wrote races the upgraded Arc's reads (shows: DATA RACE;
        // arc/negative/upgrade-without-acquire).
        constexpr auto on_success = injects<Backend, fault::upgrade_without_acquire>
                                        ? std::memory_order::relaxed
                                        : std::memory_order::acquire;
        if (strong_.compare_exchange_weak(n, n + 1, on_success, std::memory_order::relaxed)) {
          return true;
        }
        // 3. Lost a race (or failed spuriously): n holds the current count; retry.
      }
    }
  }

  // Downgrade.
  void add_weak_from_strong() {
    // Relaxed: only a starting guess, the CAS below checks it.
    count n = weak_.load(std::memory_order::relaxed);
    for (;;) {
      // 1. is_unique() holds the count locked for a moment: wait for it to store 1 back.
      if (n == weak_locked) {
        Backend::yield();
        n = weak_.load(std::memory_order::relaxed);
        continue;
      }
      check_overflow(n);
      // 2. Acquire pairs with the release store that unlocks in is_unique(): its read of
      //    strong_ happens-before this new Weak exists. Relaxed on failure: we retry.
      if (weak_.compare_exchange_weak(n, n + 1, std::memory_order::acquire,
                                      std::memory_order::relaxed)) {
        return;
      }
      // 3. Lost a race (or failed spuriously): n holds the current count; retry.
    }
  }

  // Copy of a Weak. Relaxed: the Weak copied from keeps the block allocated, and while a Weak
  // exists weak_ >= 2, so is_unique() cannot hold it locked.
  void add_weak_from_weak() { check_overflow(weak_.fetch_add(1, std::memory_order::relaxed)); }

  // Drop of a Weak, or of the implicit weak. Release, and an acquire fence on the last one
  // (pairs with every other weak release): all uses of the block happen-before it is freed.
  bool release_weak() {
    if (weak_.fetch_sub(1, std::memory_order::release) != 1) return false;
    Backend::fence(std::memory_order::acquire);
    return true;
  }

  // get_mut(): strong == 1 and no Weak, checked so that no downgrade through another handle
  // can slip between the two reads (Rust's Arc::is_unique).
  bool is_unique() {
    // 1. Lock the weak count if the implicit weak is its only holder: 1 -> weak_locked.
    //    Acquire pairs with the release decrement in release_weak: a Weak that upgraded and
    //    was then dropped has its increment of strong_ visible to step 2. Relaxed on failure:
    //    a Weak exists, so the answer is false and nothing is read.
    // FAULT unique_check_loses_downgrade: the lock is a load and a store, and a downgrade
    // between them is overwritten; the block is then freed under the last Arc (shows: ACCESS TO
    // FREED MEMORY; arc/negative/unique-check-loses-downgrade).
    // FAULT unique_lock_without_acquire: the lock is relaxed; step 2 may read the strong count
    // from before an upgrade whose Weak was dropped since, and get_mut writes while the upgraded
    // Arc reads (shows: DATA RACE; arc/negative/unique-lock-without-acquire).
    constexpr auto lock_order = injects<Backend, fault::unique_lock_without_acquire>
                                    ? std::memory_order::relaxed
                                    : std::memory_order::acquire;
    if constexpr (injects<Backend, fault::unique_check_loses_downgrade>) {
      if (weak_.load(std::memory_order::acquire) != 1) return false;
      weak_.store(weak_locked, std::memory_order::relaxed);
    } else if (count one = 1; !weak_.compare_exchange_strong(one, weak_locked, lock_order,
                                                             std::memory_order::relaxed)) {
      return false;
    }
    // 2. No Weak can appear now (downgrade waits), so strong == 1 means ours is the only handle.
    //    Acquire pairs with release_strong's release decrement: every other handle's accesses
    //    happen-before the caller's through the returned pointer.
    const bool unique = strong_.load(std::memory_order::acquire) == 1;
    // 3. Unlock. Release pairs with the acquire CAS in add_weak_from_strong.
    weak_.store(1, std::memory_order::release);
    return unique;
  }

  // try_unwrap(): strong 1 -> 0. Relaxed CAS, as Rust: on failure nothing is ordered; on
  // success the acquire fence pairs with the release decrements of every other handle (as
  // release_strong's last one does) before the value is moved out.
  bool try_take_unique() {
    count one = 1;
    if (!strong_.compare_exchange_strong(one, 0, std::memory_order::relaxed,
                                         std::memory_order::relaxed)) {
      return false;
    }
    Backend::fence(std::memory_order::acquire);
    return true;
  }

  // Relaxed: a snapshot for the caller; it orders nothing and may be stale at once.
  [[nodiscard]] std::size_t strong_count() const {
    return strong_.load(std::memory_order::relaxed);
  }
  // From an Arc: strong > 0, so the implicit weak is in the count; subtract it. Relaxed, a
  // snapshot. While is_unique() holds the lock there was no Weak: 0.
  [[nodiscard]] std::size_t weak_count_from_strong() const {
    const count n = weak_.load(std::memory_order::relaxed);
    return n == weak_locked ? 0 : n - 1;
  }
  // From a Weak (as Rust's Weak::weak_count): 0 once no strong handle remains. Acquire pairs
  // with the release in release_weak: if the weak count read already lacks the implicit weak,
  // strong == 0 is visible too, so the implicit weak is subtracted only when it was counted.
  // (A Weak exists, so weak_ >= 2 and is never weak_locked here.)
  [[nodiscard]] std::size_t weak_count_from_weak() const {
    const count weak = weak_.load(std::memory_order::acquire);
    const count strong = strong_.load(std::memory_order::relaxed);
    return strong == 0 ? 0 : weak - 1;
  }

 private:
  // Invariant: the number of Arc handles. The value is alive while it is > 0; 0 is final
  // (only try_add_strong increments from a count read as > 0).
  typename Backend::template atomic<count> strong_{1};
  // Invariant: the number of Weak handles, plus 1 while strong_ > 0 (the implicit weak all Arcs
  // share); the block is freed when it reaches 0. weak_locked while is_unique() checks strong_,
  // which it only takes from 1 (no Weak handle exists meanwhile).
  typename Backend::template atomic<count> weak_{1};
};

}  // namespace detail

template <class T, SyncBackend Backend = std_backend>
using Arc = detail::strong_ref<T, detail::arc_counts<Backend>>;

template <class T, SyncBackend Backend = std_backend>
using Weak = detail::weak_ref<T, detail::arc_counts<Backend>>;

// Send and Sync (marker.hpp) when T is both, as Rust's: every handle may drop the value on its
// own thread (T Send) and every handle reads it at once (T Sync).
template <class T, class Backend>
struct send_trait<detail::strong_ref<T, detail::arc_counts<Backend>>>
    : std::bool_constant<Send<T> && Sync<T>> {};
template <class T, class Backend>
struct sync_trait<detail::strong_ref<T, detail::arc_counts<Backend>>>
    : std::bool_constant<Send<T> && Sync<T>> {};
template <class T, class Backend>
struct send_trait<detail::weak_ref<T, detail::arc_counts<Backend>>>
    : std::bool_constant<Send<T> && Sync<T>> {};
template <class T, class Backend>
struct sync_trait<detail::weak_ref<T, detail::arc_counts<Backend>>>
    : std::bool_constant<Send<T> && Sync<T>> {};

// make_arc<T, Backend>(args...): Arc<T, Backend> holding T(args...), constructed in place in the
// one allocation; its caller's line names it in a model's history (detail::make_strong).
template <class T, SyncBackend Backend = std_backend>
inline constexpr detail::make_strong<Arc<T, Backend>, Backend> make_arc{};

}  // namespace interleave
