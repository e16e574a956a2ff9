// interleave/harness/detection.hpp: refuses to search with a Relacy that cannot see use after
// free. Plain C++ (no Relacy).
//
// Relacy tells a freed object from a live one by a store in rl::signature's destructor
// (`magic_ = 0`). GCC's lifetime dead-store elimination, on at -O1 and above unless
// -fno-lifetime-dse, deletes that store in every translation unit where the destructor is
// compiled, i.e. in the model's own file: there, a read of freed memory passes unreported and a
// use-after-free bug reads "pass". interleave::harness carries -fno-lifetime-dse (GCC) to every
// target that links it; this check catches a unit built without it.
//
// Each registration carries its translation unit's probe (Entry::freed_memory_probe, defined by
// <interleave/model.hpp>): a node freed and then read under Relacy. The runner runs each distinct
// probe once, in a child process as any item, before any search; a probe that does not report
// ACCESS TO FREED MEMORY makes `run` and `replay` refuse (exit 2) with blind_unit_message.
#pragma once

#include <string>
#include <vector>

#include "interleave/harness/registry.hpp"

namespace interleave::harness {

// The one wording of the refusal: `file` is the registering source file, `found` what the probe
// reported instead ("nothing", "DATA RACE", "crashed: ...").
[[nodiscard]] std::string blind_unit_message(const std::string& file, const std::string& found);

// One message per translation unit among `items` whose probe does not show ACCESS TO FREED
// MEMORY (empty: every unit sees it). `jobs` probes run at a time.
[[nodiscard]] std::vector<std::string> units_blind_to_freed_memory(
    const std::vector<const Entry*>& items, unsigned jobs);

}  // namespace interleave::harness
