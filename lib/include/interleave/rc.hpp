// interleave/rc.hpp: Rc<T>, a single-threaded reference-counted pointer, and its RcWeak<T>, as
// Rust's std::rc::Rc.
//
//   auto a = interleave::make_rc<std::string>(3, 'x');   // one allocation, in place
//   auto b = a;                                         // clone: strong_count() == 2
//   interleave::RcWeak<std::string> w = a.downgrade();   // upgrade() -> optional<Rc>
//
// - The same API as Arc (arc.hpp), by construction: both are detail/refcount.hpp's handles,
//   Rc with plain counts. Rc<T>(T value), make_rc<T>(args...), copy = clone, *r, r->,
//   strong_count(), weak_count(), downgrade() -> RcWeak<T> (= Rc<T>::weak_type), get_mut(),
//   ptr_eq(other), static Rc::try_unwrap(std::move(r)) -> std::expected<T, Rc<T>>; RcWeak is
//   default-constructible (empty), copyable, upgrade() -> std::optional<Rc<T>>.
// - Single thread only. Rust's type system keeps an Rc on one thread; C++ cannot, so that is
//   the caller's promise: every handle (Rc and RcWeak) to one value must be created, copied,
//   and dropped on one thread at a time, with some other synchronization in between if the
//   group ever moves to another thread. Cloning or dropping handles to one value on two threads
//   at once races on the counts: lost updates, then a double destroy, a double free, a leak,
//   or a use after free. Use Arc for sharing across threads.
// - Checked, where INTERLEAVE_RC_THREAD_CHECK is on (by default unless NDEBUG, as assert; always
//   in a model): every handle to a value must be used on the thread that created it, as Rust
//   guarantees by Rc not being Send; a use from another thread stops the program there, naming
//   both threads and the line (detail/rc_thread_check.hpp). Operations take a defaulted
//   `std::source_location` for that line; nothing reads it where the check is off.
// - Why it exists here: under the Relacy backend its counts are Relacy cells, so a model that
//   shares an Rc across threads is reported (DATA RACE, DOUBLE FREE, MEMORY LEAK...) instead
//   of failing once in a million runs; it is the harness's demonstration of the bug Arc avoids.
// - Misuse as for Arc: a cycle leaks; more than SIZE_MAX / 2 handles terminates.
//
// Memory ordering: none. Each count update is a plain load followed by a plain store (what a
// non-atomic ++ compiles to); nothing is synchronized, by design.
#pragma once

#include <cstddef>
#include <exception>
#include <limits>
#include <source_location>
#include <type_traits>
#include <utility>

#include "interleave/backend/std.hpp"
#include "interleave/detail/rc_thread_check.hpp"
#include "interleave/detail/refcount.hpp"
#include "interleave/marker.hpp"

namespace interleave {
namespace detail {

// CheckThread: Rc's thread check (rc_thread_check.hpp). A template argument, so that handles
// built with the check and without it are different types.
template <SyncBackend Backend, bool CheckThread = rc_thread_check_of<Backend>>
class rc_counts {
 public:
  using backend = Backend;

 private:
  using count = std::size_t;
  static constexpr count max_refcount = std::numeric_limits<count>::max() / 2;

  using cell = typename Backend::template cell<count>;
  static void increment(cell& c) {
    const count old = c.load();
    if (old > max_refcount) [[unlikely]]
      std::terminate();
    c.store(old + 1);
  }
  // True when this took the count to 0.
  static bool decrement(cell& c) {
    const count left = c.load() - 1;
    c.store(left);
    return left == 0;
  }

 public:
  rc_counts() = default;
  rc_counts(const rc_counts&) = delete;
  rc_counts& operator=(const rc_counts&) = delete;

  void add_strong() { increment(strong_); }
  bool release_strong() { return decrement(strong_); }
  bool try_add_strong() {
    if (strong_.load() == 0) return false;  // zero is final: never resurrect
    increment(strong_);
    return true;
  }
  void add_weak_from_strong() { increment(weak_); }
  void add_weak_from_weak() { increment(weak_); }
  bool release_weak() { return decrement(weak_); }
  bool is_unique() { return strong_.load() == 1 && weak_.load() == 1; }
  bool try_take_unique() {
    if (strong_.load() != 1) return false;
    strong_.store(0);
    return true;
  }

  void check_use(bool weak, handle_use use, std::source_location where,
                 std::source_location origin) const noexcept requires CheckThread {
    owner_.check(weak, use, where, origin);
  }

  [[nodiscard]] std::size_t strong_count() const { return strong_.load(); }
  // From an Rc: strong > 0, so the implicit weak is in the count.
  [[nodiscard]] std::size_t weak_count_from_strong() const { return weak_.load() - 1; }
  // From an RcWeak: 0 once no Rc remains (as Rust).
  [[nodiscard]] std::size_t weak_count_from_weak() const {
    return strong_.load() == 0 ? 0 : weak_.load() - 1;
  }

 private:
  // Invariant: the number of Rc handles; the value is alive while > 0, and 0 is final.
  cell strong_{1};
  // Invariant: the number of RcWeak handles, plus 1 while strong_ > 0 (the implicit weak all
  // Rcs share); the block is freed when it reaches 0.
  cell weak_{1};
  [[no_unique_address]] rc_owner_t<Backend, CheckThread> owner_;
};

}  // namespace detail

template <class T, SyncBackend Backend = std_backend>
using Rc = detail::strong_ref<T, detail::rc_counts<Backend>>;

template <class T, SyncBackend Backend = std_backend>
using RcWeak = detail::weak_ref<T, detail::rc_counts<Backend>>;

// Neither Send nor Sync (marker.hpp), as Rust's: the counts are plain memory, so a handle used
// on two threads loses updates (a double free or a leak).
template <class T, class Backend, bool Checked>
struct send_trait<detail::strong_ref<T, detail::rc_counts<Backend, Checked>>> : std::false_type {};
template <class T, class Backend, bool Checked>
struct sync_trait<detail::strong_ref<T, detail::rc_counts<Backend, Checked>>> : std::false_type {};
template <class T, class Backend, bool Checked>
struct send_trait<detail::weak_ref<T, detail::rc_counts<Backend, Checked>>> : std::false_type {};
template <class T, class Backend, bool Checked>
struct sync_trait<detail::weak_ref<T, detail::rc_counts<Backend, Checked>>> : std::false_type {};

// make_rc<T, Backend>(args...): Rc<T, Backend> holding T(args...), constructed in place in the
// one allocation; its caller's line names it in a model's history (detail::make_strong).
template <class T, SyncBackend Backend = std_backend>
inline constexpr detail::make_strong<Rc<T, Backend>, Backend> make_rc{};

}  // namespace interleave
