// An `interleave` program for tests/mutate: three small primitives whose mutants are known.
//  - message passing: the acquire load and the release store are both necessary, so weakening
//    either is killed (a DATA RACE on the message);
//  - a counter of hits: its seq_cst increments only need atomicity, so weakening them survives;
//    splitting one into a load and a store loses an update (killed by the check);
//  - a handshake under a mutex and a condition variable: dropping the notify leaves the waiter
//    asleep (killed by DEADLOCK), a lock made a no-op races on the flag.
// And a negative control over a backend whose store forgets its order, reaching the message
// passing sites too: its changes under a mutant are reported apart, never as kills.
#include <interleave/model.hpp>

namespace mutate_primitives {

using interleave::relacy_backend;
using order = std::memory_order;

template <class B>
struct message_passing : rl::test_suite<message_passing<B>, 2> {
  typename B::template cell<int> message;
  typename B::template atomic<bool> ready;
  void thread(unsigned index) {
    if (index == 0) {
      message.store(42);
      ready.store(true, order::release);
    } else if (ready.load(order::acquire)) {
      RL_ASSERT(message.load() == 42);
    }
  }
};

struct counter_of_hits : rl::test_suite<counter_of_hits, 2> {
  relacy_backend::atomic<int> hits;
  void thread(unsigned) { hits.fetch_add(1, order::seq_cst); }
  void after() { RL_ASSERT(hits.load(order::relaxed) == 2); }
};

struct handshake : rl::test_suite<handshake, 2> {
  relacy_backend::mutex m;
  relacy_backend::condition_variable cv;
  relacy_backend::cell<bool> flag;
  void thread(unsigned index) {
    if (index == 0) {
      m.lock();
      while (!flag.load()) cv.wait(m);
      m.unlock();
    } else {
      m.lock();
      flag.store(true);
      m.unlock();
      cv.notify_one();
    }
  }
};

// A store that ignores its order: release becomes relaxed.
struct relaxed_store_backend : relacy_backend {
  using sound_backend = relacy_backend;
  template <class T>
  class atomic : public relacy_backend::atomic<T> {
   public:
    using relacy_backend::atomic<T>::atomic;
    void store(T v, std::memory_order, here l = here::current()) {
      relacy_backend::atomic<T>::store(v, std::memory_order::relaxed, l);
    }
  };
};

}  // namespace mutate_primitives

using namespace interleave;

INTERLEAVE_MODEL(mutate_primitives::message_passing<relacy_backend>, "mutate/message-passing",
                 expect::pass(),
                 "a message published by a release store, read after an acquire load");
INTERLEAVE_MODEL(mutate_primitives::counter_of_hits, "mutate/counter", expect::pass(),
                 "two threads count hits with seq_cst increments that need only atomicity");
INTERLEAVE_MODEL(mutate_primitives::handshake, "mutate/handshake", expect::pass(),
                 "a waiter woken by a notify after the flag is set under the mutex");
INTERLEAVE_MODEL(mutate_primitives::message_passing<mutate_primitives::relaxed_store_backend>,
                 "mutate/negative/relaxed-publish", expect::fails_with("DATA RACE"),
                 "negative control: the publishing store made relaxed");
