// interleave/backend/relacy.hpp: the backend that lets Relacy explore the code that ships.
//
// `relacy_backend` maps every backend operation onto Relacy's instrumented types
// (rl::atomic, rl::var, rl::mutex, rl::condition_variable), passing the caller's
// std::source_location as Relacy's debug_info so each history step names the primitive's line.
//
// Every operation with a memory order or a wake-up (atomics, fence, notify, lock) is also a
// mutation-testing site (backend/mutation.hpp): when a run asks, it records its site, and the
// one mutant chosen for the run changes what it does. Off by default, at the cost of a test.
//
// Include this header LAST in a model translation unit (normally through
// <interleave/model.hpp>): Relacy's header #defines new, delete, malloc, free, assert and the
// memory_order_* names, which breaks any standard header included after it. After it, spell
// orders as `std::memory_order::acquire`, never `std::memory_order_acquire`.
// Compile such units with -fno-sized-deallocation (interleave::harness sets it).
//
// Simulated threads are fibers on one OS thread, and the C++ runtime keeps its exception state
// (`std::uncaught_exceptions()`, the stack of caught exceptions) per OS thread. Left alone,
// a fiber that switches away while unwinding would make every other fiber believe it is
// unwinding too, and a MutexGuard dropped normally there would poison its mutex. Every
// operation here can switch fibers, so each one saves the calling fiber's exception state
// before the switch and puts it back when the fiber resumes: per-fiber exception state, exactly
// as real threads have it.
#pragma once

#include <cxxabi.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <source_location>
#include <string_view>
#include <utility>

#include "interleave/backend/concept.hpp"
#include "interleave/backend/mutation.hpp"

namespace interleave::detail::relacy {

// Declared before <relacy/relacy.hpp>, which #defines `delete`.
class noncopyable {
 protected:
  noncopyable() = default;
  noncopyable(const noncopyable&) = delete;
  noncopyable& operator=(const noncopyable&) = delete;
};

// Mirrors libsupc++'s __cxa_eh_globals (unwind-cxx.h) on targets without the ARM EH ABI.
struct cxa_eh_globals {
  void* caught_exceptions;
  unsigned int uncaught_exceptions;
};
#if defined(__ARM_EABI_UNWINDER__) || !defined(__GLIBCXX__)
#error "interleave's Relacy backend knows libstdc++'s exception globals on non-ARM-EH targets only"
#endif

inline cxa_eh_globals& current_eh_globals() noexcept {
  return *reinterpret_cast<cxa_eh_globals*>(abi::__cxa_get_globals());
}

// Saves the running fiber's exception state on construction and restores it on destruction,
// so whatever other fibers did to it while this one was switched out is undone. A thread
// started during the simulation begins with none (begin_thread): the fiber it was switched to
// from may be unwinding, and that is not the new thread's business.
class fiber_exception_state : noncopyable {
 public:
  fiber_exception_state() noexcept : saved_(current_eh_globals()) {}
  ~fiber_exception_state() { current_eh_globals() = saved_; }
  static void begin_thread() noexcept { current_eh_globals() = cxa_eh_globals{}; }

 private:
  cxa_eh_globals saved_;
};

}  // namespace interleave::detail::relacy

#include <relacy/relacy.hpp>

namespace interleave {
namespace detail::relacy {

inline rl::debug_info where(const std::source_location& l) {
  return rl::debug_info(l.function_name(), l.file_name(), l.line());
}

inline rl::memory_order order(std::memory_order o) {
  switch (o) {
    case std::memory_order::relaxed: return rl::mo_relaxed;
    case std::memory_order::consume: return rl::mo_consume;
    case std::memory_order::acquire: return rl::mo_acquire;
    case std::memory_order::release: return rl::mo_release;
    case std::memory_order::acq_rel: return rl::mo_acq_rel;
    case std::memory_order::seq_cst: return rl::mo_seq_cst;
  }
  return rl::mo_seq_cst;
}

// The order an operation runs with: its own, or the active mutant's if that is a weaker order
// at this site (mutation.hpp).
inline std::memory_order mutated(const std::source_location& l, mutation::operation op,
                                 std::memory_order o) noexcept {
  const mutation::mutant* m = mutation::at(l, op, o);
  return m && m->what == mutation::change::order ? m->order : o;
}

// A load order no stronger than either: a compare-exchange's failure order after its success
// order was weakened.
constexpr std::memory_order weaker_load_order(std::memory_order a, std::memory_order b) {
  const auto rank = [](std::memory_order o) {
    return o == std::memory_order::relaxed ? 0 : o == std::memory_order::seq_cst ? 2 : 1;
  };
  return rank(a) <= rank(b) ? a : b;
}

// The calling simulated thread's index, for per-thread state of the backend's objects.
inline std::size_t thread_index() { return static_cast<std::size_t>(rl::ctx().current_thread()); }

// The line that builds the primitive under construction on each simulated thread (a
// construction_site lives: concept.hpp, built_here), or none (line 0). Cleared before each
// execution (model.hpp, shaped_suite), as an execution that fails stops its threads where they
// are, construction_sites and all.
inline std::array<std::source_location, 64> building_sites{};
inline void clear_construction_sites() noexcept { building_sites = {}; }

// The line a part under construction names: the site of the primitive that builds it, if any,
// else its own.
inline std::source_location built_at(const std::source_location& own) {
  const std::source_location& site = building_sites[thread_index() % building_sites.size()];
  return site.line() != 0 ? site : own;
}

// Code of the C++ standard library (a path with a `c++` directory, as libstdc++'s and libc++'s
// headers have): forwarding that builds the user's object for them, not a line they wrote.
inline bool in_standard_library(const std::source_location& l) noexcept {
  return std::string_view(l.file_name()).find("/c++/") != std::string_view::npos;
}

// The line that frees the object being destroyed: Backend::destroy's caller, for the time its
// `delete` runs (an object destroyed otherwise is named by lifetime's own line).
inline const rl::debug_info* freeing_site = nullptr;

// A free found racing an access (lifetime's destructor, below), waiting to be reported: not from
// inside the destructor, as failing a test leaves the fiber at once, and the rest of the
// object's destruction would never run. Backend::destroy reports it once `delete` returns;
// a free by other means, at the next access of any lifetime or when the model's hook returns.
struct pending_free_race {
  bool pending = false;
  rl::debug_info at;
};
inline pending_free_race free_race;

inline void report_free_race() {
  if (!free_race.pending) return;
  free_race.pending = false;
  rl::ctx().fail_test(
      "an object is freed while another thread's access to it does not happen-before the free",
      rl::test_result_data_race, free_race.at);
}

// What Relacy does not check: that a free comes after every access of the object freed. Its
// race detector orders a plain variable's accesses with each other and reports an access after
// a free, but a free that another thread's earlier access does not happen-before goes unseen,
// though the C++ memory model makes it a data race (ThreadSanitizer treats a free as a write).
// So every atomic and cell of this backend keeps a lifetime, a variable of Relacy's detector
// that nobody reads: its construction writes it, every operation on the atomic or cell reads
// it, and its destruction writes it. A destruction not ordered after some earlier operation, or
// an operation not ordered after the construction (an object published without a release),
// is a DATA RACE at that line. Neither is a scheduling point nor a step of the history.
class lifetime : noncopyable {
 public:
  lifetime() : data_(rl::ctx().var_ctor()) { data_->init(*rl::ctx().threadx_); }
  ~lifetime() {
    if (!data_->store(*rl::ctx().threadx_) && !free_race.pending)
      free_race = {true, freeing_site ? *freeing_site : RL_INFO};
    rl::ctx().var_dtor(data_);
    alive_ = 0;  // kept by -fno-lifetime-dse, as Relacy's own rl::signature
  }
  void use(const rl::debug_info& at) const {
    report_free_race();
    // A use after the free: Relacy's own check on the access that follows reports it (ACCESS
    // TO FREED MEMORY); data_ went back to Relacy's pool with the free.
    if (alive_ != alive) return;
    if (!data_->load(*rl::ctx().threadx_)) {
      rl::ctx().fail_test("an object is used by a thread its construction does not happen-before",
                          rl::test_result_data_race, at);
    }
  }

 private:
  static constexpr unsigned alive = 0x11fe71e5;
  rl::var_data* data_;
  unsigned alive_ = alive;
};

// Used by negative controls only: the same backend without the per-fiber exception state,
// i.e. what a naive fiber-based backend would do.
struct shared_exception_state {
  static void begin_thread() noexcept {}
};

// The dynamic threads a suite may still start in the execution under way. A suite that starts
// threads (through the backend's `thread`, e.g. <interleave/thread.hpp>) declares how many, as
// Relacy wants them declared: `static constexpr rl::thread_id_t dynamic_thread_count = N;`.
// The harness sets this to N before each execution (model.hpp, budgeted::before); Relacy itself
// does not check the count (its check is compiled out), so the backend does.
inline rl::thread_id_t spare_threads = 0;

// What starting one thread more than the suite declared throws: a model error, reported as the
// item's `error` with this text. It allocates nothing (see model.hpp on exceptions).
struct too_many_threads : std::exception {
  const char* what() const noexcept override {
    return "the model starts more threads than its suite declares in dynamic_thread_count";
  }
};

// Waits that a tree search (bound, full) may end without a notification, per execution: a
// timed wait by a timeout, an untimed wait by a spurious wake-up (condition_variable below).
// Relacy's tree searches end a wait without its notification only by a timeout, and only where
// they may switch threads: switching away from a running thread spends one of the context
// bound's preemptions, so at bound 0 a timed wait times out only once every other thread has
// blocked or finished (by then every notification sent has reached it), and an untimed wait
// never ends early (only the random scheduler wakes one spuriously). A waiter never left its
// wait while the thread that would notify it stood between an unlock and that notify, and no
// timeout that raced a notification was explored without spending a preemption.
//
// The harness sets the budgets before each execution (model.hpp, budgeted::before): a suite
// declares `static constexpr unsigned early_timeouts = N;` or `spurious_wakeups = N;`, else the
// defaults below. Timed waits are few (recv_timeout, wait_timeout, the models' naps), so every
// execution may end one at once; spurious wake-ups are for the suites that ask for them, as
// they double the tree at every untimed wait (measured with one for every suite: the default
// run's iterations went from 25.7 to 49.3 million, and channel/rendezvous/three-producers-no-
// loss no longer completed in its 30 million). A budget keeps the search finite: a loop of
// waits that each end at once would otherwise be an execution without end.
inline constexpr unsigned default_early_timeouts = 1;
inline constexpr unsigned default_spurious_wakeups = 0;
inline unsigned early_timeouts_left = 0;
inline unsigned spurious_wakeups_left = 0;

// Whether the wait about to begin ends without a notification: a decision of the tree search,
// which explores both branches while `budget` lasts (then the wait is Relacy's). The random
// scheduler keeps its own choices: it already times waits out and wakes them spuriously at any
// step.
inline bool search_ends_wait(unsigned& budget, const char* what, const rl::debug_info& at) {
  if (budget == 0 || rl::ctx().is_random_sched()) return false;
  if (rl::ctx().rand(2, rl::sched_type_user) == 0) return false;
  --budget;
  if (rl::ctx().collecting_history()) rl::ctx().exec_log_msg(at, what);
  return true;
}

// The suite's own code outside its threads: its constructor, before(), invariant(), after() and
// destructor. Relacy runs them on whichever simulated thread comes first or last; the harness
// sets this while they run (model.hpp, budgeted), so that they act as one thread of their own,
// a program's main thread that made the threads' inputs and reads their results.
inline bool suite_setup_running = false;
inline constexpr long suite_setup_tag = -1;

// A defect the library names itself (e.g. Rc's RC USED ON ANOTHER THREAD), as Relacy's results
// are a fixed enum: the execution fails as USER ASSERT FAILED, and the harness reports this name
// instead (model.hpp, simulate_once, which clears it before each simulation).
inline const char* named_defect = nullptr;

}  // namespace detail::relacy

// ExceptionState is constructed around every operation that may switch fibers; the default
// keeps each simulated thread's exception state its own (see the header comment).
template <class ExceptionState = detail::relacy::fiber_exception_state>
struct basic_relacy_backend {
  using here = std::source_location;

  // Few slots per block of the unbounded channel, so that a model's sends cross blocks
  // (concept.hpp, channel_block_slots).
  static constexpr std::size_t channel_block_slots = 2;

  // One yield on each side of a rendezvous before it sleeps, so that the searches reach both
  // sleeps (concept.hpp, channel_handoff_yields).
  static constexpr int channel_handoff_yields = 1;

  // Rc's thread check is always on in a model (concept.hpp, rc_thread_check): a handle used by a
  // thread other than its value's creator fails the execution as RC USED ON ANOTHER THREAD, at
  // the line of the use, before any race it would lead to.
  static constexpr bool rc_thread_check = true;
  static long thread_tag() noexcept {
    return detail::relacy::suite_setup_running ? detail::relacy::suite_setup_tag
                                               : static_cast<long>(rl::ctx().current_thread());
  }
  static void describe_thread(long tag, char* out, std::size_t size) noexcept {
    if (tag == detail::relacy::suite_setup_tag)
      std::snprintf(out, size,
                    "the setup thread (the suite's constructor, before(), after(), destructor)");
    else
      std::snprintf(out, size, "thread %ld", tag);
  }
  // Fails the execution; Relacy does not come back to this thread.
  static void stop(const char* defect, const char* message, here l = here::current()) {
    detail::relacy::named_defect = defect;
    rl::ctx().fail_test(message, rl::test_result_user_assert_failed, detail::relacy::where(l));
  }

  // See concept.hpp: while one lives, the atomics, cells and allocations built on its thread
  // name its line (detail::relacy::built_at). The outermost on a thread wins.
  class construction_site : detail::relacy::noncopyable {
   public:
    construction_site(here l) noexcept {
      auto& site = detail::relacy::building_sites[slot_];
      if (site.line() != 0 || detail::relacy::in_standard_library(l)) return;
      site = l;
      owner_ = true;
    }
    ~construction_site() {
      if (owner_) detail::relacy::building_sites[slot_] = {};
    }

   private:
    std::size_t slot_ = detail::relacy::thread_index() % detail::relacy::building_sites.size();
    bool owner_ = false;
  };

  template <class T>
  class atomic : detail::relacy::noncopyable {
   public:
    // The initial store's step names the line that built the object (built_at), not this one.
    atomic(here l = here::current()) : atomic(T{}, l) {}
    explicit atomic(T v, here l = here::current()) {
      a_.store(v, rl::mo_relaxed, detail::relacy::where(detail::relacy::built_at(l)));
    }

    T load(std::memory_order o, here l = here::current()) const {
      [[maybe_unused]] ExceptionState keep;
      o = detail::relacy::mutated(l, mutation::operation::load, o);
      const auto at = detail::relacy::where(l);
      lifetime_.use(at);
      return a_.load(detail::relacy::order(o), at);
    }
    void store(T v, std::memory_order o, here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      o = detail::relacy::mutated(l, mutation::operation::store, o);
      const auto at = detail::relacy::where(l);
      lifetime_.use(at);
      a_.store(v, detail::relacy::order(o), at);
    }
    T exchange(T v, std::memory_order o, here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      return modify(
          mutation::operation::exchange, o, l, [v](T) { return v; },
          [&](rl::memory_order ro, const rl::debug_info& at) { return a_.exchange(v, ro, at); });
    }
    bool compare_exchange_weak(T& expected, T desired, std::memory_order success,
                               std::memory_order failure, here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      return compare_exchange(mutation::operation::compare_exchange_weak, true, expected, desired,
                              success, failure, l);
    }
    bool compare_exchange_strong(T& expected, T desired, std::memory_order success,
                                 std::memory_order failure, here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      return compare_exchange(mutation::operation::compare_exchange_strong, false, expected,
                              desired, success, failure, l);
    }
    T fetch_add(T v, std::memory_order o, here l = here::current()) requires std::integral<T> {
      [[maybe_unused]] ExceptionState keep;
      return modify(
          mutation::operation::fetch_add, o, l, [v](T old) { return static_cast<T>(old + v); },
          [&](rl::memory_order ro, const rl::debug_info& at) { return a_.fetch_add(v, ro, at); });
    }
    T fetch_sub(T v, std::memory_order o, here l = here::current()) requires std::integral<T> {
      [[maybe_unused]] ExceptionState keep;
      return modify(
          mutation::operation::fetch_sub, o, l, [v](T old) { return static_cast<T>(old - v); },
          [&](rl::memory_order ro, const rl::debug_info& at) { return a_.fetch_sub(v, ro, at); });
    }
    T fetch_or(T v, std::memory_order o, here l = here::current()) requires std::integral<T> {
      [[maybe_unused]] ExceptionState keep;
      return modify(
          mutation::operation::fetch_or, o, l, [v](T old) { return static_cast<T>(old | v); },
          [&](rl::memory_order ro, const rl::debug_info& at) { return a_.fetch_or(v, ro, at); });
    }
    T fetch_and(T v, std::memory_order o, here l = here::current()) requires std::integral<T> {
      [[maybe_unused]] ExceptionState keep;
      return modify(
          mutation::operation::fetch_and, o, l, [v](T old) { return static_cast<T>(old & v); },
          [&](rl::memory_order ro, const rl::debug_info& at) { return a_.fetch_and(v, ro, at); });
    }

   private:
    // A read-modify-write at site `l`: `whole` runs it as one operation with the given order,
    // unless the active mutant splits it (a load, then a store of next(old)) or weakens it.
    template <class Next, class Whole>
    T modify(mutation::operation op, std::memory_order o, const here& l, Next next, Whole whole) {
      const auto at = detail::relacy::where(l);
      lifetime_.use(at);
      if (const mutation::mutant* m = mutation::at(l, op, o)) {
        if (m->what == mutation::change::split) {
          const T old = a_.load(detail::relacy::order(mutation::load_part(o)), at);
          a_.store(next(old), detail::relacy::order(mutation::store_part(o)), at);
          return old;
        }
        if (m->what == mutation::change::order) o = m->order;
      }
      return whole(detail::relacy::order(o), at);
    }
    bool compare_exchange(mutation::operation op, bool weak, T& expected, T desired,
                          std::memory_order success, std::memory_order failure, const here& l) {
      const auto at = detail::relacy::where(l);
      lifetime_.use(at);
      if (const mutation::mutant* m = mutation::at(l, op, success)) {
        switch (m->what) {
          case mutation::change::split: {
            const T seen = a_.load(detail::relacy::order(mutation::load_part(success)), at);
            if (!(seen == expected)) {
              expected = seen;
              return false;
            }
            a_.store(desired, detail::relacy::order(mutation::store_part(success)), at);
            return true;
          }
          case mutation::change::weak: weak = true; break;
          case mutation::change::order:
            success = m->order;
            failure = detail::relacy::weaker_load_order(failure, mutation::load_part(success));
            break;
          default: break;
        }
      }
      return weak ? a_.compare_exchange_weak(expected, desired, detail::relacy::order(success), at,
                                             detail::relacy::order(failure), at)
                  : a_.compare_exchange_strong(expected, desired, detail::relacy::order(success),
                                               at, detail::relacy::order(failure), at);
    }

    detail::relacy::lifetime lifetime_;  // before a_: constructed first, destroyed last
    mutable rl::atomic<T> a_;
  };

  template <class T>
  class cell {
   public:
    // The initial store's step names the line that built the object (built_at), not this one.
    cell(here l = here::current()) : cell(T{}, l) {}
    explicit cell(T v, here l = here::current()) {
      v_(detail::relacy::where(detail::relacy::built_at(l))).store(v);
    }
    T load(here l = here::current()) const {
      [[maybe_unused]] ExceptionState keep;
      const auto at = detail::relacy::where(l);
      lifetime_.use(at);
      return v_(at).load();
    }
    void store(T v, here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      const auto at = detail::relacy::where(l);
      lifetime_.use(at);
      v_(at).store(v);
    }

   private:
    detail::relacy::lifetime lifetime_;  // before v_: constructed first, destroyed last
    rl::var<T> v_;
  };

  class mutex {
   public:
    void lock(here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      if (mutation::at(l, mutation::operation::lock)) {  // change::unlocked: no other for a lock
        ++skipped_[detail::relacy::thread_index() % skipped_.size()];
        return;
      }
      m_.lock(detail::relacy::where(l));
    }
    bool try_lock(here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      return m_.try_lock(detail::relacy::where(l));
    }
    void unlock(here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      // The unlock that pairs with a lock the active mutant skipped: a thread holds one mutex
      // once (it is not recursive), so its next unlock of this mutex is that lock's.
      if (auto& skipped = skipped_[detail::relacy::thread_index() % skipped_.size()]; skipped > 0) {
        --skipped;
        return;
      }
      m_.unlock(detail::relacy::where(l));
    }
    rl::mutex& native() noexcept { return m_; }

   private:
    rl::mutex m_;
    std::array<unsigned char, 64> skipped_{};  // per simulated thread: locks a mutant skipped
  };

  // A wait may end without a notification, as the contract of Condvar allows: an untimed wait
  // by a spurious wake-up, a timed one by a timeout (the duration is not simulated). Relacy's
  // random scheduler does either at any step; its tree searches time a wait out where they
  // switch threads. Besides, while the execution's budgets last (detail::relacy, above), each
  // wait is a branch of the tree search: one branch waits as Relacy does, the other ends the
  // wait with no notification having reached it (end_early).
  class condition_variable {
   public:
    void wait(mutex& m, here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      const auto at = detail::relacy::where(l);
      if (detail::relacy::search_ends_wait(detail::relacy::spurious_wakeups_left,
                                           "the wait ends without a notification: spurious wake-up",
                                           at)) {
        end_early(m, l);
        return;
      }
      cv_.wait(m.native(), at);
    }
    template <class Rep, class Period>
    bool wait_for(mutex& m, std::chrono::duration<Rep, Period> d, here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      const auto at = detail::relacy::where(l);
      if (detail::relacy::search_ends_wait(detail::relacy::early_timeouts_left,
                                           "the wait ends without a notification: timeout", at)) {
        end_early(m, l);
        return false;
      }
      return cv_.wait_for(m.native(), d, at);
    }
    void notify_one(here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      if (mutation::at(l, mutation::operation::notify_one)) return;  // change::dropped
      cv_.notify_one(detail::relacy::where(l));
    }
    void notify_all(here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      if (const mutation::mutant* m = mutation::at(l, mutation::operation::notify_all)) {
        if (m->what == mutation::change::notify_one) cv_.notify_one(detail::relacy::where(l));
        return;  // or change::dropped
      }
      cv_.notify_all(detail::relacy::where(l));
    }

   private:
    // A wait that no notification reaches: the mutex is released for as long as the other
    // threads take (a yield: the tree searches give every other thread that can run a step
    // before this one goes on, without spending a preemption), and the notifications they send
    // meanwhile find nobody waiting. Then the lock is taken again, as after any wait. Relacy's
    // own mutex, as cv_.wait uses it: the wait's line is no lock or unlock site of a mutant.
    static void end_early(mutex& m, here l) {
      const auto at = detail::relacy::where(l);
      m.native().unlock(at);
      rl::yield(1, at);
      m.native().lock(at);
    }

    rl::condition_variable cv_;
  };

  // One of the suite's dynamic threads (see detail::relacy::spare_threads): the suite declares
  // how many it may start. Starting a thread happens-before its first step, and its last step
  // happens-before join() returns (Relacy's thread object orders both, as std::thread does).
  // The body is moved to Relacy's heap, attributed to the line that started the thread, and
  // freed by the thread when it ends; an exception must not leave it (as with std::thread, it
  // would end the program). A detached thread still runs to its end within the execution.
  // Destroying or overwriting a joinable handle, which std::thread punishes with
  // std::terminate, fails the execution as a USER ASSERT FAILED instead.
  class thread {
   public:
    thread() noexcept = default;
    template <class F>
    explicit thread(F f, here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      if (detail::relacy::spare_threads == 0) throw detail::relacy::too_many_threads{};
      --detail::relacy::spare_threads;
      F* body = basic_relacy_backend::create<F>(l, std::move(f));
      handle_ = rl::ctx().create_thread(&run<F>, body);
    }
    thread(thread&& other) noexcept : handle_(other.handle_) { other.handle_ = nullptr; }
    thread& operator=(thread&& other) noexcept {
      if (this != &other) {
        refuse_joinable("a joinable thread handle was overwritten");
        handle_ = other.handle_;
        other.handle_ = nullptr;
      }
      return *this;
    }
    ~thread() { refuse_joinable("a joinable thread handle was destroyed"); }

    [[nodiscard]] bool joinable() const noexcept { return handle_ != nullptr; }
    void join(here l = here::current()) {
      [[maybe_unused]] ExceptionState keep;
      handle_->wait(false, false, detail::relacy::where(l));
      handle_ = nullptr;
    }
    void detach() noexcept { handle_ = nullptr; }

   private:
    template <class F>
    static void* run(void* p) noexcept {
      ExceptionState::begin_thread();
      F* body = static_cast<F*>(p);
      (*body)();
      basic_relacy_backend::destroy(body);
      return nullptr;
    }
    void refuse_joinable(const char* what) noexcept {
      if (handle_ != nullptr)
        rl::ctx().fail_test(what, rl::test_result_user_assert_failed,
                            detail::relacy::where(here::current()));
    }
    rl::win_waitable_object* handle_ = nullptr;
  };

  static void fence(std::memory_order o, here l = here::current()) {
    [[maybe_unused]] ExceptionState keep;
    if (mutation::at(l, mutation::operation::fence, o)) return;  // change::removed
    rl::atomic_thread_fence(detail::relacy::order(o), detail::relacy::where(l));
  }
  // Relacy's own yield also promises freshness: after it, no load of the yielding thread reads
  // a value that thread had seen before (so that a spin loop ends). Real threads get no such
  // promise from a yield, and the promise hid every stale read that follows one: the channels'
  // parking handshakes, which yield before they park, passed with their seq_cst accesses
  // weakened. Stale reads happen only under the random scheduler (the tree searches read the
  // latest store), so there a yield is a plain scheduling point; the tree searches keep
  // Relacy's yield, which also lets them switch threads there without spending a preemption.
  static void yield(here l = here::current()) {
    [[maybe_unused]] ExceptionState keep;
    if (rl::ctx().is_random_sched()) {
      rl::ctx().sched();
      return;
    }
    rl::yield(1, detail::relacy::where(l));
  }
  // Relacy's `new`/`delete` macros are set aside here so the allocation can carry the caller's
  // location: the allocation through Relacy's placement operator new taking debug_info, the
  // free after set_debug_info (what Relacy's own delete macro does with `$`).
#pragma push_macro("new")
#pragma push_macro("delete")
#undef new
#undef delete
  template <class T, class... Args>
  static T* create(here l, Args&&... args) {
    [[maybe_unused]] ExceptionState keep;
    void* memory = ::operator new(sizeof(T), detail::relacy::where(detail::relacy::built_at(l)));
    try {
      return ::new (memory) T(std::forward<Args>(args)...);
    } catch (...) {
      ::operator delete(memory, detail::relacy::where(l));
      throw;
    }
  }
  template <class T>
  static void destroy(T* p, here l = here::current()) {
    [[maybe_unused]] ExceptionState keep;
    if (p == nullptr) return;
    const auto at = detail::relacy::where(l);
    rl::ctx().set_debug_info(at);
    const rl::debug_info* outer = std::exchange(detail::relacy::freeing_site, &at);
    delete p;
    detail::relacy::freeing_site = outer;
    detail::relacy::report_free_race();
  }
#pragma pop_macro("delete")
#pragma pop_macro("new")
  static int uncaught_exceptions() noexcept { return std::uncaught_exceptions(); }
  // Time stands still in a simulation: a timed wait ends when the scheduler decides it does.
  static std::chrono::steady_clock::time_point now() noexcept { return {}; }
};

using relacy_backend = basic_relacy_backend<>;
static_assert(ThreadBackend<relacy_backend> && ThreadCheckingBackend<relacy_backend>);

}  // namespace interleave
