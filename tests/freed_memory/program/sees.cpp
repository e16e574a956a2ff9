// Built with the flags interleave::harness gives (-fno-lifetime-dse among them).
#include <interleave/model.hpp>

#include "treiber.hpp"

INTERLEAVE_MODEL(treiber_pop_frees_too_early, "stack/seen/pop-use-after-free",
                 interleave::expect::fails_with("ACCESS TO FREED MEMORY"),
                 "a pop frees a node the other pop still reads");
