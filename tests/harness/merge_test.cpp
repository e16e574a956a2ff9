// merge is a gate too: shards join into one report only when they are one whole run.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "interleave/harness/merge.hpp"

namespace interleave::harness {
namespace merge_test {

const std::vector<std::string> selection = {"a/one", "a/two", "b/three", "b/four", "c/five"};

// Shard `index` of `total` of a run over `selected`, as `run --shard` reports it.
ShardReport shard(unsigned index, unsigned total, std::vector<std::string> selected = selection,
                  std::string settings = "profile=quick") {
  ShardReport s;
  s.file = fmt::format("shard{}.json", index);
  s.run.shard = total == 1 ? "" : fmt::format("{}/{}", index, total);
  s.run.selected = selected;
  s.run.settings = std::move(settings);
  s.run.seconds = index + 1.0;
  for (std::size_t i = index; i < selected.size(); i += total) {
    Result r;
    r.id = selected[i];
    r.outcome = Outcome::pass;
    s.results.push_back(r);
  }
  return s;
}

std::vector<std::string> ids(const std::vector<Result>& results) {
  std::vector<std::string> out;
  for (const auto& r : results) out.push_back(r.id);
  return out;
}

std::string refusal(const std::vector<ShardReport>& shards) {
  try {
    (void)merge_shards(shards, false);
  } catch (const MergeRefused& e) {
    return e.what();
  }
  return "(merged)";
}

TEST(Merge, a_whole_run_merges_in_registration_order_whatever_the_file_order) {
  const MergedRun m = merge_shards({shard(2, 3), shard(0, 3), shard(1, 3)}, false);
  EXPECT_EQ(ids(m.results), selection);
  EXPECT_TRUE(m.run.partial.empty());
  EXPECT_EQ(m.run.selected, selection);
  EXPECT_EQ(m.run.settings, "profile=quick");
  EXPECT_EQ(m.run.seconds, 3.0);  // shards run side by side: the slowest one
}

TEST(Merge, an_unsharded_report_is_a_whole_run_on_its_own) {
  EXPECT_EQ(ids(merge_shards({shard(0, 1)}, false).results), selection);
}

TEST(Merge, refuses_a_missing_shard_and_names_it) {
  const std::string why = refusal({shard(0, 3), shard(1, 3)});
  EXPECT_NE(why.find("incomplete shard set: 2/3 is missing"), std::string::npos) << why;
  EXPECT_NE(why.find("--allow-partial"), std::string::npos) << why;
}

TEST(Merge, refuses_the_same_shard_twice) {
  const std::string why = refusal({shard(0, 2), shard(0, 2), shard(1, 2)});
  EXPECT_NE(why.find("overlapping shards: shard 0/2 is both shard0.json and shard0.json"),
            std::string::npos)
      << why;
}

TEST(Merge, refuses_shards_of_different_totals) {
  const std::string why = refusal({shard(0, 2), shard(1, 3)});
  EXPECT_NE(why.find("mixed shard sets: shard0.json is shard 0/2 but shard1.json is shard 1/3"),
            std::string::npos)
      << why;
}

TEST(Merge, refuses_shards_of_different_selections) {
  const std::string why =
      refusal({shard(0, 2), shard(1, 2, {"a/one", "a/two", "b/three", "b/four"})});
  EXPECT_NE(why.find("selected different items"), std::string::npos) << why;
}

TEST(Merge, refuses_shards_run_with_different_settings) {
  const std::string why = refusal({shard(0, 2), shard(1, 2, selection, "iterations=5")});
  EXPECT_NE(why.find("ran with 'profile=quick' but shard1.json with 'iterations=5'"),
            std::string::npos)
      << why;
}

TEST(Merge, refuses_a_report_that_does_not_hold_its_shards_items) {
  ShardReport edited = shard(1, 2);
  edited.results.pop_back();  // an item lost from the file
  const std::string why = refusal({shard(0, 2), edited});
  EXPECT_NE(
      why.find("shard1.json says it is shard 1/2 but does not hold exactly that shard's items"),
      std::string::npos)
      << why;
}

TEST(Merge, refuses_a_report_that_does_not_say_what_was_selected) {
  ShardReport old = shard(0, 1);
  old.run.selected.clear();
  EXPECT_NE(refusal({old}).find("does not say what its run selected"), std::string::npos);
}

TEST(Merge, refuses_a_malformed_shard_even_when_partial_is_allowed) {
  ShardReport bad = shard(0, 2);
  bad.run.shard = "3/2";
  EXPECT_THROW((void)merge_shards({bad}, true), MergeRefused);
}

TEST(Merge, allow_partial_merges_and_marks_the_missing_items_not_run) {
  const MergedRun m = merge_shards({shard(0, 3), shard(2, 3)}, true);
  EXPECT_EQ(ids(m.results), selection);
  EXPECT_NE(m.run.partial.find("incomplete shard set: 1/3 is missing"), std::string::npos)
      << m.run.partial;
  for (const auto& r : m.results) {
    const bool in_shard_1 = r.id == "a/two" || r.id == "c/five";
    EXPECT_EQ(r.outcome, in_shard_1 ? Outcome::not_run : Outcome::pass) << r.id;
  }
}

}  // namespace merge_test
}  // namespace interleave::harness
