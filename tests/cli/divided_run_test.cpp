// `interleave run --jobs 2` divides an item's search that goes on past its first 100000
// executions into pieces searched side by side, and reports what the undivided search reports:
// the same iterations and search end, with the number of pieces in the console and results.json.
// `run --shard I/N` spreads the pieces of every divisible item over the shards, and `merge` joins
// them into the undivided results, or refuses a set with a piece missing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "interleave_test/command.hpp"

namespace divided_run_test {

namespace fs = std::filesystem;
using json = nlohmann::json;

// An item of the default suite with about 130000 executions: past the first 100000 (divided),
// yet a second's search.
constexpr const char* item = "channel/unbounded/disconnect-by-senders-drains-first";

struct Ran {
  int status = -1;
  std::string output;
  json result;
};

Ran run_with_jobs(unsigned jobs, const std::string& id = item) {
  const fs::path dir = fs::temp_directory_path() / ("interleave-divided-" + std::to_string(jobs) +
                                                    "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto ran = interleave_test::run_command(std::string(INTERLEAVE_BINARY) + " run --filter " + id +
                                          " --jobs " + std::to_string(jobs) + " --report-dir " +
                                          dir.string() + " 2>&1");
  Ran out{ran.status, std::move(ran.output), nullptr};
  std::ifstream in(dir / "results.json");
  if (in) out.result = json::parse(in)["results"].at(0);
  fs::remove_all(dir);
  return out;
}

TEST(DividedRun, two_jobs_search_one_item_in_pieces_with_the_undivided_result) {
  const Ran whole = run_with_jobs(1);
  const Ran divided = run_with_jobs(2);
  ASSERT_EQ(whole.status, 0) << whole.output;
  ASSERT_EQ(divided.status, 0) << divided.output;
  ASSERT_TRUE(divided.result.is_object()) << divided.output;
  EXPECT_FALSE(whole.result.contains("pieces")) << whole.result.dump(1);
  ASSERT_TRUE(divided.result.contains("pieces")) << divided.result.dump(1);
  EXPECT_GE(divided.result["pieces"].get<int>(), 128);  // pieces_per_job for each of 2 jobs
  EXPECT_EQ(divided.result["iterations"], whole.result["iterations"]);
  EXPECT_GT(whole.result["iterations"].get<std::uint64_t>(), 100000u);
  EXPECT_EQ(divided.result["search"], "complete");
  EXPECT_EQ(divided.result["outcome"], "pass");
  EXPECT_EQ(divided.result["replay"], whole.result["replay"]);
  EXPECT_NE(divided.output.find("divided into " +
                                std::to_string(divided.result["pieces"].get<int>()) + " pieces"),
            std::string::npos)
      << divided.output;
}

// Runs `id` with --jobs 1 and --jobs 2: both pass, the second is divided into at least
// `fewest_pieces`, and its result is the first's but for its times and its count of pieces.
// Returns the undivided result.
json expect_divided_as_whole(const std::string& id, int fewest_pieces) {
  Ran whole = run_with_jobs(1, id);
  Ran divided = run_with_jobs(2, id);
  EXPECT_EQ(whole.status, 0) << whole.output;
  EXPECT_EQ(divided.status, 0) << divided.output;
  EXPECT_TRUE(divided.result.is_object()) << divided.output;
  EXPECT_GE(divided.result.value("pieces", 0), fewest_pieces)
      << id << ": " << divided.result.dump(1);
  const json undivided = whole.result;
  for (auto* r : {&whole.result, &divided.result})
    for (const char* time_or_pieces : {"seconds", "seconds_to_find", "pieces"})
      r->erase(time_or_pieces);
  EXPECT_EQ(divided.result, whole.result) << id;
  return undivided;
}

// A random search is divided by its iterations (ranges of 50000): a control that passes leaks on
// its way to a double free, and a search that passes.
TEST(DividedRun, a_random_search_runs_in_ranges_of_iterations_with_the_undivided_result) {
  for (const std::string id : {"rc/double-free", "channel/unbounded/two-producers-no-loss/random"})
    EXPECT_EQ(expect_divided_as_whole(id, 2)["scheduler"], "random") << id;
}

// A property is divided by its scenarios (ranges of 100): the classic bug, found in its ninth
// piece of forty and shrunk there, and a property that passes. Each result is the undivided one:
// the same scenarios, iterations, shrunk scenario, reproduce string and replay.
TEST(DividedRun, a_property_runs_in_ranges_of_scenarios_with_the_undivided_result) {
  for (const std::string id :
       {"rc/property/shared-across-threads", "channel/property/rendezvous"}) {
    const json whole = expect_divided_as_whole(id, 4);
    EXPECT_EQ(whole["kind"], "property") << id;
    EXPECT_GT(whole["scenarios"].get<int>(), 100) << id;  // past the first piece
  }
}

std::string run_in(const fs::path& dir, const std::string& args, int& status) {
  auto ran = interleave_test::run_command(std::string(INTERLEAVE_BINARY) + " " + args +
                                          " --report-dir " + dir.string() + " 2>&1");
  status = ran.status;
  return std::move(ran.output);
}

json results_in(const fs::path& dir) {
  std::ifstream in(dir / "results.json");
  return in ? json::parse(in) : json(nullptr);
}

TEST(ShardedPieces, four_shards_hold_the_pieces_and_merge_joins_them_into_the_undivided_results) {
  const fs::path root =
      fs::temp_directory_path() / ("interleave-sharded-pieces-" + std::to_string(::getpid()));
  fs::remove_all(root);
  // A passing item and a negative control, both past 100000 executions' worth of budget, and a
  // property's negative control whose failure is in its second piece of scenarios.
  const std::string filter =
      " --filter 'channel/unbounded/disconnect-by-senders-drains-first:"
      "channel/negative/bounded/notify-after-unlock:"
      "channel/property/negative/bounded/given-back-claim-wakes-nobody' --jobs 2 --quiet";
  int status = -1;
  const std::string whole_out = run_in(root / "whole", "run" + filter, status);
  ASSERT_EQ(status, 0) << whole_out;
  std::string files;
  for (int i = 0; i < 4; ++i) {
    const fs::path dir = root / ("shard" + std::to_string(i));
    const std::string out =
        run_in(dir, "run" + filter + " --shard " + std::to_string(i) + "/4", status);
    ASSERT_EQ(status, 0) << out;
    const json shard = results_in(dir);
    ASSERT_TRUE(shard.is_object()) << out;
    // Every shard cut the three items alike, and holds pieces of each.
    ASSERT_EQ(shard["divided"].size(), 3u) << shard["divided"].dump();
    std::map<std::string, int> pieces_held;
    for (const auto& r : shard["results"]) {
      ASSERT_TRUE(r.contains("piece")) << r.dump(1);
      EXPECT_EQ(r["piece"]["count"], shard["divided"][r["id"].get<std::string>()]);
      ++pieces_held[r["id"]];
    }
    EXPECT_EQ(pieces_held.size(), 3u);
    files += " " + (dir / "results.json").string();
  }
  const std::string merged_out = run_in(root / "merged", "merge" + files, status);
  ASSERT_EQ(status, 0) << merged_out;
  const json whole = results_in(root / "whole")["results"];
  const json merged = results_in(root / "merged")["results"];
  ASSERT_EQ(merged.size(), whole.size());
  for (std::size_t i = 0; i < whole.size(); ++i) {
    const json& w = whole[i];
    const json& m = merged[i];
    EXPECT_EQ(m["id"], w["id"]);
    EXPECT_EQ(m["outcome"], w["outcome"]) << m.dump(1);
    EXPECT_EQ(m["iterations"], w["iterations"]) << m["id"];
    EXPECT_EQ(m["search"], w["search"]) << m["id"];
    EXPECT_EQ(m.value("state", ""), w.value("state", "")) << m["id"];
    EXPECT_EQ(m["replay"], w["replay"]) << m["id"];
    EXPECT_FALSE(m.contains("piece"));
    EXPECT_GT(m["pieces"].get<int>(), 1) << m["id"];
  }
  EXPECT_EQ(merged[1]["outcome"], "expected-failure");
  ASSERT_EQ(whole[2]["kind"], "property");
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (whole[i]["kind"] != "property") continue;
    EXPECT_EQ(merged[i]["outcome"], "expected-failure") << merged[i].dump(1);
    EXPECT_EQ(merged[i]["pieces"], 4);
    EXPECT_GT(whole[i]["scenarios"].get<int>(), 100);  // found in the second piece
    for (const char* field : {"scenarios", "shrink_candidates", "reproduce", "scenario"})
      EXPECT_EQ(merged[i][field], whole[i][field]) << field;
  }

  // One piece's result lost from shard 2: merge refuses, naming the piece.
  json edited = results_in(root / "shard2");
  const json lost = edited["results"][0];
  edited["results"].erase(0);
  std::ofstream(root / "shard2" / "results.json") << edited.dump();
  const std::string refused = run_in(root / "refused", "merge" + files, status);
  EXPECT_EQ(status, 2) << refused;
  const std::string name = lost["id"].get<std::string>() + " [piece " +
                           std::to_string(lost["piece"]["index"].get<int>() + 1) + " of " +
                           std::to_string(lost["piece"]["count"].get<int>()) + "]";
  EXPECT_NE(refused.find("'" + name + "' is missing"), std::string::npos) << refused;
  fs::remove_all(root);
}

}  // namespace divided_run_test
