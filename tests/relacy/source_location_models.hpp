// Relacy suites run by source_location_test.cpp (see source_location_models.cpp).
#pragma once

#include "interleave/harness/registry.hpp"

namespace interleave::test {

extern unsigned store_line;  // the line of relaxed_publication's flag store

harness::Verdict run_relaxed_publication(const harness::SearchSettings& s);
harness::Verdict run_unlocked_read(const harness::SearchSettings& s);
harness::Verdict run_locked_only(const harness::SearchSettings& s);

}  // namespace interleave::test
