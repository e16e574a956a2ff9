// Rc shared across threads: the classic bug, reproduced on purpose. Rc's counts are plain
// memory; two threads updating one count read the same value and one update is lost. Lose an
// increment, and the count reaches zero while a handle is still alive: DOUBLE FREE. Lose a
// decrement, and it never reaches zero: MEMORY LEAK.
//
// These models run Rc's real code over plain_memory_backend, which makes each count access an
// indivisible but unordered load or store and does not report the race itself, so the report
// shows what the race leads to. (Over the ordinary Relacy backend the same model stops at the
// first DATA RACE on the count; the unit tests of Rc run single-threaded, its only correct use.)
#include <optional>

#include <interleave/rc.hpp>
#include <interleave/model.hpp>

#include "broken_backends.hpp"

namespace interleave::models {
namespace {

using B = plain_memory_backend;

// x = Rc(1). A and B were each handed a clone before they started, as a program hands a clone
// to each thread it spawns; then, all at once, A clones its handle and drops both, B does the
// same, and the owner drops x. An increment lost to a concurrent decrement leaves the count one
// short: it reaches 0 while a handle is alive, and the last two drops both free the block.
struct rc_double_free : rl::test_suite<rc_double_free, 3> {
  std::optional<Rc<int, B>> x, a, b;

  void before() {
    x.emplace(make_rc<int, B>(1));
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

harness::SearchSettings random_search() {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::random;
  s.iterations = 200000;
  return s;
}

}  // namespace

INTERLEAVE_MODEL(rc_double_free, "rc/double-free", expect::fails_with("DOUBLE FREE"),
                 "the classic: Rc cloned and dropped by two threads while the owner drops it; a lost increment frees the block twice",
                 random_search());
INTERLEAVE_MODEL(rc_lost_update_leaks, "rc/lost-update-leaks", expect::fails_with("MEMORY LEAK"),
                 "two threads drop the two handles of one Rc at once; a lost decrement leaks the block");

}  // namespace interleave::models
