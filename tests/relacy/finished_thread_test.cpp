// A thread that finishes while every other thread is blocked, one in a timed wait: Relacy's
// own tree schedulers then run the finished thread's body again and reach after() with threads
// still blocked; the harness's repaired ones time the waiter out (harness/relacy_schedulers.hpp).
#include <gtest/gtest.h>

#include "finished_thread_models.hpp"
#include "complete_search.hpp"

namespace interleave::test {
namespace {

TEST(FinishedThread, relacys_own_bound_search_runs_a_finished_thread_again) {
  EXPECT_EQ(relacys_own_bound_search_of_finishing_beside_a_timed_waiter(2), "USER ASSERT FAILED");
}

TEST(FinishedThread, the_harnesss_searches_time_the_waiter_out_instead) {
  for (unsigned preemptions = 0; preemptions <= 2; ++preemptions) {
    const auto v = run_finishing_beside_a_timed_waiter(complete_bound_search(preemptions));
    EXPECT_EQ(v.defect, "") << "at bound " << preemptions;
    EXPECT_EQ(v.search, harness::SearchEnd::complete) << "at bound " << preemptions;
  }
  const auto v = run_finishing_beside_a_timed_waiter(complete_full_search());
  EXPECT_EQ(v.defect, "");
  EXPECT_EQ(v.search, harness::SearchEnd::complete);
}

}  // namespace
}  // namespace interleave::test
