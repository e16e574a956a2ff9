// Generated scenarios for Spinlock: RapidCheck writes threads of `add v` and `read` operations
// on a counter kept under the lock, Relacy explores each scenario, and every result must be
// explained by a sequential counter. The negative control runs the same subject over a backend
// whose exchange is relaxed: lock() then acquires nothing, and the counter races (its twin, the
// subject over relacy_backend, passes).
#include <string>
#include <vector>

#include "spinlock.hpp"

#include <interleave/scenario.hpp>  // last: it brings in Relacy

namespace {

namespace scenario = interleave::scenario;
using scenario::Op;
using scenario::Record;
using scenario::Scenario;

template <class B>
struct counter_subject {
  // What the operations share in one execution, made before the threads start.
  struct world {
    Spinlock<B> lock;
    typename B::template cell<int> count;  // a plain cell: unordered accesses are a DATA RACE
    explicit world(const Scenario&) {}
  };

  // The sequential specification: a counter.
  struct spec {
    int count = 0;
    friend bool operator==(const spec&, const spec&) = default;
  };
  static spec initial_spec(const Scenario&) { return {}; }

  // One struct per operation: how it runs, how the specification explains its result, how a
  // report shows both. `value` is the operation's argument.
  struct add {
    static void run(world& w, int, int value, Record&) {
      w.lock.lock();
      w.count.store(w.count.load() + value);
      w.lock.unlock();
    }
    static bool apply(spec& s, int, int value, const Record&) {
      s.count += value;
      return true;
    }
    static std::string show(int value) { return "add " + std::to_string(value); }
    static std::string show_result(int, const Record&) { return "ok"; }
  };
  struct read {
    static void run(world& w, int, int, Record& rec) {
      w.lock.lock();
      rec.value = w.count.load();
      w.lock.unlock();
    }
    static bool apply(spec& s, int, int, const Record& rec) { return rec.value == s.count; }
    static std::string show(int) { return "read"; }
    static std::string show_result(int, const Record& rec) { return std::to_string(rec.value); }
  };

  // The operations, listed once: an operation's kind code is its position here.
  using ops = scenario::operations<add, read>;
  // No implicit operation ends a thread (a subject whose threads must drop what they hold
  // names one of its operations here).
  using thread_end = scenario::no_thread_end;

  // Two threads of up to three operations each.
  static rc::Gen<Scenario> generate() {
    const auto op = rc::gen::oneOf(
        rc::gen::map(rc::gen::inRange(1, 4), [](int v) { return ops::make(add{}, v); }),
        rc::gen::just(ops::make(read{})));
    const auto thread = rc::gen::resize(3, rc::gen::container<std::vector<Op>>(op));
    return rc::gen::map(rc::gen::container<std::vector<std::vector<Op>>>(2, thread),
                        [](std::vector<std::vector<Op>> threads) {
                          Scenario sc;
                          sc.threads = std::move(threads);
                          return sc;
                        });
  }

  // Invariants over all results beyond the specification: none here.
  static const char* verify(const Scenario&, const scenario::records&) { return nullptr; }
};

// relacy_backend, with every atomic exchange made relaxed.
struct relaxed_exchange_backend : interleave::relacy_backend {
  using sound_backend = interleave::relacy_backend;
  template <class T>
  class atomic : public interleave::relacy_backend::atomic<T> {
    using base = interleave::relacy_backend::atomic<T>;

   public:
    using base::base;
    T exchange(T v, std::memory_order, here l = here::current()) {
      return base::exchange(v, std::memory_order::relaxed, l);
    }
  };
};

}  // namespace

INTERLEAVE_PROPERTY(counter_subject<interleave::relacy_backend>, "spinlock/property/counter",
                    interleave::expect::pass(),
                    "generated adds and reads under the spinlock: linearizable against a counter");
INTERLEAVE_PROPERTY(counter_subject<relaxed_exchange_backend>,
                    "spinlock/property/negative/relaxed-lock",
                    interleave::expect::fails_with("DATA RACE"),
                    "negative control: lock with a relaxed exchange acquires nothing");
