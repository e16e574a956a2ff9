// A search divided into pieces (division.hpp) as the runner runs it with --jobs above 1: the
// pieces' verdicts joined into the undivided search's, whatever order they finish in, and a
// piece that fails, crashes or runs past the budget. The searches here are stand-ins whose
// pieces have known sizes; tests/relacy/division_test.cpp divides real Relacy searches.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "division.hpp"
#include "interleave/harness/replay_input.hpp"
#include "interleave/harness/runner.hpp"
#include "interleave/harness/simulation_log.hpp"

namespace interleave::harness {
namespace division_test {

Verdict searched(std::uint64_t iterations, SearchEnd end = SearchEnd::complete) {
  Verdict v;
  v.iterations = iterations;
  v.search = end;
  return v;
}

// The state of a failing execution: its number `iteration`, then one decision, `choice` of 2.
std::string state(std::uint64_t iteration, std::uint32_t choice) {
  return state_text({iteration, {Decision{2, choice, 0}}});
}

Verdict failed(std::uint64_t at, std::uint32_t choice) {
  Verdict v;
  v.defect = "DATA RACE";
  v.iterations = at;
  v.search = SearchEnd::stopped;
  v.final_state = state(at, choice);
  return v;
}

std::optional<Verdict> join(std::span<const std::optional<Verdict>> pieces, std::uint64_t budget) {
  return detail::join_pieces(pieces, Kind::model, budget, Scheduler::bound, 2);
}

using Pieces = std::vector<std::optional<Verdict>>;

TEST(JoinPieces, EveryPieceCompleteIsTheWholeSearchComplete) {
  const Pieces p = {searched(5), searched(7), searched(1)};
  const auto v = join(p, 0);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->iterations, 13u);
  EXPECT_EQ(v->search, SearchEnd::complete);
  EXPECT_EQ(v->pieces, 3u);
  EXPECT_TRUE(v->defect.empty());
}

TEST(JoinPieces, UndecidedWhileAPieceBeforeTheFirstFailureIsOut) {
  const Pieces waiting = {searched(5), std::nullopt, failed(2, 1), std::nullopt};
  EXPECT_FALSE(join(waiting, 0));
  const Pieces in = {searched(5), searched(4), failed(2, 1), std::nullopt};
  const auto v = join(in, 0);
  ASSERT_TRUE(v);  // what comes after the first failure never counts
  EXPECT_EQ(v->defect, "DATA RACE");
  EXPECT_EQ(v->iterations, 11u);            // 5 + 4 before it, and its own second execution
  EXPECT_EQ(v->final_state, state(11, 1));  // numbered in the whole search
  EXPECT_EQ(v->search, SearchEnd::stopped);
  EXPECT_EQ(v->pieces, 4u);
}

TEST(JoinPieces, TheFirstFailureInListingOrderWinsOverAnEarlierFinishedOne) {
  const Pieces p = {searched(3), failed(9, 0), failed(1, 1)};
  const auto v = join(p, 0);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->final_state, state(12, 0));
  EXPECT_EQ(v->iterations, 12u);
}

TEST(JoinPieces, TheBudgetIsSpentInListingOrder) {
  // 10 executions: 4 in the first piece, 6 of the second; the failure in the third is beyond.
  const Pieces p = {searched(4), searched(8), failed(1, 1)};
  const auto v = join(p, 10);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->defect.empty());
  EXPECT_EQ(v->iterations, 10u);
  EXPECT_EQ(v->search, SearchEnd::budget_exhausted);
  // Decided as soon as the pieces that spend it are in.
  const Pieces early = {searched(4), searched(8), std::nullopt};
  EXPECT_TRUE(join(early, 10));
  // A failure at the budget's last execution is still found, as undivided.
  const Pieces at_last = {searched(4), failed(6, 1)};
  ASSERT_TRUE(join(at_last, 10));
  EXPECT_EQ(join(at_last, 10)->final_state, state(10, 1));
  EXPECT_EQ(join(at_last, 10)->iterations, 10u);
  // A piece that spent the whole budget (its own iteration budget is the item's) ends it.
  const Pieces spent = {searched(10, SearchEnd::budget_exhausted), std::nullopt};
  ASSERT_TRUE(join(spent, 10));
  EXPECT_EQ(join(spent, 10)->search, SearchEnd::budget_exhausted);
  // Exactly the budget, and nothing left: complete.
  const Pieces exact = {searched(4), searched(6)};
  EXPECT_EQ(join(exact, 10)->search, SearchEnd::complete);
}

TEST(JoinPieces, APieceOutOfTimeLeavesTheSearchIncompleteButCounted) {
  const Pieces p = {searched(4), searched(2, SearchEnd::budget_exhausted), searched(3)};
  const auto v = join(p, 0);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->iterations, 9u);
  EXPECT_EQ(v->search, SearchEnd::budget_exhausted);
}

// --- the runner ------------------------------------------------------------------------------
//
// A stand-in search tree of two threads: every decision has two alternatives, and the subtree
// under a piece (its first decisions) holds `size_of(piece)` executions. Listing at depth d
// gives the 2^d paths; the whole tree holds the sum over any cut.

std::vector<Decision> decisions_of(const std::string& piece) {
  auto parsed = parse_replay_state(piece, Scheduler::bound, 2);
  if (!parsed) throw std::logic_error(parsed.error());
  return parsed->decisions;
}

constexpr unsigned tree_depth = 8;      // the executions' own decisions: 256 leaves of ...
constexpr std::uint64_t per_leaf = 10;  // ... 10 executions each: 2560 in all

std::uint64_t size_of(const std::string& piece) {
  return (std::uint64_t{1} << (tree_depth - decisions_of(piece).size())) * per_leaf;
}

// The index of `piece` among the pieces of its depth, in listing order.
std::uint64_t position(const std::string& piece) {
  std::uint64_t at = 0;
  for (const auto& d : decisions_of(piece)) at = at * 2 + d.index;
  return at;
}

SearchPieces list_tree(const SearchSettings&, unsigned depth, std::size_t max) {
  depth = std::min(depth, tree_depth);
  SearchPieces out;
  for (std::uint64_t path = 0; path < (std::uint64_t{1} << depth); ++path) {
    ReplayState s{1, {}};
    for (unsigned i = depth; i-- > 0;) s.decisions.push_back({2, unsigned(path >> i & 1), 0});
    out.pieces.push_back(state_text(s));
  }
  if (out.pieces.size() > max) throw std::length_error("too many");
  return out;
}

// The whole tree, or one piece, searched up to the budget; `fails` (if set) is the execution
// (counted from the start of the undivided search) that shows a DATA RACE.
Verdict search_tree(const SearchSettings& s, std::optional<std::uint64_t> fails) {
  const std::uint64_t first = s.piece.empty() ? 0 : position(s.piece) * size_of(s.piece);
  const std::uint64_t size =
      s.piece.empty() ? (std::uint64_t{1} << tree_depth) * per_leaf : size_of(s.piece);
  const std::uint64_t budget = s.iterations == 0 ? size : std::min(size, s.iterations);
  if (fails && *fails > first && *fails - first <= budget) return failed(*fails - first, 1);
  return searched(budget, budget < size ? SearchEnd::budget_exhausted : SearchEnd::complete);
}

Entry tree_item(std::optional<std::uint64_t> fails = std::nullopt) {
  Entry e;
  e.id = "tree";
  e.threads = 2;
  e.defaults.scheduler = Scheduler::bound;
  e.defaults.iterations = 0;
  e.run = [fails](const SearchSettings& s) { return search_tree(s, fails); };
  e.list_pieces = &list_tree;
  if (fails) e.expected = Expectation::fails_with("DATA RACE");
  return e;
}

Result run_one(const Entry& e, unsigned jobs, std::uint64_t divide_after = 100,
               SearchOverrides search = {}) {
  RunOptions o;
  o.jobs = jobs;
  o.divide_after = divide_after;
  o.timeout_seconds = 60;
  o.program = "interleave";
  o.search = search;
  auto results = run_items({&e}, o);
  return results.at(0);
}

TEST(DividedRun, JoinsTheWholeTreeIntoOneCompleteSearch) {
  const Entry e = tree_item();
  const Result undivided = run_one(e, 1);
  ASSERT_EQ(undivided.outcome, Outcome::pass) << undivided.message;
  EXPECT_EQ(undivided.verdict.pieces, 0u);
  const Result r = run_one(e, 2);
  ASSERT_EQ(r.outcome, Outcome::pass) << r.message;
  EXPECT_EQ(r.verdict.iterations, 2560u);
  EXPECT_EQ(r.verdict.iterations, undivided.verdict.iterations);
  EXPECT_EQ(r.verdict.search, SearchEnd::complete);
  EXPECT_EQ(r.verdict.pieces, 2 * pieces_per_job);  // the cut at depth 7
  // More jobs than the tree's leaves can feed: cut at the leaves, where it has no decision left.
  const Result leaves = run_one(e, 5);
  EXPECT_EQ(leaves.verdict.pieces, 256u);
  EXPECT_EQ(leaves.verdict.iterations, 2560u);
  EXPECT_TRUE(r.settings.piece.empty());
  EXPECT_EQ(r.replay,
            "interleave run --filter tree --scheduler bound --iterations 0 --context-bound 2");
}

TEST(DividedRun, AnItemThatEndsWithinTheProbeIsNotDivided) {
  const Entry e = tree_item();
  const Result r = run_one(e, 2, 5000);
  ASSERT_EQ(r.outcome, Outcome::pass) << r.message;
  EXPECT_EQ(r.verdict.pieces, 0u);
  EXPECT_EQ(r.verdict.iterations, 2560u);
  // Nor one whose budget the probe covers.
  SearchOverrides budget;
  budget.iterations = 100;
  const Result small = run_one(e, 2, 100, budget);
  EXPECT_EQ(small.verdict.pieces, 0u);
  EXPECT_EQ(small.verdict.search, SearchEnd::budget_exhausted);
}

TEST(DividedRun, ReportsTheFailureAnUndividedSearchMeetsFirst) {
  const Entry e = tree_item(2500);  // in the last pieces, past the probe
  const Result undivided = run_one(e, 1);
  const Result r = run_one(e, 2);
  ASSERT_EQ(r.outcome, Outcome::expected_failure) << r.message;
  EXPECT_EQ(r.verdict.iterations, 2500u);
  EXPECT_EQ(r.verdict.iterations, undivided.verdict.iterations);
  EXPECT_EQ(r.verdict.final_state, state(2500, 1));
  EXPECT_EQ(r.verdict.search, SearchEnd::stopped);
  EXPECT_GT(r.verdict.pieces, 0u);
  EXPECT_EQ(r.replay,
            "interleave replay tree --scheduler bound --context-bound 2 --state '2500 1 2 1 0 '");
}

TEST(DividedRun, SpendsTheIterationBudgetInTheUndividedOrder) {
  const Entry e = tree_item(2500);
  SearchOverrides budget;
  budget.iterations = 1000;  // the failure lies beyond it
  const Result r = run_one(e, 2, 100, budget);
  ASSERT_EQ(r.outcome, Outcome::unexpected_pass) << r.message;
  EXPECT_EQ(r.verdict.iterations, 1000u);
  EXPECT_EQ(r.verdict.search, SearchEnd::budget_exhausted);
  EXPECT_GT(r.verdict.pieces, 0u);
}

TEST(DividedRun, APieceThatCrashesMakesTheItemACrashNamingThePiece) {
  Entry e = tree_item();
  e.run = [](const SearchSettings& s) {
    if (!s.piece.empty() && position(s.piece) == 3) std::abort();  // SIGABRT under ASan too
    return search_tree(s, std::nullopt);
  };
  const Result r = run_one(e, 2);
  ASSERT_EQ(r.outcome, Outcome::crash);
  EXPECT_NE(r.message.find("piece 4 of 128"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("died on signal 6"), std::string::npos) << r.message;
  EXPECT_TRUE(r.settings.piece.empty());
}

TEST(DividedRun, ATimeBudgetIsTheItemsNotEachPieces) {
  Entry e = tree_item();
  e.run = [](const SearchSettings& s) {
    if (!s.piece.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return search_tree(s, std::nullopt);
  };
  SearchOverrides budget;
  budget.seconds = 0.5;  // two pieces at a time, 300 ms each: a few of the 128
  const Result r = run_one(e, 2, 100, budget);
  ASSERT_EQ(r.outcome, Outcome::pass) << r.message;
  EXPECT_EQ(r.verdict.search, SearchEnd::budget_exhausted);
  // The pieces started within the budget count; those it would start later are not searched.
  EXPECT_LT(r.verdict.iterations, 2560u);
  EXPECT_GT(r.verdict.iterations, 0u);
  EXPECT_EQ(r.verdict.iterations % per_leaf, 0u);
}

// --- a random search, divided by its iterations ----------------------------------------------

TEST(IterationRange, ItsTextReadsBackAndNothingElseReadsAsOne) {
  EXPECT_EQ(range_text({1, 50000}), "1-50000");
  const auto r = parse_range("50001-100000");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 50001u);
  EXPECT_EQ(r->last, 100000u);
  for (const char* bad : {"", "1", "1 2 0", "0-5", "5-4", "1-", "-3", "1-2-3", "a-b", "1-2 "})
    EXPECT_FALSE(parse_range(bad)) << bad;
}

TEST(DefectTally, SummariesOfPiecesAddUpByDefect) {
  DefectTally a;
  a.add("MEMORY LEAK", 7);
  a.add("MEMORY LEAK", 9);
  DefectTally b;
  b.add("MEMORY LEAK", 3);
  b.add("ACCESS TO FREED MEMORY", 40);
  DefectTally joined;
  joined.add_summary(a.summary());
  joined.add_summary(b.summary());
  EXPECT_EQ(joined.summary(),
            (std::vector<std::string>{"MEMORY LEAK in 3 iterations, first at 3",
                                      "ACCESS TO FREED MEMORY in 1 iteration, first at 40"}));
  EXPECT_THROW(joined.add_summary({"MEMORY LEAK everywhere"}), std::invalid_argument);
}

Verdict random_searched(std::uint64_t count, std::vector<std::string> passed = {}) {
  Verdict v = searched(count, SearchEnd::budget_exhausted);
  v.other_defects = std::move(passed);
  return v;
}

Verdict random_failed(std::uint64_t at, std::vector<std::string> passed = {}) {
  Verdict v;
  v.defect = "DOUBLE FREE";
  v.iterations = at;  // Relacy's random state: the absolute iteration
  v.search = SearchEnd::stopped;
  v.final_state = std::to_string(at) + " ";
  v.other_defects = std::move(passed);
  return v;
}

std::optional<Verdict> join_random(std::span<const std::optional<Verdict>> pieces) {
  return detail::join_pieces(pieces, Kind::model, 0, Scheduler::random, 2);
}

TEST(JoinRanges, IterationsSumAndARandomSearchNeverCompletes) {
  const Pieces p = {random_searched(50000), random_searched(50000), random_searched(49999)};
  const auto v = join_random(p);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->iterations, 149999u);
  EXPECT_EQ(v->search, SearchEnd::budget_exhausted);
  EXPECT_EQ(v->pieces, 3u);
  const Pieces waiting = {random_searched(50000), std::nullopt};
  EXPECT_FALSE(join_random(waiting));
}

TEST(JoinRanges, TheFirstFailingRangeKeepsItsIterationAndStateAndTalliesWhatCameBefore) {
  const Pieces p = {random_searched(50000, {"MEMORY LEAK in 2 iterations, first at 17"}),
                    random_failed(50007, {"MEMORY LEAK in 1 iteration, first at 50002"}),
                    random_failed(100001), std::nullopt};
  const auto v = join_random(p);
  ASSERT_TRUE(v);  // pieces after the first failure never count
  EXPECT_EQ(v->defect, "DOUBLE FREE");
  EXPECT_EQ(v->iterations, 50007u);
  EXPECT_EQ(v->final_state, "50007 ");
  EXPECT_EQ(v->pieces, 4u);
  EXPECT_EQ(v->other_defects,
            (std::vector<std::string>{"MEMORY LEAK in 3 iterations, first at 17"}));
  const Pieces before_out = {std::nullopt, random_failed(50007)};
  EXPECT_FALSE(join_random(before_out));
}

// A property's pieces: scenarios first..last each; a failing one shrank in its own piece.
Verdict property_searched(std::uint64_t scenarios, std::uint64_t iterations,
                          std::vector<std::string> passed = {}) {
  Verdict v = random_searched(iterations, std::move(passed));
  v.scenarios = scenarios;
  return v;
}

Verdict property_failed(std::uint64_t scenarios, std::uint64_t iterations) {
  Verdict v;
  v.defect = "DEADLOCK";
  v.iterations = iterations;  // the piece's own: its scenarios' and its shrink's
  v.scenarios = scenarios;
  v.shrink_candidates = 17;
  v.final_state = "3 ";  // an execution of the shrunk scenario's search
  v.reproduce = "BCDE";
  v.replay_scheduler = Scheduler::bound;
  v.replay_context_bound = 1;
  return v;
}

std::optional<Verdict> join_property(std::span<const std::optional<Verdict>> pieces) {
  return detail::join_pieces(pieces, Kind::property, 0, Scheduler::bound, 3);
}

TEST(JoinScenarios, ScenariosAndIterationsSum) {
  const Pieces p = {property_searched(100, 9000, {"MEMORY LEAK in 2 iterations, first at 5"}),
                    property_searched(100, 7000, {"MEMORY LEAK in 1 iteration, first at 3"}),
                    property_searched(100, 8000)};
  const auto v = join_property(p);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->scenarios, 300u);
  EXPECT_EQ(v->iterations, 24000u);
  EXPECT_EQ(v->search, SearchEnd::budget_exhausted);
  EXPECT_EQ(v->pieces, 3u);
  EXPECT_EQ(v->other_defects,
            (std::vector<std::string>{"MEMORY LEAK in 3 iterations, first at 3"}));
  const Pieces waiting = {property_searched(100, 9000), std::nullopt};
  EXPECT_FALSE(join_property(waiting));
}

TEST(JoinScenarios, TheFirstFailingPieceDecidesWithWhatCameBeforeItAdded) {
  const Pieces p = {property_searched(100, 9000), property_failed(12, 2500),
                    property_failed(3, 100), std::nullopt};
  const auto v = join_property(p);
  ASSERT_TRUE(v);  // pieces after the first failure never count
  EXPECT_EQ(v->defect, "DEADLOCK");
  EXPECT_EQ(v->scenarios, 112u);
  EXPECT_EQ(v->iterations, 11500u);
  EXPECT_EQ(v->shrink_candidates, 17u);
  EXPECT_EQ(v->final_state, "3 ");  // the shrunk scenario's own search, not renumbered
  EXPECT_EQ(v->reproduce, "BCDE");
  EXPECT_EQ(v->replay_scheduler, Scheduler::bound);
  EXPECT_EQ(v->replay_context_bound, 1u);
  EXPECT_EQ(v->pieces, 4u);
  const Pieces before_out = {std::nullopt, property_failed(12, 2500)};
  EXPECT_FALSE(join_property(before_out));
}

TEST(PieceFailure, NamesThePieceAsItsKindOfSearchNumbersIt) {
  EXPECT_EQ(detail::piece_failure(Kind::property, 1, 4, "101-200", "killed"),
            "piece 2 of 4 (scenarios 101-200): killed");
  EXPECT_EQ(detail::piece_failure(Kind::model, 0, 4, "1-50000", "killed"),
            "piece 1 of 4 (iterations 1-50000): killed");
  EXPECT_EQ(detail::piece_failure(Kind::model, 3, 216, "0 1 0 ", "killed"),
            "piece 4 of 216 (the subtree under 0 1 0 ): killed");
}

// A stand-in random search: iteration `fails` (absolute) shows a DOUBLE FREE, every iteration
// divisible by 1000 before it a MEMORY LEAK it may pass.
Verdict search_random(const SearchSettings& s, std::optional<std::uint64_t> fails) {
  std::uint64_t first = s.seed, last = s.seed + s.iterations - 1;
  if (!s.piece.empty()) {
    const auto r = parse_range(s.piece);
    if (!r) throw std::logic_error("not a range: " + s.piece);
    first = r->first;
    last = r->last;
  }
  DefectTally passed;
  for (std::uint64_t i = (first + 999) / 1000 * 1000; i <= last && (!fails || i < *fails);
       i += 1000)
    passed.add("MEMORY LEAK", i);
  Verdict v = fails && *fails >= first && *fails <= last ? random_failed(*fails)
                                                         : random_searched(last - first + 1);
  v.other_defects = passed.summary();
  return v;
}

Entry random_item(std::optional<std::uint64_t> fails) {
  Entry e;
  e.id = "random";
  e.threads = 2;
  e.defaults.scheduler = Scheduler::random;
  e.defaults.iterations = 200000;
  e.run = [fails](const SearchSettings& s) { return search_random(s, fails); };
  e.expected = Expectation::fails_with("DOUBLE FREE", {"MEMORY LEAK"});
  return e;
}

TEST(DividedRun, ARandomSearchRunsItsIterationsInRangesWithTheUndividedResult) {
  for (const std::optional<std::uint64_t> fails :
       {std::optional<std::uint64_t>{}, std::optional<std::uint64_t>{1},
        std::optional<std::uint64_t>{123456}}) {
    const Entry e = random_item(fails);
    const Result whole = run_one(e, 1);
    const Result divided = run_one(e, 2);
    const std::string which = fails ? std::to_string(*fails) : "none";
    EXPECT_EQ(whole.verdict.pieces, 0u) << which;
    EXPECT_EQ(divided.verdict.pieces, 4u) << which;  // 200000 in ranges of 50000
    EXPECT_EQ(divided.outcome, whole.outcome) << which << ": " << divided.message;
    EXPECT_EQ(divided.verdict.defect, whole.verdict.defect) << which;
    EXPECT_EQ(divided.verdict.iterations, whole.verdict.iterations) << which;
    EXPECT_EQ(divided.verdict.final_state, whole.verdict.final_state) << which;
    EXPECT_EQ(divided.verdict.other_defects, whole.verdict.other_defects) << which;
    EXPECT_EQ(divided.verdict.search, whole.verdict.search) << which;
    EXPECT_EQ(divided.replay, whole.replay) << which;
  }
  // Fewer than two ranges' iterations: searched whole.
  SearchOverrides few;
  few.iterations = 99999;
  EXPECT_EQ(run_one(random_item(std::nullopt), 2, 100, few).verdict.pieces, 0u);
}

// A stand-in property of 400 scenarios: scenario `fails` (from 1) fails and shrinks in 5
// candidates; each scenario explores 10 executions, a shrink candidate 2.
Entry property_item(std::optional<std::uint64_t> fails) {
  Entry e;
  e.id = "property";
  e.kind = Kind::property;
  e.threads = 3;
  e.defaults.iterations = 400;
  e.run = [fails](const SearchSettings& s) {
    IterationRange r{1, s.iterations};
    if (!s.piece.empty()) r = parse_range(s.piece).value();
    if (fails && *fails >= r.first && *fails <= r.last) {
      Verdict v = property_failed(*fails - r.first + 1, (*fails - r.first + 1) * 10 + 5 * 2);
      v.shrink_candidates = 5;
      return v;
    }
    return property_searched(r.last - r.first + 1, (r.last - r.first + 1) * 10);
  };
  e.expected = Expectation::fails_with("DEADLOCK");
  return e;
}

TEST(DividedRun, APropertyRunsItsScenariosInRangesWithTheUndividedResult) {
  for (const std::optional<std::uint64_t> fails :
       {std::optional<std::uint64_t>{}, std::optional<std::uint64_t>{1},
        std::optional<std::uint64_t>{333}}) {
    const Entry e = property_item(fails);
    const Result whole = run_one(e, 1);
    const Result divided = run_one(e, 2);
    const std::string which = fails ? std::to_string(*fails) : "none";
    EXPECT_EQ(whole.verdict.pieces, 0u) << which;
    EXPECT_EQ(divided.verdict.pieces, 4u) << which;  // 400 in ranges of 100
    EXPECT_EQ(divided.outcome, whole.outcome) << which << ": " << divided.message;
    EXPECT_EQ(divided.verdict.defect, whole.verdict.defect) << which;
    EXPECT_EQ(divided.verdict.scenarios, whole.verdict.scenarios) << which;
    EXPECT_EQ(divided.verdict.iterations, whole.verdict.iterations) << which;
    EXPECT_EQ(divided.verdict.shrink_candidates, whole.verdict.shrink_candidates) << which;
    EXPECT_EQ(divided.verdict.reproduce, whole.verdict.reproduce) << which;
    EXPECT_EQ(divided.replay, whole.replay) << which;
  }
  // Fewer than two pieces' scenarios, or a replay of one: searched whole.
  SearchOverrides few;
  few.iterations = 199;
  EXPECT_EQ(run_one(property_item(std::nullopt), 2, 100, few).verdict.pieces, 0u);
  SearchOverrides replay;
  replay.reproduce = "BCDE";
  EXPECT_EQ(run_one(property_item(std::nullopt), 2, 100, replay).verdict.pieces, 0u);
}

}  // namespace division_test
}  // namespace interleave::harness
