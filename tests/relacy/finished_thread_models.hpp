// Relacy suites run by finished_thread_test.cpp (see finished_thread_models.cpp).
#pragma once

#include <string>

#include "interleave/harness/registry.hpp"

namespace interleave::test {

// Three threads: thread 2 waits (untimed) for a flag; thread 0 naps (a timed wait nobody
// notifies), then sets the flag and notifies; thread 1 takes and releases a lock and ends.
// after() asserts that each thread's body ran once and returned (USER ASSERT FAILED if not).

// Through the harness: its repaired tree schedulers (harness/relacy_schedulers.hpp).
harness::Verdict run_finishing_beside_a_timed_waiter(const harness::SearchSettings& s);
// The same suite on Relacy's own context-bound scheduler, to completion at `bound`: the defect
// the harness repairs. Returns Relacy's result ("" when the search found nothing).
std::string relacys_own_bound_search_of_finishing_beside_a_timed_waiter(unsigned bound);

}  // namespace interleave::test
