// A Relacy search for repeated_search_test.cpp (see source_location_models.cpp for why the
// suite lives in a unit of its own).
#pragma once

#include <cstdint>

#include "interleave/harness/registry.hpp"

namespace interleave::test {

// A random search of `iterations` iterations of a three-thread suite that reads freed memory in
// every one, looking for a DATA RACE and allowed to pass ACCESS TO FREED MEMORY: it restarts
// Relacy after every iteration, as a negative control's search does after each defect it passes.
harness::Verdict run_search_passing_a_defect_every_iteration(std::uint64_t iterations);

}  // namespace interleave::test
