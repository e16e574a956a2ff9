// Models of Spinlock: two threads count under the lock. The negative control runs the same
// model over a backend whose atomic stores are all relaxed: the unlock then publishes nothing
// and the model must fail with DATA RACE. The backend names the backend it breaks, so the
// control has a twin (the same model over relacy_backend) that `run --prove-controls` checks
// passes: the race is the fault's doing, not the model's.
#include <optional>

#include "spinlock.hpp"

#include <interleave/model.hpp>  // last: it brings in Relacy

namespace {

// relacy_backend, with every atomic store made relaxed.
struct relaxed_stores_backend : interleave::relacy_backend {
  using sound_backend = interleave::relacy_backend;
  template <class T>
  class atomic : public interleave::relacy_backend::atomic<T> {
    using base = interleave::relacy_backend::atomic<T>;

   public:
    using base::base;
    void store(T v, std::memory_order, here l = here::current()) {
      base::store(v, std::memory_order::relaxed, l);
    }
  };
};

template <class B>
struct two_counters : rl::test_suite<two_counters<B>, 2> {
  std::optional<Spinlock<B>> lock;
  std::optional<typename B::template cell<int>> count;

  void before() {
    lock.emplace();
    count.emplace(0);
  }
  void thread(unsigned) {
    lock->lock();
    count->store(count->load() + 1);
    lock->unlock();
  }
  void after() { RL_ASSERT(count->load() == 2); }
};

}  // namespace

INTERLEAVE_MODEL(two_counters<interleave::relacy_backend>, "spinlock/mutual-exclusion",
                 interleave::expect::pass(), "two threads count under the spinlock");
INTERLEAVE_MODEL(two_counters<relaxed_stores_backend>, "spinlock/negative/relaxed-unlock",
                 interleave::expect::fails_with("DATA RACE"),
                 "negative control: unlock with a relaxed store publishes nothing");
