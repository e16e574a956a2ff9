// Relacy's engine for the common suite shapes, compiled once for every model unit that links the
// harness (model.hpp: INTERLEAVE_RELACY_ENGINE_SHAPES; each shape is a context and a scheduler
// per search kind, about a third of a model unit's object code).
#include "interleave/model.hpp"

namespace interleave::harness::detail {

#define INTERLEAVE_DEFINE_RELACY_ENGINE(S, D) INTERLEAVE_RELACY_ENGINE(template, S, D)
INTERLEAVE_RELACY_ENGINE_SHAPES(INTERLEAVE_DEFINE_RELACY_ENGINE)

}  // namespace interleave::harness::detail
