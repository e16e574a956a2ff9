// Relacy suites for free_after_access_test.cpp (see source_location_models.cpp for why the
// suites live in a unit of their own).
#pragma once

#include "interleave/harness/registry.hpp"

namespace interleave::test {

// Two threads share a heap block holding a backend atomic and a reference count, as an Arc
// does: each uses the atomic, then decrements the count (release); the one that takes it to
// zero frees the block through Backend::destroy. With `acquire_before_free`, the freeing thread
// runs an acquire fence first (every other use happens-before the free); without it, the other
// thread's use is not ordered before the free, which only the backend's lifetime check sees
// (Relacy checks a free against later accesses only).
harness::Verdict run_free_after_access(bool acquire_before_free,
                                       const harness::SearchSettings& settings);

// A block created by one thread and handed to another through a relaxed store and load: the
// reader's use of the atomic in it is not ordered after its construction.
harness::Verdict run_use_of_unpublished_block(const harness::SearchSettings& settings);

}  // namespace interleave::test
