// Relacy suites run by source_location_test.cpp (see source_location_models.cpp).
#pragma once

#include "interleave/harness/registry.hpp"

namespace interleave::test {

extern unsigned store_line;  // the line of relaxed_publication's flag store

harness::Verdict run_relaxed_publication(const harness::SearchSettings& s);
harness::Verdict run_unlocked_read(const harness::SearchSettings& s);
harness::Verdict run_locked_only(const harness::SearchSettings& s);

// The lines of built_where_called's constructions, in order: a Mutex, a make_arc of a Mutex, a
// sync_channel, an in-place RwLock, an Rc; then the line of a Mutex a std::optional emplaces.
extern unsigned built_lines[6];
harness::Verdict run_built_where_called(const harness::SearchSettings& s);

}  // namespace interleave::test
