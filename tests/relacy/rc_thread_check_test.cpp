// Rc's thread check under Relacy (backend/relacy.hpp declares it on): a defect of its own, RC
// USED ON ANOTHER THREAD, named by the library (relacy.hpp, named_defect) and reported by the
// harness in the verdict and the history; never raised by Rc used as Rust allows, the suite's
// setup (constructor, before(), after(), destructor) counting as one thread of its own.
#include <gtest/gtest.h>

#include "complete_search.hpp"
#include "rc_thread_check_models.hpp"

namespace interleave::test {
namespace {

TEST(RcThreadCheckUnderRelacy, rc_used_as_rust_allows_passes_every_interleaving) {
  for (const auto& settings : {complete_bound_search(2), complete_full_search()}) {
    const auto verdict = run_rc_on_its_own_threads(settings);
    EXPECT_EQ(verdict.defect, "") << verdict.detail;
    EXPECT_EQ(verdict.search, harness::SearchEnd::complete);
    EXPECT_GT(verdict.iterations, 10u) << "the threads' operations interleave";
  }
}

TEST(RcThreadCheckUnderRelacy, a_foreign_clone_is_a_named_defect_at_its_line) {
  const auto verdict = run_rc_cloned_on_two_threads(true, complete_bound_search(2));
  EXPECT_EQ(verdict.defect, "RC USED ON ANOTHER THREAD");
  EXPECT_NE(verdict.detail.find("RC USED ON ANOTHER THREAD (Rc cloned on thread "),
            std::string::npos)
      << verdict.detail;
  EXPECT_NE(verdict.detail.find("rc_thread_check_models.cpp:"), std::string::npos)
      << verdict.detail;
  EXPECT_NE(verdict.detail.find("but its value was created on the setup thread"), std::string::npos)
      << verdict.detail;
  // The history says it in the same words: no USER ASSERT FAILED left for the reader to decode.
  EXPECT_EQ(verdict.history.find("USER ASSERT FAILED"), std::string::npos) << verdict.history;
  ASSERT_FALSE(verdict.trace.empty());
}

TEST(RcThreadCheckUnderRelacy, off_the_race_itself_shows) {
  // plain_memory_backend turns the check off (the Rc models show what the race does): no named
  // defect, whatever the race leads to.
  const auto verdict = run_rc_cloned_on_two_threads(false, complete_bound_search(2));
  EXPECT_NE(verdict.defect, "RC USED ON ANOTHER THREAD");
  EXPECT_EQ(verdict.defect, "MEMORY LEAK") << verdict.detail;
}

}  // namespace
}  // namespace interleave::test
