// Models of interleave::thread (spawn/join and scope) over the Relacy backend: the threads they
// start are the suite's dynamic threads (backend/relacy.hpp), so Relacy explores the code that
// ships. A scope joins every thread it spawned before it returns, those spawned by its own
// threads included: their writes are ordered before what follows the scope (a read of a cell
// that is not would be a DATA RACE). A panic in a scoped thread surfaces at the end of the
// scope; join() returns a thread's value, or its panic, after everything the thread did.
// Negative controls: a scope that returns without joining (fault::scope_skips_join): the
// writes race with the reads after the scope (DATA RACE), and the panic is lost (USER ASSERT
// FAILED).
#include <exception>
#include <optional>

#include <interleave/thread.hpp>
#include <interleave/model.hpp>

#include "interleave/models/broken_backends.hpp"

namespace interleave::models {
namespace {

constexpr int writers = 2;

// Thread 0 opens a scope that spawns two threads, each writing its own cell, and reads the
// cells once the scope has returned. The reads race with the writes unless the scope joined
// both threads; after() checks what they read, once every thread has ended.
template <class B>
struct scope_joins_every_thread : rl::test_suite<scope_joins_every_thread<B>, 1> {
  static constexpr rl::thread_id_t dynamic_thread_count = writers;
  typename B::template cell<int> written[writers];
  int seen[writers] = {};  // thread 0's only

  void thread(unsigned) {
    interleave::thread::scope<B>([this](auto& s) {
      for (int i = 0; i < writers; ++i) (void)s.spawn([this, i] { written[i].store(i + 1); });
    });
    for (int i = 0; i < writers; ++i) seen[i] = written[i].load();
  }
  void after() {
    for (int i = 0; i < writers; ++i) RL_ASSERT(seen[i] == i + 1);
  }
};

// A scoped thread spawns another through the scope while the scope may already be joining:
// the scope re-reads its list, joins the late one too, and its write is seen after the scope.
// (No control runs this one over a scope that skips its joins: the late spawn would use a
// scope that no longer exists, undefined behaviour rather than a defect Relacy names.)
struct scope_joins_threads_spawned_by_its_threads
    : rl::test_suite<scope_joins_threads_spawned_by_its_threads, 1> {
  using B = relacy_backend;
  static constexpr rl::thread_id_t dynamic_thread_count = 2;
  B::cell<int> outer, inner;
  int seen = 0;

  void thread(unsigned) {
    interleave::thread::scope<B>([this](auto& s) {
      (void)s.spawn([this, &s] {
        outer.store(1);
        (void)s.spawn([this] { inner.store(2); });
      });
    });
    seen = outer.load() + inner.load();
  }
  void after() { RL_ASSERT(seen == 3); }
};

// One scoped thread panics, another returns normally: the scope rethrows the panic once both
// have ended. Nothing else is shared, so a scope that loses the panic fails only the assert.
template <class B>
struct panic_surfaces_at_scope_end : rl::test_suite<panic_surfaces_at_scope_end<B>, 1> {
  static constexpr rl::thread_id_t dynamic_thread_count = 2;
  bool caught = false;

  void thread(unsigned) {
    try {
      interleave::thread::scope<B>([](auto& s) {
        (void)s.spawn([] { throw panic{}; });
        (void)s.spawn([] { return 1; });
      });
    } catch (const panic&) {
      caught = true;
    }
    RL_ASSERT(caught);
  }
};

// spawn/join: join() returns the thread's value after everything the thread did (its write is
// seen, no race), or the exception that escaped it; a handle dropped unjoined detaches its
// thread, which still runs to its end within the execution.
struct join_returns_value_or_panic : rl::test_suite<join_returns_value_or_panic, 1> {
  using B = relacy_backend;
  static constexpr rl::thread_id_t dynamic_thread_count = 3;
  B::cell<int> written;

  void thread(unsigned) {
    auto value = interleave::thread::spawn<B>([this] {
      written.store(7);
      return 6 * 7;
    });
    auto failing = interleave::thread::spawn<B>([]() -> int { throw panic{}; });
    {
      auto detached = interleave::thread::spawn<B>([] {});
    }
    const auto v = value.join();
    RL_ASSERT(v.has_value() && *v == 42);
    RL_ASSERT(written.load() == 7);
    const auto p = failing.join();
    bool panicked = false;
    if (!p.has_value()) {
      try {
        std::rethrow_exception(p.error());
      } catch (const panic&) {
        panicked = true;
      }
    }
    RL_ASSERT(panicked);
  }
};

using skips_join = faulty_backend<fault::scope_skips_join>;

}  // namespace

INTERLEAVE_MODEL(
    scope_joins_every_thread<relacy_backend>, "thread/scope-joins-every-thread", expect::pass(),
    "two scoped threads write; after the scope returns their writes are seen, unraced");
INTERLEAVE_MODEL(scope_joins_threads_spawned_by_its_threads,
                 "thread/scope-joins-threads-spawned-by-its-threads", expect::pass(),
                 "a scoped thread spawns another through the scope; the scope joins that one too");
INTERLEAVE_MODEL(panic_surfaces_at_scope_end<relacy_backend>, "thread/panic-surfaces-at-scope-end",
                 expect::pass(),
                 "a panic in a scoped thread is rethrown by the scope after joining");
INTERLEAVE_MODEL(
    join_returns_value_or_panic, "thread/join-returns-value-or-panic", expect::pass(),
    "join returns the value after the thread's writes, or its panic; a dropped handle detaches");

INTERLEAVE_MODEL(scope_joins_every_thread<skips_join>, "thread/negative/scope-skips-join",
                 expect::fails_with("DATA RACE"),
                 "negative control: a scope that returns without joining; the threads' writes race "
                 "the reads after it");
INTERLEAVE_MODEL(panic_surfaces_at_scope_end<skips_join>,
                 "thread/negative/scope-skips-join-loses-panic",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: a scope that returns without joining never sees the panic");

}  // namespace interleave::models
