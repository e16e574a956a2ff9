// A bound or full search divided into pieces explores exactly the executions of the undivided
// search, each once (harness/relacy_schedulers.hpp, search_division): compared execution by
// execution by their hashes, on models small enough to search whole.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "complete_search.hpp"
#include "division_models.hpp"
#include "interleave/harness/runner.hpp"

namespace interleave::test {
namespace division_test {

std::vector<std::uint64_t> sorted(std::vector<std::uint64_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::string name(const harness::SearchSettings& s) {
  return s.scheduler == harness::Scheduler::full ? "full"
                                                 : "bound " + std::to_string(s.context_bound);
}

TEST(Division, the_pieces_explore_the_undivided_searchs_executions_each_once) {
  for (const auto& s :
       {complete_bound_search(0), complete_bound_search(1), complete_bound_search(2)}) {
    const Explored whole = search_whole(DivisionModel::counter_under_mutex, s);
    ASSERT_EQ(whole.verdict.defect, "") << name(s);
    ASSERT_EQ(whole.verdict.search, harness::SearchEnd::complete) << name(s);
    ASSERT_EQ(whole.executions.size(), whole.verdict.iterations) << name(s);
    if (s.context_bound == 2) {
      ASSERT_GT(whole.verdict.iterations, 100u) << "a tree worth dividing";
    }
    // Every execution's hash differs: the multiset comparison below is of executions.
    const auto whole_sorted = sorted(whole.executions);
    ASSERT_EQ(std::adjacent_find(whole_sorted.begin(), whole_sorted.end()), whole_sorted.end());

    for (unsigned depth : {1u, 3u, 6u}) {
      harness::Verdict listing;
      const auto pieces = list_pieces(DivisionModel::counter_under_mutex, s, depth, &listing);
      EXPECT_EQ(listing.defect, "");
      EXPECT_EQ(listing.iterations, pieces.size()) << "one execution per piece";
      if (depth > 1) {
        EXPECT_GT(pieces.size(), 1u) << name(s) << " depth " << depth;
      }
      // (Measured: bound 2, 712 executions; depth 6 cuts them into 228 pieces.)
      // The cut is deterministic: listing again gives the same pieces.
      EXPECT_EQ(list_pieces(DivisionModel::counter_under_mutex, s, depth), pieces);

      std::vector<std::uint64_t> divided;
      std::uint64_t iterations = 0;
      for (const auto& piece : pieces) {
        const Explored e = search_piece(DivisionModel::counter_under_mutex, s, piece);
        EXPECT_EQ(e.verdict.defect, "") << piece;
        EXPECT_EQ(e.verdict.search, harness::SearchEnd::complete) << piece;
        EXPECT_EQ(e.executions.size(), e.verdict.iterations) << piece;
        iterations += e.verdict.iterations;
        divided.insert(divided.end(), e.executions.begin(), e.executions.end());
      }
      EXPECT_EQ(iterations, whole.verdict.iterations) << name(s) << " depth " << depth;
      EXPECT_EQ(sorted(divided), whole_sorted) << name(s) << " depth " << depth;
    }
  }
}

TEST(Division, a_full_search_divides_as_a_bound_one_does) {
  const auto s = complete_full_search();
  const Explored full = search_whole(DivisionModel::two_adders, s);
  ASSERT_EQ(full.verdict.defect, "");
  ASSERT_EQ(full.verdict.search, harness::SearchEnd::complete);
  for (unsigned depth : {1u, 3u, 6u}) {
    const auto pieces = list_pieces(DivisionModel::two_adders, s, depth);
    std::vector<std::uint64_t> divided;
    for (const auto& piece : pieces) {
      const Explored e = search_piece(DivisionModel::two_adders, s, piece);
      EXPECT_EQ(e.verdict.search, harness::SearchEnd::complete);
      divided.insert(divided.end(), e.executions.begin(), e.executions.end());
    }
    EXPECT_EQ(sorted(divided), sorted(full.executions)) << "depth " << depth;
  }
}

// The failure a divided search reports is the undivided search's: the first piece (in the
// listing's order) that fails, at the execution the whole search stops at; and its state
// replays on its own, without the division.
TEST(Division, the_first_failing_piece_fails_where_the_undivided_search_stops) {
  const auto s = complete_bound_search(1);
  const Explored whole = search_whole(DivisionModel::racing_cell, s);
  ASSERT_EQ(whole.verdict.defect, "DATA RACE");
  ASSERT_EQ(whole.verdict.search, harness::SearchEnd::stopped);

  ASSERT_GT(whole.verdict.iterations, 1u) << "the race must not be the first execution";

  for (unsigned depth : {1u, 3u, 6u}) {
    harness::Verdict listing;
    const auto pieces = list_pieces(DivisionModel::racing_cell, s, depth, &listing);
    std::uint64_t before = 0;
    std::string failing_state;
    for (const auto& piece : pieces) {
      const Explored e = search_piece(DivisionModel::racing_cell, s, piece);
      if (!e.verdict.defect.empty()) {
        EXPECT_EQ(e.verdict.defect, "DATA RACE");
        EXPECT_EQ(before + e.verdict.iterations, whole.verdict.iterations)
            << "depth " << depth << ": the whole search's stop, counted through the pieces before";
        failing_state = e.verdict.final_state;
        break;
      }
      EXPECT_EQ(e.verdict.search, harness::SearchEnd::complete);
      before += e.verdict.iterations;
    }
    ASSERT_FALSE(failing_state.empty()) << "depth " << depth << ", listing: " << listing.defect;
    EXPECT_EQ(replay(DivisionModel::racing_cell, s, failing_state).defect, "DATA RACE");
  }
}

// The runner with --jobs 2 (runner.hpp): the item's search cut, its pieces searched in children
// of their own and joined into the result the undivided search gives.
harness::Result run_with_jobs(const harness::Entry& e, const harness::SearchSettings& s,
                              unsigned jobs, std::uint64_t divide_after) {
  harness::Entry item = e;
  item.defaults = s;
  harness::RunOptions o;
  o.jobs = jobs;
  o.divide_after = divide_after;
  o.timeout_seconds = 120;
  o.program = "interleave";
  return harness::run_items({&item}, o).at(0);
}

TEST(Division, the_runner_joins_the_pieces_of_a_passing_search_into_the_whole_one) {
  const auto s = complete_bound_search(2);
  const auto e = entry_of(DivisionModel::counter_under_mutex, harness::Expectation::pass());
  const harness::Result whole = run_with_jobs(e, s, 1, 50);
  const harness::Result divided = run_with_jobs(e, s, 2, 50);
  ASSERT_EQ(whole.outcome, harness::Outcome::pass) << whole.message;
  ASSERT_EQ(divided.outcome, harness::Outcome::pass) << divided.message;
  EXPECT_EQ(whole.verdict.pieces, 0u);
  EXPECT_GT(divided.verdict.pieces, 1u);
  EXPECT_EQ(divided.verdict.iterations, whole.verdict.iterations);
  EXPECT_EQ(divided.verdict.iterations, 712u);
  EXPECT_EQ(divided.verdict.search, harness::SearchEnd::complete);
}

TEST(Division, the_runner_reports_the_failure_the_undivided_search_meets_first) {
  const auto s = complete_bound_search(1);
  const auto e =
      entry_of(DivisionModel::racing_cell, harness::Expectation::fails_with("DATA RACE"));
  const harness::Result whole = run_with_jobs(e, s, 1, 1);
  const harness::Result divided = run_with_jobs(e, s, 2, 1);  // divided after one execution
  ASSERT_EQ(whole.outcome, harness::Outcome::expected_failure) << whole.message;
  ASSERT_EQ(divided.outcome, harness::Outcome::expected_failure) << divided.message;
  EXPECT_GT(divided.verdict.pieces, 1u);
  EXPECT_EQ(divided.verdict.iterations, whole.verdict.iterations);
  EXPECT_EQ(divided.verdict.final_state, whole.verdict.final_state);
  EXPECT_EQ(divided.replay, whole.replay);
  EXPECT_EQ(replay(DivisionModel::racing_cell, s, divided.verdict.final_state).defect, "DATA RACE");
}

}  // namespace division_test
}  // namespace interleave::test
