// relacy_backend::yield() under each scheduler (backend/relacy.hpp): under the random scheduler
// a plain scheduling point, so a load after it may still read a value older than the latest
// store (as on real threads, where a yield orders nothing); under the tree searches Relacy's
// own yield, which never lets a load read stale (they read the latest store anyway).
#include <gtest/gtest.h>

#include "yield_models.hpp"

namespace interleave::test {
namespace {

TEST(RelacyYield, under_the_random_scheduler_a_load_after_a_yield_may_read_a_stale_value) {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::random;
  s.iterations = 100000;
  EXPECT_EQ(run_stale_read_across_a_yield(s).defect, "USER ASSERT FAILED");
}

TEST(RelacyYield, the_tree_searches_read_the_latest_store_after_a_yield) {
  harness::SearchSettings s;
  s.scheduler = harness::Scheduler::bound;
  s.context_bound = 2;
  s.iterations = 0;  // to completion
  const auto verdict = run_stale_read_across_a_yield(s);
  EXPECT_EQ(verdict.defect, "");
  EXPECT_EQ(verdict.search, harness::SearchEnd::complete);
}

}  // namespace
}  // namespace interleave::test
