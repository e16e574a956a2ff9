// Models of interleave::Mutex: mutual exclusion, and poisoning as Rust's std::sync::Mutex has it.
// Negative controls: a mutex that forgets to lock (DATA RACE), a guard that does not poison on
// unwind, and fibers that share one exception state (both USER ASSERT FAILED).
#include <interleave/mutex.hpp>
#include <interleave/model.hpp>

#include "interleave/models/broken_backends.hpp"

namespace interleave::models {
namespace {

// Two threads each add to a counter twice under the lock; the counter is a Relacy cell, so any
// two accesses not ordered by the lock are a reported DATA RACE.
template <class B>
struct mutual_exclusion : rl::test_suite<mutual_exclusion<B>, 2> {
  using cell = typename B::template cell<int>;
  std::optional<Mutex<cell, B>> counter;

  void before() { counter.emplace(); }
  void thread(unsigned) {
    for (int i = 0; i < 2; ++i) {
      auto g = *counter->lock();
      g->store(g->load() + 1);
    }
  }
  void after() { RL_ASSERT((*counter->lock())->load() == 4); }
};

// Shared state for the poison models: `poisoned_expected` is written under the lock by whoever
// changes what a later locker must see.
template <class B>
struct ledger {
  typename B::template cell<bool> poisoned_expected;
  typename B::template cell<int> value;
};

// Thread 0 panics while holding the lock; threads 1 and 2 lock and must see the poison exactly
// when the panic happened before they acquired. Either way they still get the data.
template <class B>
struct poison_seen_after_panic : rl::test_suite<poison_seen_after_panic<B>, 3> {
  std::optional<Mutex<ledger<B>, B>> m;

  void before() { m.emplace(); }
  void thread(unsigned index) {
    if (index == 0) {
      try {
        auto g = *m->lock();
        g->poisoned_expected.store(true);
        throw panic{};
      } catch (const panic&) {
      }
      return;
    }
    auto r = m->lock();
    const bool poisoned = !r.has_value();
    auto g = poisoned ? std::move(r.error()).into_inner() : std::move(*r);
    RL_ASSERT(poisoned == g->poisoned_expected.load());
    RL_ASSERT(poisoned == m->is_poisoned());
    g->value.store(g->value.load() + 1);  // the data is still reachable through the poison
  }
};

// Thread 0 panics under the lock; thread 1 recovers (into_inner) and clears the poison; thread
// 2 try_locks and must see the flag exactly as the others left it.
struct clear_poison_clears_the_flag : rl::test_suite<clear_poison_clears_the_flag, 3> {
  using B = relacy_backend;
  std::optional<Mutex<ledger<B>, B>> m;

  void before() { m.emplace(); }
  void thread(unsigned index) {
    if (index == 0) {
      try {
        auto g = *m->lock();
        g->poisoned_expected.store(true);
        throw panic{};
      } catch (const panic&) {
      }
    } else if (index == 1) {
      auto r = m->lock();
      auto g = r ? std::move(*r) : std::move(r.error()).into_inner();
      if (!r) {
        m->clear_poison();
        RL_ASSERT(!m->is_poisoned());
        g->poisoned_expected.store(false);
      }
    } else {
      auto r = m->try_lock();
      if (!r && r.error().is_would_block()) return;
      auto g = r ? std::move(*r) : std::move(r.error()).into_inner();
      RL_ASSERT(r.has_value() != g->poisoned_expected.load());
    }
  }
};

// A panic while holding one mutex must not poison another mutex that a second thread locks and
// unlocks normally, whatever the interleaving: simulated threads keep their own exception state.
template <class B>
struct panic_elsewhere_does_not_poison : rl::test_suite<panic_elsewhere_does_not_poison<B>, 2> {
  std::optional<Mutex<int, B>> panicking;
  std::optional<Mutex<int, B>> innocent;

  void before() {
    panicking.emplace(0);
    innocent.emplace(0);
  }
  void thread(unsigned index) {
    if (index == 0) {
      try {
        auto g = *panicking->lock();
        throw panic{};
      } catch (const panic&) {
      }
    } else {
      for (int i = 0; i < 2; ++i) {
        auto r = innocent->lock();
        RL_ASSERT(r.has_value());
        if (r) **r += 1;
      }
    }
  }
  void after() { RL_ASSERT(!innocent->is_poisoned()); }
};

}  // namespace

INTERLEAVE_MODEL(mutual_exclusion<relacy_backend>, "mutex/mutual-exclusion", expect::pass(),
                 "two threads increment a counter under the lock twice each; the counter is never "
                 "raced and ends at 4");
INTERLEAVE_MODEL(mutual_exclusion<forgets_to_lock_backend>, "mutex/negative/forgets-to-lock",
                 expect::fails_with("DATA RACE"),
                 "negative control: the same model over a mutex whose lock does nothing");
INTERLEAVE_MODEL(poison_seen_after_panic<relacy_backend>, "mutex/poison-seen-after-panic",
                 expect::pass(),
                 "a panic under the lock poisons it for exactly the lockers that acquire after it; "
                 "they still get the data");
INTERLEAVE_MODEL(
    poison_seen_after_panic<ignores_unwinding_backend>, "mutex/negative/guard-ignores-unwinding",
    expect::fails_with("USER ASSERT FAILED"),
    "negative control: a guard that cannot tell it is unwinding, so a panic never poisons");
INTERLEAVE_MODEL(clear_poison_clears_the_flag, "mutex/clear-poison-clears-the-flag", expect::pass(),
                 "after a panic, one thread recovers the data and clears the poison; a later "
                 "try_lock sees it cleared");
INTERLEAVE_MODEL(
    panic_elsewhere_does_not_poison<relacy_backend>, "mutex/panic-elsewhere-does-not-poison",
    expect::pass(),
    "a panic under one mutex never poisons another mutex used normally by another thread");
INTERLEAVE_MODEL(
    panic_elsewhere_does_not_poison<shared_exception_state_backend>,
    "mutex/negative/shared-exception-state", expect::fails_with("USER ASSERT FAILED"),
    "negative control: simulated threads sharing one exception state see each other's unwinding");

}  // namespace interleave::models
