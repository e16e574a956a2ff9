// Rc shared across threads: the classic bug, reproduced on purpose. Rc's counts are plain
// memory; two threads updating one count read the same value and one update is lost. Lose an
// increment, and the count reaches zero while a handle is still alive: DOUBLE FREE. Lose a
// decrement, and it never reaches zero: MEMORY LEAK.
//
// These models run Rc's real code over plain_memory_backend, which makes each count access an
// indivisible but unordered load or store, does not report the race itself, and turns Rc's
// thread check off, so the report shows what the race leads to. Over the ordinary Relacy
// backend, Rc's thread check stops the same misuse where it starts, before any race: the
// rc/thread-check/ models below, the two classic examples of docs/send-and-sync.md.
#include <optional>

#include <interleave/rc.hpp>
#include <interleave/thread.hpp>
#include <interleave/model.hpp>

#include "interleave/models/broken_backends.hpp"

namespace interleave::models {
namespace {

using B = plain_memory_backend;

// The value: a box on Relacy's heap, owned through a raw pointer that the destructor frees and
// does not null. Two drops that both take the count to 0 both destroy the value, and the second
// frees the box again: DOUBLE FREE, in every build type. (An int value would leave only the block
// to free twice, and freeing it runs the destructors of the counts, Relacy objects, whose check
// reports ACCESS TO FREED MEMORY first; std::unique_ptr nulls its pointer in its destructor,
// a store that -O2 removes and Debug keeps.)
struct raw_box : detail::relacy::noncopyable {  // (`= delete` is Relacy's macro here)
  int* box;
  explicit raw_box(int v) : box(new int(v)) {}
  ~raw_box() { delete box; }
};

// x = Rc(box). A and B were each handed a clone before they started, as a program hands a
// clone to each thread it spawns; then, all at once, A clones its handle and drops both, B does
// the same, and the owner drops x. An increment lost to a concurrent decrement leaves the count
// one short: it reaches 0 while a handle is alive, and the last two drops both destroy the value.
// On the way a random search also meets the bug's other faces, which the registration names:
// a drop that reads the counts of a block already freed (ACCESS TO FREED MEMORY) and a lost
// decrement (MEMORY LEAK).
struct rc_double_free : rl::test_suite<rc_double_free, 3> {
  std::optional<Rc<raw_box, B>> x, a, b;

  void before() {
    x.emplace(make_rc<raw_box, B>(1));
    a.emplace(*x);
    b.emplace(*x);
  }
  void thread(unsigned index) {
    if (index == 2) {
      x.reset();  // the owner drops x
      return;
    }
    auto& mine = index == 0 ? a : b;
    {
      auto clone = *mine;  // clone...
    }                      // ...and drop the clone
    mine.reset();
  }
};

// Two handles, dropped at the same time by two threads: both read 2, both write 1, and the
// block is never freed.
struct rc_lost_update_leaks : rl::test_suite<rc_lost_update_leaks, 2> {
  std::optional<Rc<int, B>> handle[2];

  void before() {
    handle[0].emplace(make_rc<int, B>(1));
    handle[1].emplace(*handle[0]);
  }
  void thread(unsigned index) { handle[index].reset(); }
};

// The classic examples with the check on (relacy_backend), each stopped at the first foreign use.
// One: thread 0, as a program's main thread, makes an Rc and spawns a thread whose lambda
// captures a clone, then drops its own. The spawned thread reads the value and drops its
// capture: RC USED ON ANOTHER THREAD at that drop, naming the capture's line.
struct rc_moved_to_another_thread : rl::test_suite<rc_moved_to_another_thread, 1> {
  using R = relacy_backend;
  static constexpr rl::thread_id_t dynamic_thread_count = 1;

  void thread(unsigned) {
    std::optional<Rc<int, R>> mine(make_rc<int, R>(7));
    auto worker =
        interleave::thread::spawn<R>([captured = Rc<int, R>(*mine)] { RL_ASSERT(*captured == 7); });
    mine.reset();
    (void)worker.join();
  }
};

// Two: the setup makes an Rc, and two threads each clone it and drop the clone: stopped at the
// first clone, on whichever thread runs first, before the counts' race.
struct rc_cloned_on_two_threads : rl::test_suite<rc_cloned_on_two_threads, 2> {
  using R = relacy_backend;
  std::optional<Rc<int, R>> shared;

  void before() { shared.emplace(make_rc<int, R>(1)); }
  void thread(unsigned) {
    auto clone = *shared;
    RL_ASSERT(*clone == 1);
  }
};

harness::SearchSettings random_search() {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::random;
  s.iterations = 200000;
  return s;
}

}  // namespace

INTERLEAVE_MODEL(rc_double_free, "rc/double-free",
                 expect::fails_with("DOUBLE FREE", {"ACCESS TO FREED MEMORY", "MEMORY LEAK"}),
                 "the classic: Rc cloned and dropped by two threads while the owner drops it; a "
                 "lost increment frees the block twice",
                 random_search());
INTERLEAVE_MODEL(
    rc_lost_update_leaks, "rc/lost-update-leaks", expect::fails_with("MEMORY LEAK"),
    "two threads drop the two handles of one Rc at once; a lost decrement leaks the block");

INTERLEAVE_MODEL(rc_moved_to_another_thread, "rc/thread-check/moved-to-another-thread",
                 expect::fails_with("RC USED ON ANOTHER THREAD"),
                 "Rc's thread check: a clone captured by a spawned thread's lambda is dropped on "
                 "that thread; stopped at the drop, naming the capture's line");
INTERLEAVE_MODEL(rc_cloned_on_two_threads, "rc/thread-check/cloned-on-two-threads",
                 expect::fails_with("RC USED ON ANOTHER THREAD"),
                 "Rc's thread check: two threads clone one Rc the setup made; stopped at the "
                 "first clone, before the race on the counts");

}  // namespace interleave::models
