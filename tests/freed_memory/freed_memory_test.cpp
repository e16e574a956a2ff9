// Relacy sees use after free in every unit that registers a model, or nothing runs. The program
// under test (program/) registers the same use-after-free model from two units: sees.cpp,
// built as interleave::harness builds model units, and blind.cpp, built at -O2 with GCC's
// lifetime dead-store elimination put back.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "interleave/harness/detection.hpp"
#include "interleave_test/command.hpp"

namespace freed_memory_test {

using interleave_test::Ran;

Ran run(const std::string& args) {
  return interleave_test::run_command(std::string(INTERLEAVE_FREED_MEMORY_BINARY) + " " + args +
                                      " 2>&1");
}

// As __FILE__ names it: relative to the project root or to the build directory.
const std::string blind_unit = "tests/freed_memory/program/blind.cpp";

TEST(FreedMemory, a_unit_built_with_lifetime_dead_store_elimination_is_refused_by_name) {
  const Ran r = run("run");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(
      r.output.find(blind_unit + ": Relacy cannot see use after free in this translation unit"),
      std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find(blind_unit + " with -fno-lifetime-dse"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("sees.cpp"), std::string::npos) << "only the blind unit is named:\n"
                                                          << r.output;
  // Every line of the refusal names the program that refused: the user's, not `interleave`.
  EXPECT_NE(r.output.find("interleave_freed_memory_program: " + blind_unit + ": Relacy cannot"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("interleave_freed_memory_program: nothing was run"), std::string::npos)
      << r.output;
  EXPECT_EQ(r.output.find("PASS"), std::string::npos) << r.output;
}

TEST(FreedMemory, replay_refuses_the_blind_unit_too) {
  const Ran r =
      run("replay stack/blind/pop-use-after-free --scheduler bound --context-bound 2 --state '1 '");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(blind_unit + ": Relacy cannot see use after free"), std::string::npos)
      << r.output;
}

TEST(FreedMemory, a_unit_built_as_the_harness_builds_it_sees_the_use_after_free) {
  const Ran r = run("run --filter 'stack/seen/*'");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(
      r.output.find("EXPECTED FAILURE  stack/seen/pop-use-after-free  ACCESS TO FREED MEMORY"),
      std::string::npos)
      << r.output;
}

TEST(FreedMemory, the_refusal_has_one_wording) {
  const std::string m = interleave::harness::blind_unit_message("m.cpp", "nothing");
  EXPECT_EQ(m.rfind("m.cpp: Relacy cannot see use after free in this translation unit (its probe "
                    "read freed memory and Relacy reported nothing, not ACCESS TO FREED MEMORY)",
                    0),
            0u)
      << m;
}

}  // namespace freed_memory_test
