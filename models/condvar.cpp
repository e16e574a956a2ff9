// Models of interleave::Condvar with interleave::Mutex: hand-offs never lose a wake-up, timeouts
// report honestly, poisoning survives a wait. Negative control: the classic lost wake-up, a
// wait with no predicate (DEADLOCK).
#include <interleave/condvar.hpp>
#include <interleave/mutex.hpp>
#include <interleave/model.hpp>

#include "broken_backends.hpp"

namespace interleave::models {
namespace {

using B = relacy_backend;

template <class T>
struct cell_of {
  typename B::template cell<T> value;
};

// A producer hands two items to a consumer through a count guarded by the mutex; the consumer
// waits with wait_while. Every item is taken, and nobody sleeps forever.
struct handoff_never_loses_wakeup : rl::test_suite<handoff_never_loses_wakeup, 2> {
  std::optional<Mutex<cell_of<int>, B>> queue;
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
        auto g = *ready->wait_while(*queue->lock(), [](cell_of<int>& q) { return q.value.load() == 0; });
        g->value.store(g->value.load() - 1);
      }
    }
  }
  void after() { RL_ASSERT((*queue->lock())->value.load() == 0); }
};

// The lost wake-up: the consumer waits without checking the condition first, so a notify that
// came before the wait is lost and the consumer sleeps forever.
struct lost_wakeup_without_predicate : rl::test_suite<lost_wakeup_without_predicate, 2> {
  std::optional<Mutex<cell_of<bool>, B>> flag;
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
      auto g = *ready->wait(*flag->lock());  // BUG: no predicate loop
      (void)g;
    }
  }
};

// wait_timeout_while says it timed out only when the predicate still holds at the end; when it
// did not time out, the producer's value is there.
struct wait_timeout_reports_honestly : rl::test_suite<wait_timeout_reports_honestly, 2> {
  std::optional<Mutex<cell_of<bool>, B>> flag;
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
      auto [g, result] = *ready->wait_timeout_while(*flag->lock(), std::chrono::seconds(1),
                                                    [](cell_of<bool>& f) { return !f.value.load(); });
      RL_ASSERT(result.timed_out() != g->value.load());
    }
  }
};

// Poisoning survives a wait: the notifier panics while holding the lock after setting the flag;
// the waiter wakes to a PoisonError that still holds the lock and shows the flag.
struct poison_survives_wait : rl::test_suite<poison_survives_wait, 2> {
  std::optional<Mutex<cell_of<bool>, B>> flag;
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
        auto again = ready->wait_while(std::move(g), [](cell_of<bool>& f) { return !f.value.load(); });
        RL_ASSERT(!again.has_value());
        return;
      }
      auto woke = ready->wait_while(std::move(*r), [](cell_of<bool>& f) { return !f.value.load(); });
      RL_ASSERT(!woke.has_value());  // the flag is only ever set by the panicking holder
      RL_ASSERT(woke.error().get_ref()->value.load());
    }
  }
};

}  // namespace

INTERLEAVE_MODEL(handoff_never_loses_wakeup, "condvar/handoff-never-loses-wakeup", expect::pass(),
                 "a producer hands two items to a consumer waiting with wait_while; none is lost, nobody sleeps forever");
INTERLEAVE_MODEL(lost_wakeup_without_predicate, "condvar/negative/lost-wakeup",
                 expect::fails_with("DEADLOCK"),
                 "negative control: a consumer that waits without checking the condition misses an earlier notify");
INTERLEAVE_MODEL(wait_timeout_reports_honestly, "condvar/wait-timeout-reports-honestly", expect::pass(),
                 "wait_timeout_while reports a timeout only when the condition is still false");
INTERLEAVE_MODEL(poison_survives_wait, "condvar/poison-survives-wait", expect::pass(),
                 "a panic by the notifier under the lock poisons the mutex as seen by the waiter after its wait");

}  // namespace interleave::models
