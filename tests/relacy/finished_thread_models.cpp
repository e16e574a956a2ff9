// Relacy suites for finished_thread_test.cpp: a thread that finishes while the only other
// threads left are blocked, one of them in a timed wait (harness/relacy_schedulers.hpp). A
// translation unit that includes <interleave/model.hpp> cannot also use GoogleTest's macros, so
// the suites live here (see source_location_models.cpp).
#include "finished_thread_models.hpp"

#include <array>
#include <chrono>

#include <interleave/model.hpp>

namespace interleave::test {
namespace {

using B = relacy_backend;

// How often each thread's body returned in the execution: plain memory, outside Relacy's view
// (fibers switch only inside instrumented operations).
std::array<int, 3> returned{};

struct finishing_beside_a_timed_waiter : rl::test_suite<finishing_beside_a_timed_waiter, 3> {
  B::mutex lock;
  B::condition_variable flag_set;
  B::cell<bool> flag{false};
  B::mutex nap_lock;
  B::condition_variable nobody_notifies;

  void before() { returned = {}; }
  void thread(unsigned index) {
    if (index == 2) {  // waits, untimed, for thread 0
      lock.lock();
      while (!flag.load()) flag_set.wait(lock);
      lock.unlock();
    } else if (index == 0) {  // naps, then wakes thread 2
      nap_lock.lock();
      (void)nobody_notifies.wait_for(nap_lock, std::chrono::milliseconds(1));
      nap_lock.unlock();
      lock.lock();
      flag.store(true);
      flag_set.notify_one();
      lock.unlock();
    } else {  // the last to run ends while the others are blocked
      lock.lock();
      lock.unlock();
    }
    ++returned[index];
  }
  void after() {
    for (int r : returned) RL_ASSERT(r == 1);
  }
};

}  // namespace

harness::Verdict run_finishing_beside_a_timed_waiter(const harness::SearchSettings& s) {
  return run_relacy_suite<finishing_beside_a_timed_waiter>(s);
}

std::string relacys_own_bound_search_of_finishing_beside_a_timed_waiter(unsigned bound) {
  harness::SimulationLog log;
  rl::test_params p;
  p.output_stream = &log.stream();
  p.progress_stream = &log.stream();
  p.progress_output_period = 1u << 30;
  p.search_type = rl::sched_bound;
  p.context_bound = bound;
  {
    detail::relacy::fiber_exception_state keep;
    rl::simulate<finishing_beside_a_timed_waiter>(p);
  }
  harness::detail::relacy_leftovers::free_all();
  return p.test_result == rl::test_result_success ? "" : rl::test_result_str(p.test_result);
}

}  // namespace interleave::test
