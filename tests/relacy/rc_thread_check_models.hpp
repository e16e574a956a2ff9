// Relacy suites for rc_thread_check_test.cpp (see source_location_models.cpp for why the suites
// live in a unit of their own).
#pragma once

#include "interleave/harness/registry.hpp"

namespace interleave::test {

// Rc used as Rust allows, over relacy_backend (its thread check on): the setup makes an Rc that
// after() reads and the suite's destructor drops; each thread makes its own, clones, downgrades,
// upgrades and drops it. The check must stop none of it, in any interleaving.
harness::Verdict run_rc_on_its_own_threads(const harness::SearchSettings& settings);

// The setup's Rc cloned by two threads, over relacy_backend (`checked`: RC USED ON ANOTHER
// THREAD at the first clone) or plain_memory_backend (the check off: the race's own results).
harness::Verdict run_rc_cloned_on_two_threads(bool checked,
                                              const harness::SearchSettings& settings);

}  // namespace interleave::test
