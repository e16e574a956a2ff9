// Relacy suites for source_location_test.cpp. A translation unit that includes
// <interleave/model.hpp> cannot also use GoogleTest's macros (Relacy #defines `delete`), so the
// suites live here and the tests call them through source_location_models.hpp.
#include "source_location_models.hpp"

#include <optional>
#include <string>

#include <interleave/arc.hpp>
#include <interleave/mpsc.hpp>
#include <interleave/mutex.hpp>
#include <interleave/rc.hpp>
#include <interleave/rwlock.hpp>
#include <interleave/model.hpp>

namespace interleave::test {

unsigned store_line = 0;  // the line of the atomic store below, recorded by the model itself
unsigned built_lines[6] = {};

namespace {

using B = relacy_backend;

// A publication with a relaxed store: the reader's access to the payload is a DATA RACE, and
// the history must place the flag's store on this file's line.
struct relaxed_publication : rl::test_suite<relaxed_publication, 2> {
  std::optional<B::atomic<int>> flag;
  std::optional<B::cell<int>> payload;
  void before() {
    flag.emplace(0);
    payload.emplace(0);
  }
  void thread(unsigned index) {
    if (index == 0) {
      payload->store(42);
      store_line = __LINE__ + 1;
      flag->store(1, std::memory_order::relaxed);
    } else if (flag->load(std::memory_order::relaxed) == 1) {
      (void)payload->load();
    }
  }
};

// Two threads through the real Mutex, with the payload accessed outside the lock by mistake.
struct unlocked_read : rl::test_suite<unlocked_read, 2> {
  std::optional<Mutex<B::cell<int>, B>> m;
  void before() { m.emplace(); }
  void thread(unsigned index) {
    if (index == 0) {
      auto g = *m->lock();
      g->store(1);
    } else {
      auto g = *m->lock();
      B::cell<int>& escaped = *g;
      Mutex<B::cell<int>, B>::unlock(std::move(g));
      (void)escaped.load();  // BUG: after unlock
    }
  }
};

struct locked_only : rl::test_suite<locked_only, 3> {
  std::optional<Mutex<B::cell<int>, B>> m;
  void before() { m.emplace(); }
  void thread(unsigned) {
    auto g = *m->lock();
    g->store(g->load() + 1);
  }
};

// Builds primitives in the ways a model does, each at a line it records, then fails, so that the
// history shows every construction step.
struct built_where_called : rl::test_suite<built_where_called, 2> {
  void thread(unsigned index) {
    if (index != 0) return;
    built_lines[0] = __LINE__ + 1;
    Mutex<int, B> m(0);
    built_lines[1] = __LINE__ + 1;
    auto a = make_arc<Mutex<int, B>, B>(1);
    built_lines[2] = __LINE__ + 1;
    auto [tx, rx] = mpsc::sync_channel<int, B>(1);
    built_lines[3] = __LINE__ + 1;
    RwLock<int, B> rw(std::in_place, 2);
    built_lines[4] = __LINE__ + 1;
    Rc<int, B> r(3);
    std::optional<Mutex<int, B>> emplaced;
    built_lines[5] = __LINE__ + 1;
    emplaced.emplace(4);
    RL_ASSERT(false);  // ends the execution here, with its history
  }
};

}  // namespace

harness::Verdict run_built_where_called(const harness::SearchSettings& s) {
  return run_relacy_suite<built_where_called>(s);
}
harness::Verdict run_relaxed_publication(const harness::SearchSettings& s) {
  return run_relacy_suite<relaxed_publication>(s);
}
harness::Verdict run_unlocked_read(const harness::SearchSettings& s) {
  return run_relacy_suite<unlocked_read>(s);
}
harness::Verdict run_locked_only(const harness::SearchSettings& s) {
  return run_relacy_suite<locked_only>(s);
}

}  // namespace interleave::test
