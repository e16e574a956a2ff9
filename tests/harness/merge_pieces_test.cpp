// merge joins the pieces of a divided search that a sharded run spread over its shards
// (shard_run.hpp) into the item's one result, and refuses a set with a piece missing.
#include <gtest/gtest.h>

#include <algorithm>

#include <fmt/format.h>

#include "interleave/harness/merge.hpp"
#include "interleave/harness/replay_input.hpp"
#include "shard_run.hpp"

namespace interleave::harness {
namespace merge_pieces_test {

// A run of "a/whole" and "b/divided", the second cut into 3 pieces; shard I of 2 holds units I,
// I+2, ... of "a/whole" and the pieces in dealing order (piece_order).
constexpr std::size_t cut = 3;

// The shard that holds piece `index`.
unsigned shard_of(std::size_t index) {
  const auto order = piece_order("b/divided", cut);
  const auto at = std::find(order.begin(), order.end(), index) - order.begin();
  return static_cast<unsigned>((1 + at) % 2);
}

std::string piece_state(std::size_t index) {
  return state_text({1, {Decision{3, static_cast<std::uint32_t>(index), 0}}});
}

Result piece(std::size_t index, Verdict v) {
  Result r;
  r.id = "b/divided";
  r.threads = 3;
  r.expected = Expectation::fails_with("DATA RACE");
  r.settings.scheduler = Scheduler::bound;
  r.settings.iterations = 0;
  r.settings.piece = piece_state(index);
  r.settings.piece_index = index;
  r.settings.piece_count = cut;
  r.verdict = std::move(v);
  r.outcome = r.verdict.defect.empty() ? Outcome::pass : Outcome::expected_failure;
  r.seconds = 1;
  r.replay = "interleave run --filter b/divided --scheduler bound --iterations 0 --context-bound 2";
  return r;
}

Verdict complete(std::uint64_t iterations) {
  Verdict v;
  v.iterations = iterations;
  v.search = SearchEnd::complete;
  return v;
}

Result race_in(std::size_t index, std::uint64_t at) {
  Verdict v;
  v.defect = "DATA RACE";
  v.iterations = at;
  v.search = SearchEnd::stopped;
  v.final_state = state_text({at, {Decision{3, static_cast<std::uint32_t>(index), 0}}});
  Result r = piece(index, v);
  r.replay = "interleave replay b/divided --scheduler bound --context-bound 2 --state '" +
             v.final_state + "'";
  return r;
}

std::vector<ShardReport> shards(std::vector<Result> pieces) {
  std::vector<ShardReport> out(2);
  for (unsigned i = 0; i < 2; ++i) {
    out[i].file = fmt::format("shard{}.json", i);
    out[i].run.shard = fmt::format("{}/2", i);
    out[i].run.selected = {"a/whole", "b/divided"};
    out[i].run.divided = {{"b/divided", cut}};
  }
  Result whole;
  whole.id = "a/whole";
  whole.outcome = Outcome::pass;
  out[0].results.push_back(whole);
  for (auto& p : pieces) out[shard_of(p.settings.piece_index)].results.push_back(std::move(p));
  for (auto& s : out)  // each shard's units in dealing order
    std::stable_sort(s.results.begin(), s.results.end(), [](const Result& a, const Result& b) {
      const auto order = piece_order("b/divided", cut);
      const auto at = [&](const Result& r) {
        return r.settings.piece_count == 0
                   ? -1
                   : std::find(order.begin(), order.end(), r.settings.piece_index) - order.begin();
      };
      return at(a) < at(b);
    });
  return out;
}

TEST(MergePieces, joins_the_pieces_into_the_result_of_the_undivided_search) {
  const MergedRun m =
      merge_shards(shards({piece(0, complete(4)), race_in(1, 2), piece(2, complete(5))}), false);
  ASSERT_EQ(m.results.size(), 2u);
  const Result& r = m.results[1];
  EXPECT_EQ(r.id, "b/divided");
  EXPECT_EQ(r.outcome, Outcome::expected_failure) << r.message;
  EXPECT_EQ(r.verdict.iterations, 6u);  // 4 in piece 1, then the second of piece 2
  EXPECT_EQ(r.verdict.pieces, cut);
  EXPECT_TRUE(r.settings.piece.empty());
  EXPECT_EQ(r.settings.piece_count, 0u);
  const std::string state = state_text({6, {Decision{3, 1, 0}}});
  EXPECT_EQ(r.verdict.final_state, state);
  EXPECT_EQ(r.replay, "interleave replay b/divided --scheduler bound --context-bound 2 --state '" +
                          state + "'");
  EXPECT_EQ(r.seconds, 3.0);  // its pieces' time, summed
}

TEST(MergePieces, a_control_whose_pieces_all_pass_is_an_unexpected_pass) {
  const MergedRun m = merge_shards(
      shards({piece(0, complete(4)), piece(1, complete(1)), piece(2, complete(5))}), false);
  const Result& r = m.results[1];
  EXPECT_EQ(r.outcome, Outcome::unexpected_pass);
  EXPECT_EQ(r.verdict.iterations, 10u);
  EXPECT_EQ(r.verdict.search, SearchEnd::complete);
}

TEST(MergePieces, a_piece_that_crashed_is_the_items_crash) {
  Result crashed = piece(2, Verdict{});
  crashed.outcome = Outcome::crash;
  crashed.message = "died on signal 11 (Segmentation fault)";
  const MergedRun m =
      merge_shards(shards({piece(0, complete(4)), piece(1, complete(1)), crashed}), false);
  const Result& r = m.results[1];
  EXPECT_EQ(r.outcome, Outcome::crash);
  EXPECT_NE(r.message.find("piece 3 of 3"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("signal 11"), std::string::npos) << r.message;
}

TEST(MergePieces, refuses_a_set_with_a_piece_missing_and_names_it) {
  auto set = shards({piece(0, complete(4)), piece(2, complete(5))});  // piece 2 of 3 lost
  try {
    (void)merge_shards(set, false);
    FAIL() << "merged";
  } catch (const MergeRefused& e) {
    const unsigned holder = shard_of(1);
    EXPECT_NE(std::string(e.what()).find(fmt::format(
                  "shard{0}.json says it is shard {0}/2 but does not hold exactly that shard's "
                  "items: 'b/divided [piece 2 of 3]' is missing",
                  holder)),
              std::string::npos)
        << e.what();
  }
  const MergedRun partial = merge_shards(set, true);
  const Result& r = partial.results[1];
  EXPECT_EQ(r.outcome, Outcome::not_run);
  EXPECT_NE(r.message.find("pieces 2 of 3 are missing"), std::string::npos) << r.message;
  EXPECT_FALSE(partial.run.partial.empty());
}

TEST(MergePieces, refuses_shards_that_cut_an_item_differently) {
  auto set = shards({piece(0, complete(4)), race_in(1, 2), piece(2, complete(5))});
  set[1].run.divided["b/divided"] = 4;
  try {
    (void)merge_shards(set, false);
    FAIL() << "merged";
  } catch (const MergeRefused& e) {
    EXPECT_NE(std::string(e.what()).find("mixed shard sets"), std::string::npos) << e.what();
  }
}

TEST(MergePieces, pieces_are_dealt_in_a_fixed_shuffle_that_spreads_sibling_subtrees) {
  const auto order = piece_order("channel/x", 256);
  EXPECT_EQ(order, piece_order("channel/x", 256));  // every shard and merge agree
  std::vector<std::size_t> sorted = order;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < sorted.size(); ++i) ASSERT_EQ(sorted[i], i) << "not a permutation";
  // The pieces of one residue mod 4 (alike siblings, in listing order) do not land on one of 4
  // shards: each shard gets a share near a quarter of them.
  for (std::size_t residue = 0; residue < 4; ++residue) {
    std::size_t per_shard[4] = {};
    for (std::size_t at = 0; at < order.size(); ++at)
      if (order[at] % 4 == residue) ++per_shard[at % 4];
    for (std::size_t count : per_shard) {
      EXPECT_GE(count, 8u) << "residue " << residue;
      EXPECT_LE(count, 24u) << "residue " << residue;
    }
  }
}

}  // namespace merge_pieces_test
}  // namespace interleave::harness
