// A Relacy suite for yield_test.cpp (see source_location_models.cpp for why the suite lives in
// a unit of its own).
#pragma once

#include "interleave/harness/registry.hpp"

namespace interleave::test {

// Store buffering across a yield: each of two threads stores its flag (relaxed), reads the
// other's flag, yields (relacy_backend::yield), and reads the other's flag again; the suite
// asserts that one of the second reads saw the other's store. Each thread read the old value
// before its yield, so a search in which a yield promises fresh values never fails the
// assertion; a search in which loads may read stale values across a yield does.
harness::Verdict run_stale_read_across_a_yield(const harness::SearchSettings& settings);

}  // namespace interleave::test
