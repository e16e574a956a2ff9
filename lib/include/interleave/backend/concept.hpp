// interleave/backend/concept.hpp: what a sync backend provides.
//
// Every primitive in interleave is written once, against a backend, and takes it as its last
// template parameter (defaulting to `std_backend`). A backend is a type that bundles:
//
//   atomic<T>            load/store/exchange/compare_exchange_{weak,strong}/fetch_{add,sub,or,and}
//                        with std::memory_order arguments, as std::atomic has them
//   cell<T>              a plain (non-atomic) memory cell: load(), store(v). Under Relacy an
//                        unsynchronized pair of accesses to a cell is a reported DATA RACE.
//   mutex                lock(), try_lock(), unlock()
//   condition_variable   wait(mutex&), wait_for(mutex&, duration) -> bool (true: notified,
//                        false: timed out or woke spuriously), notify_one(), notify_all()
//   create<T>(where, args...) / destroy(T*)   heap allocation of a primitive's shared block
//                        (so Relacy attributes each allocation and free to the primitive's line)
//   fence(order), yield(), uncaught_exceptions(), now() (a steady clock; under Relacy it
//   stands still, because timeouts are the scheduler's choice, not the clock's)
//
// A backend may also declare, for a primitive's sizes (a default applies when it does not):
//   channel_block_slots  `static constexpr std::size_t`: the slots of one block of the
//                        unbounded channel's list (mpsc/unbounded.hpp), at least 1; read through
//                        channel_block_slots_of<B> below. Default 31, crossbeam's BLOCK_CAP: what
//                        std_backend uses. The Relacy backend declares 2, so that the few sends of
//                        a model cross block boundaries (the sender of a block's last slot
//                        installs the next block; the receiver recycles each block it read
//                        through as the spare, freeing the previous one), which with 31 slots no
//                        model ever reached.
//   channel_sender_yields  `static constexpr int`: how many times a sender of the bounded
//                        channel that finds the ring full yields, looking again after each,
//                        before it parks (mpsc/bounded.hpp); read through
//                        channel_sender_yields_of<B>. Default 8. Models of the parking paths
//                        declare 0 (models/channel_parked_senders.hpp): under Relacy's tree
//                        searches each yield hands the receiver a step, so no search parks a
//                        sender before the receiver's next step.
//   channel_handoff_yields  `static constexpr int`: how many times each side of a rendezvous
//                        channel (mpsc/rendezvous.hpp) yields, looking again after each, before it
//                        sleeps: a sender whose value is not taken yet, a receiver that finds no
//                        value. Read through channel_handoff_yields_of<B>. Default 8: two running
//                        threads then hand values over without sleeping or waking. The Relacy
//                        backend declares 1: under the tree searches each yield hands the other
//                        side a step first, and with more no search puts either side to sleep,
//                        so the sleeping paths (and the controls of their wake-ups) would go
//                        unexplored.
//   rc_thread_check      `static constexpr bool`: whether Rc (rc.hpp) checks that every use of
//                        a handle happens on the thread that created its value; read through
//                        rc_thread_check_of<B>. Default: the macro INTERLEAVE_RC_THREAD_CHECK
//                        (below) where the backend has the three hooks that follow, else
//                        false. The Relacy backend declares true (a model is a check), and
//                        the models that share an Rc on purpose, to show what the race does,
//                        run over a backend that declares false. A backend that checks provides
//     thread_tag() -> long         the calling thread, as the check records and compares it
//     describe_thread(long tag, char* out, std::size_t size)  its name in a message
//     stop(const char* defect, const char* message, here)  the end of the program (std: the
//                        message on stderr, then abort) or of the execution, with that defect
//
//   construction_site    a type constructible from std::source_location, the line that builds
//                        a primitive (built_here below); while one lives, the backend's
//                        atomics, cells and allocations constructed on that thread name its
//                        line instead of their own (Relacy: the history's steps name the user's
//                        line, not a member's in the library). Default: none, nothing recorded.
//
// A ThreadBackend (what <interleave/thread.hpp> needs) also has
//   thread               one thread of execution, as std::thread: thread(f) starts f(), then
//                        joinable(), join(), detach(); move-only. Under Relacy a thread is one
//                        of the suite's dynamic threads (backend/relacy.hpp).
//
// Every operation takes a trailing `std::source_location`, defaulted at the call site, so a
// Relacy history names the primitive's own line rather than the backend wrapper's.
// `uncaught_exceptions()` is how a guard learns it is being destroyed by unwinding (a "panic");
// it is part of the backend because simulated threads share one OS thread (see relacy.hpp).
#pragma once

#include <atomic>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <source_location>
#include <utility>

namespace interleave {

template <class A, class T>
concept BackendAtomic = requires(A& a, T v, T& expected, std::memory_order o,
                                 std::source_location l) {
  { a.load(o, l) } -> std::same_as<T>;
  {a.store(v, o, l)};
  { a.exchange(v, o, l) } -> std::same_as<T>;
  { a.compare_exchange_weak(expected, v, o, o, l) } -> std::same_as<bool>;
  { a.compare_exchange_strong(expected, v, o, o, l) } -> std::same_as<bool>;
};

// The read-modify-writes of an integer atomic: counts (Arc, bounded's waiting senders) and
// mark bits (the channels' disconnect bit) use them.
template <class A, class T>
concept BackendIntegralAtomic = BackendAtomic<A, T> &&
    requires(A& a, T v, std::memory_order o, std::source_location l) {
  { a.fetch_add(v, o, l) } -> std::same_as<T>;
  { a.fetch_sub(v, o, l) } -> std::same_as<T>;
  { a.fetch_or(v, o, l) } -> std::same_as<T>;
  { a.fetch_and(v, o, l) } -> std::same_as<T>;
};

template <class C, class T>
concept BackendCell = requires(C& c, T v, std::source_location l) {
  { c.load(l) } -> std::same_as<T>;
  {c.store(v, l)};
};

template <class B>
concept SyncBackend = requires(typename B::mutex& m, typename B::condition_variable& cv,
                               std::chrono::nanoseconds d, std::memory_order o,
                               std::source_location l) {
  requires BackendIntegralAtomic < typename B::template atomic<int>,
  int > ;
  requires BackendIntegralAtomic<typename B::template atomic<std::size_t>, std::size_t>;
  requires BackendAtomic < typename B::template atomic<bool>,
  bool > ;
  requires BackendAtomic < typename B::template atomic<int*>,
  int* > ;
  requires BackendCell < typename B::template cell<int>,
  int > ;
  {m.lock(l)};
  { m.try_lock(l) } -> std::same_as<bool>;
  {m.unlock(l)};
  {cv.wait(m, l)};
  { cv.wait_for(m, d, l) } -> std::same_as<bool>;
  {cv.notify_one(l)};
  {cv.notify_all(l)};
  {B::fence(o, l)};
  {B::yield(l)};
  { B::uncaught_exceptions() } -> std::same_as<int>;
  { B::now() } -> std::same_as<std::chrono::steady_clock::time_point>;
  { B::template create<int>(l, 1) } -> std::same_as<int*>;
  {B::destroy(static_cast<int*>(nullptr), l)};
};

namespace detail {
struct no_construction_site {
  constexpr no_construction_site(std::source_location) noexcept {}
};
template <class B>
struct construction_site_type {
  using type = no_construction_site;
};
template <class B>
  requires requires { typename B::construction_site; }
struct construction_site_type<B> {
  using type = typename B::construction_site;
};
}  // namespace detail

// The line that builds a primitive: the last parameter of its constructors and factories,
// defaulted at the caller's line (`Mutex<int, B> m(0);` names that line). It lives until the end
// of the caller's full-expression, and meanwhile B's construction_site (above) attributes the
// construction of the primitive's parts to it; the outermost wins, so the parts of a Mutex built
// inside make_arc name make_arc's caller. Where the caller is forwarding code of the C++
// standard library (std::optional::emplace, std::make_unique), which is nobody's line of
// interest, the backend keeps each part's own line (backend/relacy.hpp).
template <class B>
class built_here {
 public:
  built_here(std::source_location l = std::source_location::current()) noexcept
      : line_(l), site_(l) {}
  [[nodiscard]] std::source_location line() const noexcept { return line_; }

 private:
  std::source_location line_;
  [[no_unique_address]] typename detail::construction_site_type<B>::type site_;
};

// The std::in_place tag of an in-place constructor, carrying the caller's line as built_here
// does (a parameter pack leaves no place for a defaulted parameter after it).
template <class B>
class in_place_here : public built_here<B> {
 public:
  in_place_here(std::in_place_t, std::source_location l = std::source_location::current()) noexcept
      : built_here<B>(l) {}
};

// The unbounded channel's block size for backend B (see channel_block_slots above).
inline constexpr std::size_t default_channel_block_slots = 31;
template <class B>
inline constexpr std::size_t channel_block_slots_of = [] {
  if constexpr (requires { B::channel_block_slots; })
    return std::size_t{B::channel_block_slots};
  else
    return default_channel_block_slots;
}();

// Rc's thread check where the translation unit does not choose (-DINTERLEAVE_RC_THREAD_CHECK=0
// or 1; the CMake option of the same name sets it for a target): on as assert is, that is unless
// NDEBUG is defined, so Debug builds check and release builds pay nothing. One program must not
// mix the two settings for one handle: they are different types (rc.hpp), so a handle passed
// between translation units built each way fails to link instead of corrupting memory.
#ifndef INTERLEAVE_RC_THREAD_CHECK
#ifdef NDEBUG
#define INTERLEAVE_RC_THREAD_CHECK 0
#else
#define INTERLEAVE_RC_THREAD_CHECK 1
#endif
#endif

// What a backend whose Rc checks its thread provides besides (rc_thread_check above).
template <class B>
concept ThreadCheckingBackend = requires(long tag, char* out, std::size_t size, const char* text,
                                         std::source_location l) {
  { B::thread_tag() } -> std::same_as<long>;
  {B::describe_thread(tag, out, size)};
  {B::stop(text, text, l)};
};

// Whether Rc over B checks: B's own declaration, else the macro where B can check (a backend
// without the three hooks, a user's or a test's, never does).
template <class B>
inline constexpr bool rc_thread_check_of = [] {
  if constexpr (requires { B::rc_thread_check; })
    return bool{B::rc_thread_check};
  else
    return ThreadCheckingBackend<B> && INTERLEAVE_RC_THREAD_CHECK != 0;
}();

// The bounded channel's yields before a full ring parks a sender (channel_sender_yields above).
inline constexpr int default_channel_sender_yields = 8;
template <class B>
inline constexpr int channel_sender_yields_of = [] {
  if constexpr (requires { B::channel_sender_yields; })
    return int{B::channel_sender_yields};
  else
    return default_channel_sender_yields;
}();

// A rendezvous channel's yields before either side sleeps (channel_handoff_yields above).
inline constexpr int default_channel_handoff_yields = 8;
template <class B>
inline constexpr int channel_handoff_yields_of = [] {
  if constexpr (requires { B::channel_handoff_yields; })
    return int{B::channel_handoff_yields};
  else
    return default_channel_handoff_yields;
}();

template <class B>
concept ThreadBackend = SyncBackend<B> && std::movable<typename B::thread> &&
    std::constructible_from<typename B::thread, void (*)(), std::source_location> &&
    requires(typename B::thread& t, const typename B::thread& c, std::source_location l) {
  { c.joinable() } -> std::same_as<bool>;
  {t.join(l)};
  {t.detach()};
};

}  // namespace interleave
