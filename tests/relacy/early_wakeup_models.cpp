// Relacy suites for early_wakeup_test.cpp: waits that end without a notification, as the tree
// searches may end them (relacy_backend's condition_variable, detail::relacy::early_timeouts_left
// and spurious_wakeups_left). A translation unit that includes <interleave/model.hpp> cannot
// also use GoogleTest's macros, so the suites live here (see source_location_models.cpp).
#include "early_wakeup_models.hpp"

#include <chrono>
#include <optional>

#include <interleave/condvar.hpp>
#include <interleave/mutex.hpp>
#include <interleave/model.hpp>

#include "interleave/models/broken_backends.hpp"

namespace interleave::test {
namespace {

using B = relacy_backend;

template <class T, class Backend>
struct cell_of {
  typename Backend::template cell<T> value;
};

// Thread 0 sets the flag under the lock, notifies, and records that it did; thread 1 waits
// once with a timeout unless the flag is already set.
template <unsigned Early>
struct timeout_racing_its_notify : rl::test_suite<timeout_racing_its_notify<Early>, 2> {
  static constexpr unsigned early_timeouts = Early;
  std::optional<Mutex<cell_of<bool, B>, B>> flag;
  std::optional<Condvar<B>> ready;
  rl::atomic<bool> notified;
  void before() {
    flag.emplace();
    ready.emplace();
    notified.store(false, rl::mo_relaxed, $);
  }
  void thread(unsigned index) {
    if (index == 0) {
      (*flag->lock())->value.store(true);
      ready->notify_one();
      notified.store(true, rl::mo_relaxed, $);
      return;
    }
    auto g = *flag->lock();
    if (g->value.load()) return;
    auto [after, result] = *ready->wait_timeout(std::move(g), std::chrono::milliseconds(1));
    RL_ASSERT(!(result.timed_out() && notified.load(rl::mo_relaxed, $)));
  }
};

// condvar/negative/timeout-skips-recheck's suite (models/condvar.cpp), with a budget of its own.
template <class Backend, unsigned Early>
struct reports_honestly : rl::test_suite<reports_honestly<Backend, Early>, 2> {
  static constexpr unsigned early_timeouts = Early;
  std::optional<Mutex<cell_of<bool, Backend>, Backend>> flag;
  std::optional<Condvar<Backend>> ready;
  void before() {
    flag.emplace();
    ready.emplace();
  }
  void thread(unsigned index) {
    if (index == 0) {
      (*flag->lock())->value.store(true);
      ready->notify_one();
      return;
    }
    auto [g, result] =
        *ready->wait_timeout_while(*flag->lock(), std::chrono::seconds(1),
                                   [](cell_of<bool, Backend>& f) { return !f.value.load(); });
    RL_ASSERT(result.timed_out() != g->value.load());
  }
};
using skips_recheck = models::faulty_backend<fault::timeout_skips_recheck>;

// A flag, its lock and condition variable on the heap, and whether someone waits.
struct shared {
  B::mutex m;
  B::condition_variable cv;
  B::cell<bool> flag{false};
  B::cell<bool> waiting{false};
};

// Thread 0 sets the flag and, after unlocking, notifies (only a waiter when OnlyIfWaiting);
// thread 1 waits for the flag and then frees the shared block.
template <bool OnlyIfWaiting, unsigned Early>
struct frees_before_late_notify
    : rl::test_suite<frees_before_late_notify<OnlyIfWaiting, Early>, 2> {
  static constexpr unsigned spurious_wakeups = Early;
  shared* s = nullptr;
  void before() { s = B::create<shared>(std::source_location::current()); }
  void thread(unsigned index) {
    if (index == 0) {
      s->m.lock();
      s->flag.store(true);
      const bool wake = !OnlyIfWaiting || s->waiting.load();
      s->m.unlock();
      if (wake) s->cv.notify_one();  // after the unlock: the waiter may be gone
      return;
    }
    s->m.lock();
    while (!s->flag.load()) {
      s->waiting.store(true);
      s->cv.wait(s->m);
      s->waiting.store(false);
    }
    s->m.unlock();
    B::destroy(s);
  }
};

template <class Suite>
harness::Verdict run(const harness::SearchSettings& s) {
  return run_relacy_suite<Suite>(s);
}

}  // namespace

harness::Verdict run_timeout_racing_its_notify(unsigned early, const harness::SearchSettings& s) {
  return early == 0 ? run<timeout_racing_its_notify<0>>(s) : run<timeout_racing_its_notify<1>>(s);
}

harness::Verdict run_timeout_skips_recheck(unsigned early, const harness::SearchSettings& s) {
  return early == 0 ? run<reports_honestly<skips_recheck, 0>>(s)
                    : run<reports_honestly<skips_recheck, 1>>(s);
}

harness::Verdict run_waiter_frees_before_late_notify(unsigned early,
                                                     const harness::SearchSettings& s) {
  return early == 0 ? run<frees_before_late_notify<true, 0>>(s)
                    : run<frees_before_late_notify<true, 1>>(s);
}

harness::Verdict run_non_waiter_frees_before_late_notify(const harness::SearchSettings& s) {
  return run<frees_before_late_notify<false, 0>>(s);
}

}  // namespace interleave::test
