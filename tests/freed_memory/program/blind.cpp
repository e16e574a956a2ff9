// Built at -O2 with -flifetime-dse put back after the harness's -fno-lifetime-dse (see
// tests/CMakeLists.txt): GCC deletes the store in Relacy's ~signature that marks a node freed,
// so in this unit the same use after free would read as a pass. The runner must refuse it.
#include <interleave/model.hpp>

#include "treiber.hpp"

INTERLEAVE_MODEL(treiber_pop_frees_too_early, "stack/blind/pop-use-after-free",
                 interleave::expect::fails_with("ACCESS TO FREED MEMORY"),
                 "the same pop, in a unit where Relacy cannot see freed memory");
