// What the results test needs from Relacy itself, from a unit that includes it (GoogleTest's
// macros cannot share one with Relacy: see <interleave/model.hpp>).
#pragma once

#include <string>
#include <vector>

namespace interleave::test {

// rl::test_result_str of every rl::test_result_e that names a result, success excepted.
std::vector<std::string> relacy_result_names();

// Registers a suite that declares it ends with UNTIL CONDITION HIT as if it were to pass, and
// returns the problems the registry recorded.
std::vector<std::string> problems_of_a_declared_result_registered_as_pass();

}  // namespace interleave::test
