// Waits that end without a notification in the tree searches (relacy_backend's
// condition_variable): a timed wait's early timeout and an untimed wait's spurious wake-up, each
// a branch of the search while the suite's budget lasts. Each test shows a path, or a defect,
// that the same search does not reach without the branch (a budget of 0: Relacy's own waits).
#include <gtest/gtest.h>

#include "early_wakeup_models.hpp"
#include "complete_search.hpp"

namespace interleave::test {
namespace {

// At bound 0 nothing is preempted: Relacy times a parked thread out only once every other
// thread has blocked or finished, so by then the notification has reached it.
TEST(EarlyWakeups, at_bound_0_a_timeout_races_its_notification_only_by_the_searchs_branch) {
  const auto without = run_timeout_racing_its_notify(0, complete_bound_search(0));
  EXPECT_EQ(without.defect, "");
  EXPECT_EQ(without.search, harness::SearchEnd::complete);
  const auto with = run_timeout_racing_its_notify(1, complete_bound_search(0));
  EXPECT_EQ(with.defect, "USER ASSERT FAILED");
}

// Above bound 0 Relacy's own timeout gets there too, by spending a preemption.
TEST(EarlyWakeups, above_bound_0_relacys_timeout_races_the_notification_with_a_preemption) {
  EXPECT_EQ(run_timeout_racing_its_notify(0, complete_bound_search(1)).defect,
            "USER ASSERT FAILED");
}

// condvar/negative/timeout-skips-recheck is searched at bound 0: caught there only thanks to
// the branch.
TEST(EarlyWakeups, the_timeout_skips_recheck_control_at_bound_0_needs_the_branch) {
  const auto without = run_timeout_skips_recheck(0, complete_bound_search(0));
  EXPECT_EQ(without.defect, "");
  EXPECT_EQ(without.search, harness::SearchEnd::complete);
  EXPECT_EQ(run_timeout_skips_recheck(1, complete_bound_search(0)).defect, "USER ASSERT FAILED");
}

// An untimed waiter leaves its wait only by the notify in Relacy's tree searches, so a notify
// sent after the unlock never races the waiter's teardown there, whatever the search.
TEST(EarlyWakeups, a_spurious_wake_up_lets_the_waiter_free_before_a_notify_sent_after_unlocking) {
  const auto without = run_waiter_frees_before_late_notify(0, complete_full_search());
  EXPECT_EQ(without.defect, "");
  EXPECT_EQ(without.search, harness::SearchEnd::complete);
  EXPECT_EQ(run_waiter_frees_before_late_notify(1, complete_full_search()).defect,
            "ACCESS TO FREED MEMORY");
}

// What needs no early wake-up: a thread that never waited frees between the other's unlock and
// its notify, as Relacy's notify switches threads before it touches the condition variable.
TEST(EarlyWakeups, a_notify_after_unlock_races_the_teardown_of_a_thread_that_did_not_wait) {
  EXPECT_EQ(run_non_waiter_frees_before_late_notify(complete_bound_search(2)).defect,
            "ACCESS TO FREED MEMORY");
}

}  // namespace
}  // namespace interleave::test
