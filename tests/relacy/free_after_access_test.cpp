// The Relacy backend's lifetime check (backend/relacy.hpp, detail::relacy::lifetime): a free
// must come after every access of the object freed, and every access after its construction.
// Relacy itself checks neither: it orders a plain variable's accesses with each other and
// reports accesses after a free, nothing more.
#include <gtest/gtest.h>

#include "free_after_access_models.hpp"
#include "complete_search.hpp"

namespace interleave::test {
namespace {

TEST(RelacyLifetime, a_free_not_ordered_after_another_threads_access_is_a_data_race) {
  EXPECT_EQ(run_free_after_access(false, complete_bound_search(2)).defect, "DATA RACE");
}

TEST(RelacyLifetime, a_free_after_an_acquire_of_every_access_passes) {
  const auto verdict = run_free_after_access(true, complete_bound_search(2));
  EXPECT_EQ(verdict.defect, "");
  EXPECT_EQ(verdict.search, harness::SearchEnd::complete);
}

TEST(RelacyLifetime, a_use_not_ordered_after_the_construction_is_a_data_race) {
  EXPECT_EQ(run_use_of_unpublished_block(complete_bound_search(2)).defect, "DATA RACE");
}

}  // namespace
}  // namespace interleave::test
