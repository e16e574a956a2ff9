// Search settings shared by the tests of tests/relacy/: a tree search run to completion, so a
// pass there means the whole space was searched.
#pragma once

#include "interleave/harness/registry.hpp"

namespace interleave::test {

// The context-bound search at `preemptions`, with no iteration budget.
inline harness::SearchSettings complete_bound_search(unsigned preemptions) {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::bound;
  s.context_bound = preemptions;
  s.iterations = 0;
  return s;
}

// The full search, with no iteration budget.
inline harness::SearchSettings complete_full_search() {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::full;
  s.iterations = 0;
  return s;
}

}  // namespace interleave::test
