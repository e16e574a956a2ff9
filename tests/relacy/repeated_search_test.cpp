// A search that restarts Relacy after each defect it passes: what it reports, and that its
// memory does not grow with the restarts (Relacy never frees its fibers' stacks; the harness
// does, see relacy_leftovers in <interleave/model.hpp>).
#include <gtest/gtest.h>

#include <fstream>

#include "repeated_search_models.hpp"

namespace interleave::test {
namespace {

long resident_kb() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident * 4;  // pages of 4 kB
}

TEST(RepeatedSearch, passes_a_defect_in_every_iteration_and_ends_with_its_budget) {
  const auto v = run_search_passing_a_defect_every_iteration(20);
  EXPECT_EQ(v.defect, "");
  EXPECT_EQ(v.iterations, 20u);
  EXPECT_EQ(v.search, harness::SearchEnd::budget_exhausted);
  ASSERT_EQ(v.other_defects.size(), 1u);
  EXPECT_EQ(v.other_defects[0], "ACCESS TO FREED MEMORY in 20 iterations, first at 1");
}

TEST(RepeatedSearch, memory_does_not_grow_with_the_restarts) {
  (void)run_search_passing_a_defect_every_iteration(50);  // first-time allocations
  const long before = resident_kb();
  const auto v = run_search_passing_a_defect_every_iteration(600);
  const long grown = resident_kb() - before;
  EXPECT_EQ(v.other_defects.size(), 1u);
  // Each restart runs two Relacy contexts of three 64 kB fiber stacks; left unfreed they grew
  // ~60 kB per restart (36 MB here). What remains is the model's heap working set, which
  // Relacy caches per context: well under a kilobyte per restart.
  EXPECT_LT(grown, 6 * 1024) << "kB grown over 600 restarts";
}

}  // namespace
}  // namespace interleave::test
