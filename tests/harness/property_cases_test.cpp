// A property's test cases by number (property_cases.hpp): the same cases RapidCheck's own loop
// runs, any range of them alone as within the whole search, and a failure shrunk as RapidCheck
// shrinks it, to a reproduce record RapidCheck replays.
#include "interleave/harness/property_cases.hpp"

#include <gtest/gtest.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace property_cases_test {

using interleave::harness::case_size;
using interleave::harness::CaseSearch;
using interleave::harness::CasesRun;
using interleave::harness::IterationRange;
using interleave::harness::run_cases;

struct quiet : rc::detail::TestListener {
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

// What a property generated, case by case: a list of ints (its length follows the size).
struct Seen {
  std::vector<std::vector<int>> cases;
  auto property(int fail_above = -1) {
    return rc::detail::toProperty([this, fail_above] {
      const auto v = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 1000));
      cases.push_back(v);
      if (fail_above >= 0)
        for (int x : v) RC_ASSERT(x <= fail_above);
    });
  }
};

const auto always = [] { return true; };

rc::detail::TestResult checked_by_rapidcheck(
    const rc::detail::Property& p, const CaseSearch& s,
    const std::unordered_map<std::string, rc::detail::Reproduce>& reproduce = {}) {
  rc::detail::TestParams params;
  params.seed = s.seed;
  params.maxSuccess = s.count;
  params.maxSize = s.max_size;
  quiet listener;
  return rc::detail::checkProperty(p, rc::detail::TestMetadata{"p", "p"}, params, listener,
                                   reproduce);
}

TEST(PropertyCases, TheCasesAreRapidChecksOwnForEveryCountAndSeed) {
  for (const int count : {1, 7, 100, 101, 150, 400}) {
    for (const std::uint64_t seed : {0ull, 1ull, 987654321ull}) {
      const CaseSearch search{seed, count, 100};
      Seen ours, theirs;
      const CasesRun run =
          run_cases(ours.property(), search, {1, static_cast<std::uint64_t>(count)}, always);
      EXPECT_FALSE(run.failure);
      checked_by_rapidcheck(theirs.property(), search);
      EXPECT_EQ(ours.cases, theirs.cases) << count << " cases from seed " << seed;
    }
  }
}

TEST(PropertyCases, SizesSpreadOverZeroToMaxSizeAndReachIt) {
  for (const int count : {2, 50, 100, 101, 250, 400}) {
    int largest = 0;
    for (int i = 0; i < count; ++i) {
      const int size = case_size(count, 100, i);
      EXPECT_GE(size, 0);
      EXPECT_LE(size, 100);
      largest = std::max(largest, size);
    }
    EXPECT_EQ(largest, 100) << count;
  }
  EXPECT_EQ(case_size(1, 100, 0), 0);
}

TEST(PropertyCases, RangesRunAloneExactlyAsWithinTheWholeSearch) {
  const CaseSearch search{42, 400, 100};
  Seen whole, pieces;
  (void)run_cases(whole.property(), search, {1, 400}, always);
  for (const IterationRange r : {IterationRange{1, 100}, IterationRange{101, 250},
                                 IterationRange{251, 399}, IterationRange{400, 400}})
    (void)run_cases(pieces.property(), search, r, always);
  ASSERT_EQ(whole.cases.size(), 400u);
  EXPECT_EQ(pieces.cases, whole.cases);
}

TEST(PropertyCases, AFailureIsShrunkAsRapidCheckShrinksItToTheSameReproduceRecord) {
  const CaseSearch search{7, 400, 100};
  Seen whole, piece, theirs;
  const CasesRun all = run_cases(whole.property(900), search, {1, 400}, always);
  ASSERT_TRUE(all.failure);
  const std::uint64_t at = all.failure->case_number;
  ASSERT_GT(at, 1u);  // some cases passed first: the piece below starts after them
  const CasesRun alone = run_cases(piece.property(900), search, {at, 400}, always);
  ASSERT_TRUE(alone.failure);
  EXPECT_EQ(alone.failure->case_number, at);
  EXPECT_EQ(alone.failure->reproduce, all.failure->reproduce);
  EXPECT_FALSE(all.failure->reproduce.shrinkPath.empty());

  // RapidCheck's own search finds and shrinks the same case to the same record.
  const auto result = checked_by_rapidcheck(theirs.property(900), search);
  rc::detail::FailureResult failed;
  ASSERT_TRUE(result.match(failed));
  EXPECT_EQ(failed.reproduce, all.failure->reproduce);
  EXPECT_EQ(static_cast<std::uint64_t>(failed.numSuccess) + 1, at);

  // And RapidCheck's reader replays it to the shrunk case: the smallest failure.
  Seen replayed;
  const auto again =
      checked_by_rapidcheck(replayed.property(900), search, {{"p", all.failure->reproduce}});
  EXPECT_TRUE(again.match(failed));
  EXPECT_EQ(replayed.cases.back(), std::vector<int>{901});
}

TEST(PropertyCases, ARangeBeforeTheFailureFindsNoneAndATimeBudgetEndsTheRange) {
  const CaseSearch search{7, 400, 100};
  Seen first;
  const CasesRun all = run_cases(first.property(900), search, {1, 400}, always);
  ASSERT_TRUE(all.failure);
  Seen before;
  const std::uint64_t at = all.failure->case_number;
  EXPECT_FALSE(run_cases(before.property(900), search, {1, at - 1}, always).failure);
  EXPECT_EQ(before.cases.size(), at - 1);

  Seen stopped;
  int asked = 0;
  const auto three_cases = [&] { return ++asked <= 3; };
  EXPECT_FALSE(run_cases(stopped.property(), search, {1, 400}, three_cases).failure);
  EXPECT_EQ(stopped.cases.size(), 3u);
}

TEST(PropertyCases, ADiscardedCaseIsCountedAndNotReplaced) {
  const CaseSearch search{3, 100, 100};
  int ran = 0;
  const auto discards_odd = rc::detail::toProperty([&] {
    const int n = *rc::gen::inRange(0, 1000);
    ++ran;
    RC_PRE(n % 2 == 0);
  });
  const CasesRun run = run_cases(discards_odd, search, {1, 100}, always);
  EXPECT_EQ(ran, 100);
  EXPECT_GT(run.discarded, 0u);
  EXPECT_LT(run.discarded, 100u);
  EXPECT_FALSE(run.failure);
}

}  // namespace property_cases_test
