// Models of interleave::RwLock: writers exclude everyone, readers overlap each other, only a
// write-guard panic poisons, and the classic hazard of a writer-preferring lock: a thread that
// takes the read lock twice deadlocks when a writer arrives in between; writer preference
// itself (a queued writer holds back new readers).
// Negative controls: a lock that lets a writer in while a reader holds it (DATA RACE), and one
// that lets new readers past a queued writer (USER ASSERT FAILED).
#include <optional>

#include <interleave/rwlock.hpp>
#include <interleave/model.hpp>

#include "interleave/models/broken_backends.hpp"

namespace interleave::models {
namespace {

template <class B>
struct pair_of_cells {
  typename B::template cell<int> a;
  typename B::template cell<int> b;
};

// One writer updates two cells together; two readers read both and must see them equal. Any
// overlap of the writer with a reader is a DATA RACE on the cells.
template <class B>
struct writer_excludes_readers : rl::test_suite<writer_excludes_readers<B>, 3> {
  std::optional<RwLock<pair_of_cells<B>, B>> lock;

  void before() { lock.emplace(); }
  void thread(unsigned index) {
    if (index == 0) {
      for (int i = 1; i <= 2; ++i) {
        auto g = *lock->write();
        g->a.store(i);
        g->b.store(i);
      }
      return;
    }
    auto g = *lock->read();
    RL_ASSERT(g->a.load() == g->b.load());
  }
};

// An existence proof, registered as an expected failure: the model asserts that two readers
// are never inside together, and Relacy must find the interleaving where they are.
struct readers_overlap : rl::test_suite<readers_overlap, 2> {
  std::optional<RwLock<int, relacy_backend>> lock;
  rl::atomic<int> inside;

  void before() {
    lock.emplace(0);
    inside.store(0, rl::mo_relaxed, $);
  }
  void thread(unsigned) {
    auto g = *lock->read();
    const int others = inside.fetch_add(1, rl::mo_relaxed, $);
    RL_ASSERT(others == 0);  // fails exactly when readers overlap
    inside.fetch_sub(1, rl::mo_relaxed, $);
  }
};

// Thread 0 panics under a write guard, thread 1 under a read guard; thread 2 reads and must see
// poison exactly when the writer's panic came first (recorded under the write lock).
struct only_writer_panic_poisons : rl::test_suite<only_writer_panic_poisons, 3> {
  using B = relacy_backend;
  std::optional<RwLock<B::cell<bool>, B>> lock;  // the cell: "a writer panicked"

  void before() { lock.emplace(); }
  void thread(unsigned index) {
    if (index == 0) {
      try {
        auto g = *lock->write();
        g->store(true);
        throw panic{};
      } catch (const panic&) {
      }
    } else if (index == 1) {
      try {
        auto r = lock->read();
        auto g = r ? std::move(*r) : std::move(r.error()).into_inner();
        throw panic{};
      } catch (const panic&) {
      }
    } else {
      auto r = lock->read();
      auto g = r ? std::move(*r) : std::move(r.error()).into_inner();
      RL_ASSERT(r.has_value() != g->load());
    }
  }
};

// Thread 0 takes the read lock, and again while holding it; thread 1 wants to write. When the
// writer arrives between the two reads, it waits for thread 0, and thread 0's second read waits
// behind the writer (writer preference): DEADLOCK, by design of the lock, documented in its
// header. Registered as an expected failure so the interleaving is in every report.
struct recursive_read_deadlocks : rl::test_suite<recursive_read_deadlocks, 2> {
  std::optional<RwLock<int, relacy_backend>> lock;

  void before() { lock.emplace(0); }
  void thread(unsigned index) {
    if (index == 0) {
      auto outer = *lock->read();
      auto inner = *lock->read();  // the hazard
    } else {
      auto g = *lock->write();
      *g = 1;
    }
  }
};

// Writer preference, as the lock's header states it: a writer queued in write() holds back every
// new reader, so a stream of readers cannot starve it. Thread 0 holds a read guard and asks
// try_read, yielding between tries (under the bound search a yield lets the other thread run
// first); thread 1 writes. Once the writer is queued, try_read must say WouldBlock, even to a
// thread that holds a read guard. A lock that lets readers past a queued writer says yes to every
// try: USER ASSERT FAILED. Tries: the context bound (2) plus 2, so the writer reaches its queue
// even when both preemptions stop it on its way.
template <class B>
struct writer_holds_back_new_readers : rl::test_suite<writer_holds_back_new_readers<B>, 2> {
  static constexpr int tries = 4;
  std::optional<RwLock<int, B>> lock;  // the value: 1 once the writer has been in

  void before() { lock.emplace(0); }
  void thread(unsigned index) {
    if (index == 1) {
      auto g = *lock->write();
      *g = 1;
      return;
    }
    auto held = *lock->read();
    if (*held == 1) return;  // the writer has been and gone: nobody to hold back
    bool refused = false;
    for (int k = 0; k < tries && !refused; ++k) {
      refused = !lock->try_read().has_value();  // a guard it got is dropped at once
      if (!refused) B::yield();
    }
    RL_ASSERT(refused);
  }
};

}  // namespace

INTERLEAVE_MODEL(writer_excludes_readers<relacy_backend>, "rwlock/writer-excludes-readers",
                 expect::pass(),
                 "a writer updates two cells under write(); readers under read() never race it and "
                 "see them equal");
INTERLEAVE_MODEL(writer_excludes_readers<faulty_backend<fault::writer_ignores_readers>>,
                 "rwlock/negative/writer-ignores-readers", expect::fails_with("DATA RACE"),
                 "negative control: a lock that lets a writer in while a reader holds it");
INTERLEAVE_MODEL(readers_overlap, "rwlock/readers-overlap",
                 expect::fails_with("USER ASSERT FAILED"),
                 "existence proof: the model asserts readers never overlap, and Relacy finds two "
                 "inside at once");
INTERLEAVE_MODEL(only_writer_panic_poisons, "rwlock/only-writer-panic-poisons", expect::pass(),
                 "a panic under a write guard poisons, under a read guard does not");
INTERLEAVE_MODEL(writer_holds_back_new_readers<relacy_backend>,
                 "rwlock/writer-holds-back-new-readers", expect::pass(),
                 "writer preference: once a writer is queued, try_read says WouldBlock, even to a "
                 "thread that holds a read guard");
INTERLEAVE_MODEL(writer_holds_back_new_readers<faulty_backend<fault::readers_overtake_writers>>,
                 "rwlock/negative/readers-overtake-writers",
                 expect::fails_with("USER ASSERT FAILED"),
                 "negative control: a lock that lets new readers in past a queued writer");
INTERLEAVE_MODEL(
    recursive_read_deadlocks, "rwlock/recursive-read-deadlocks", expect::fails_with("DEADLOCK"),
    "the hazard of writer preference: read, a writer queues, read again on the same thread");

}  // namespace interleave::models
