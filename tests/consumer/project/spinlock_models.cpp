// Models of Spinlock: two threads count under the lock. The relaxed unlock is the negative
// control: it must fail with DATA RACE, or the model proves nothing.
#include <optional>

#include "spinlock.hpp"

#include <interleave/model.hpp>  // last: it brings in Relacy

namespace {

using B = interleave::relacy_backend;

template <std::memory_order ReleaseOrder>
struct two_counters : rl::test_suite<two_counters<ReleaseOrder>, 2> {
  std::optional<Spinlock<B, ReleaseOrder>> lock;
  std::optional<B::cell<int>> count;

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

INTERLEAVE_MODEL(two_counters<std::memory_order::release>, "spinlock/mutual-exclusion",
                 interleave::expect::pass(), "two threads count under the spinlock");
INTERLEAVE_MODEL(two_counters<std::memory_order::relaxed>, "spinlock/negative/relaxed-unlock",
                 interleave::expect::fails_with("DATA RACE"),
                 "negative control: unlock with a relaxed store publishes nothing");
