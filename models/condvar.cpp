// Models of interleave::Condvar with interleave::Mutex: hand-offs never lose a wake-up, a
// broadcast wakes every waiter, wait_while re-checks its predicate, timeouts report honestly,
// poisoning survives a wait.
//
// Negative controls: each runs one of these suites, unchanged, over a backend that compiles
// one of Condvar's fault points in (detail/fault.hpp), so the defect shown is the library's:
//   notify_one_wakes_nobody   handoff_never_loses_wakeup      DEADLOCK
//   notify_all_wakes_nobody   broadcast_wakes_every_waiter    DEADLOCK
//   wait_while_skips_recheck  waiters_take_one_each           USER ASSERT FAILED
//   wait_ignores_poison       poison_survives_wait            USER ASSERT FAILED
//   timeout_skips_recheck     wait_timeout_reports_honestly   USER ASSERT FAILED (bound 0)
// The same suite over relacy_backend is the control's passing twin, registered above it.
//
// timeout_skips_recheck is searched at bound 0, where no thread is ever preempted: there a
// timed wait ends without its notification only by the search's own branch (backend/relacy.hpp,
// early timeouts), while the notifier runs. Relacy's own timeout, at any bound above 0, spends a
// preemption to get there (tests/relacy/early_wakeup_test.cpp shows the control passing at
// bound 0 without the branch).
//
// User-code demonstration (not a library control: Condvar is sound in it): the classic lost
// wake-up, a consumer that waits without checking the condition first (DEADLOCK), under
// condvar/demo/.
#include <interleave/condvar.hpp>
#include <interleave/mutex.hpp>
#include <interleave/model.hpp>

#include "interleave/models/broken_backends.hpp"

namespace interleave::models {
namespace {

template <class T, class B>
struct cell_of {
  typename B::template cell<T> value;
};

// A producer hands two items to a consumer through a count guarded by the mutex, with
// notify_one after each; the consumer waits with wait_while. Every item is taken, and nobody
// sleeps forever.
template <class B>
struct handoff_never_loses_wakeup : rl::test_suite<handoff_never_loses_wakeup<B>, 2> {
  std::optional<Mutex<cell_of<int, B>, B>> queue;
  std::optional<Condvar<B>> ready;

  void before() {
    queue.emplace();
    ready.emplace();
  }
  void thread(unsigned index) {
    if (index == 0) {
      for (int i = 0; i < 2; ++i) {
        {
          auto g = *queue->lock();
          g->value.store(g->value.load() + 1);
        }
        ready->notify_one();
      }
    } else {
      for (int taken = 0; taken < 2; ++taken) {
        auto g = *ready->wait_while(*queue->lock(),
                                    [](cell_of<int, B>& q) { return q.value.load() == 0; });
        g->value.store(g->value.load() - 1);
      }
    }
  }
  void after() { RL_ASSERT((*queue->lock())->value.load() == 0); }
};

// Two threads wait for one flag; a third sets it and calls notify_all once. Both waiters
// return (no DEADLOCK): one broadcast wakes every thread waiting at the time.
template <class B>
struct broadcast_wakes_every_waiter : rl::test_suite<broadcast_wakes_every_waiter<B>, 3> {
  std::optional<Mutex<cell_of<bool, B>, B>> flag;
  std::optional<Condvar<B>> ready;

  void before() {
    flag.emplace();
    ready.emplace();
  }
  void thread(unsigned index) {
    if (index == 0) {
      (*flag->lock())->value.store(true);
      ready->notify_all();
      return;
    }
    auto g = *ready->wait_while(*flag->lock(), [](cell_of<bool, B>& f) { return !f.value.load(); });
    RL_ASSERT(g->value.load());
  }
};

// Two consumers each take one item from a count that a producer raises twice, with notify_all
// after each raise, so one item can wake both consumers. wait_while returns only once the
// count is positive, so each consumer finds an item to take (the assertion) and the count ends
// at zero. A wait_while that took the wake-up for the item lets the second consumer out of its
// wait with the count at zero.
template <class B>
struct waiters_take_one_each : rl::test_suite<waiters_take_one_each<B>, 3> {
  std::optional<Mutex<cell_of<int, B>, B>> count;
  std::optional<Condvar<B>> changed;

  void before() {
    count.emplace();
    changed.emplace();
  }
  void thread(unsigned index) {
    if (index == 0) {
      for (int i = 0; i < 2; ++i) {
        {
          auto g = *count->lock();
          g->value.store(g->value.load() + 1);
        }
        changed->notify_all();
      }
      return;
    }
    auto g = *changed->wait_while(*count->lock(),
                                  [](cell_of<int, B>& c) { return c.value.load() == 0; });
    RL_ASSERT(g->value.load() > 0);  // wait_while returned with its predicate false
    g->value.store(g->value.load() - 1);
  }
  void after() { RL_ASSERT((*count->lock())->value.load() == 0); }
};

// wait_timeout_while says it timed out only when the predicate still holds at the end; when it
// did not time out, the producer's value is there.
template <class B>
struct wait_timeout_reports_honestly : rl::test_suite<wait_timeout_reports_honestly<B>, 2> {
  std::optional<Mutex<cell_of<bool, B>, B>> flag;
  std::optional<Condvar<B>> ready;

  void before() {
    flag.emplace();
    ready.emplace();
  }
  void thread(unsigned index) {
    if (index == 0) {
      (*flag->lock())->value.store(true);
      ready->notify_one();
    } else {
      auto [g, result] =
          *ready->wait_timeout_while(*flag->lock(), std::chrono::seconds(1),
                                     [](cell_of<bool, B>& f) { return !f.value.load(); });
      RL_ASSERT(result.timed_out() != g->value.load());
    }
  }
};

// Poisoning survives a wait: the notifier panics while holding the lock after setting the flag;
// the waiter wakes to a PoisonError that still holds the lock and shows the flag.
template <class B>
struct poison_survives_wait : rl::test_suite<poison_survives_wait<B>, 2> {
  std::optional<Mutex<cell_of<bool, B>, B>> flag;
  std::optional<Condvar<B>> ready;

  void before() {
    flag.emplace();
    ready.emplace();
  }
  void thread(unsigned index) {
    if (index == 0) {
      try {
        auto g = *flag->lock();
        g->value.store(true);
        throw panic{};
      } catch (const panic&) {
      }
      ready->notify_all();
    } else {
      auto r = flag->lock();
      if (!r) {  // the panic came first; wait_while returns at once, still poisoned
        auto g = std::move(r.error()).into_inner();
        auto again =
            ready->wait_while(std::move(g), [](cell_of<bool, B>& f) { return !f.value.load(); });
        RL_ASSERT(!again.has_value());
        return;
      }
      auto woke =
          ready->wait_while(std::move(*r), [](cell_of<bool, B>& f) { return !f.value.load(); });
      RL_ASSERT(!woke.has_value());  // the flag is only ever set by the panicking holder
      RL_ASSERT(woke.error().get_ref()->value.load());
    }
  }
};

// User code, not the library: the consumer waits without checking the condition first, so a
// notify that came before the wait is lost and the consumer sleeps forever.
struct lost_wakeup_in_user_code : rl::test_suite<lost_wakeup_in_user_code, 2> {
  using B = relacy_backend;
  std::optional<Mutex<cell_of<bool, B>, B>> flag;
  std::optional<Condvar<B>> ready;

  void before() {
    flag.emplace();
    ready.emplace();
  }
  void thread(unsigned index) {
    if (index == 0) {
      (*flag->lock())->value.store(true);
      ready->notify_one();
    } else {
      auto g = *ready->wait(*flag->lock());  // BUG (the user's): no predicate loop
      (void)g;
    }
  }
};

using sound = relacy_backend;
template <class F>
using faulty = faulty_backend<F>;

harness::SearchSettings bound0() {
  harness::SearchSettings s;
  s.context_bound = 0;
  return s;
}

}  // namespace

INTERLEAVE_MODEL(handoff_never_loses_wakeup<sound>, "condvar/handoff-never-loses-wakeup",
                 expect::pass(),
                 "a producer hands two items to a consumer waiting with wait_while; none is lost, "
                 "nobody sleeps forever");
INTERLEAVE_MODEL(broadcast_wakes_every_waiter<sound>, "condvar/broadcast-wakes-every-waiter",
                 expect::pass(),
                 "two threads wait for a flag; one notify_all after it is set wakes both");
INTERLEAVE_MODEL(
    waiters_take_one_each<sound>, "condvar/wait-while-rechecks-after-waking", expect::pass(),
    "two consumers, two items, notify_all per item: wait_while returns only with an item there");
INTERLEAVE_MODEL(wait_timeout_reports_honestly<sound>, "condvar/wait-timeout-reports-honestly",
                 expect::pass(),
                 "wait_timeout_while reports a timeout only when the condition is still false");
INTERLEAVE_MODEL(poison_survives_wait<sound>, "condvar/poison-survives-wait", expect::pass(),
                 "a panic by the notifier under the lock poisons the mutex as seen by the waiter "
                 "after its wait");

// Library controls. None names a defect it may pass: each fault shows only its own.
INTERLEAVE_MODEL(handoff_never_loses_wakeup<faulty<fault::notify_one_wakes_nobody>>,
                 "condvar/negative/notify-one-wakes-nobody", expect::fails_with("DEADLOCK"),
                 "negative control: Condvar::notify_one wakes nobody; the consumer sleeps forever");
INTERLEAVE_MODEL(broadcast_wakes_every_waiter<faulty<fault::notify_all_wakes_nobody>>,
                 "condvar/negative/notify-all-wakes-nobody", expect::fails_with("DEADLOCK"),
                 "negative control: Condvar::notify_all wakes nobody; the waiters sleep forever");
INTERLEAVE_MODEL(waiters_take_one_each<faulty<fault::wait_while_skips_recheck>>,
                 "condvar/negative/wait-while-skips-recheck",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: wait_while returns after one wake-up without re-checking; a "
                 "consumer finds no item");
INTERLEAVE_MODEL(poison_survives_wait<faulty<fault::wait_ignores_poison>>,
                 "condvar/negative/wait-ignores-poison", expect::fails_with("USER ASSERT FAILED"),
                 "negative control: a wait returns Ok from a poisoned mutex");
INTERLEAVE_MODEL(
    wait_timeout_reports_honestly<faulty<fault::timeout_skips_recheck>>,
    "condvar/negative/timeout-skips-recheck", expect::fails_with("USER ASSERT FAILED"),
    "negative control: wait_timeout_while reports a timeout without re-checking; the "
    "flag set while the wait ended is missed (bound 0: found by the early timeout only)",
    bound0());

// User-code demonstration: not a library control (the Condvar is sound), not counted as one.
INTERLEAVE_MODEL(
    lost_wakeup_in_user_code, "condvar/demo/lost-wakeup-in-user-code",
    expect::fails_with("DEADLOCK"),
    "user-code demonstration, not a library control: a consumer that waits without checking "
    "the condition misses an earlier notify");

}  // namespace interleave::models
