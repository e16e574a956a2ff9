// `interleave run --jobs 2` divides an item's search that goes on past its first 100000
// executions into pieces searched side by side, and reports what the undivided search reports:
// the same iterations and search end, with the number of pieces in the console and results.json.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
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

Ran run_with_jobs(unsigned jobs) {
  const fs::path dir = fs::temp_directory_path() / ("interleave-divided-" + std::to_string(jobs) +
                                                    "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto ran = interleave_test::run_command(std::string(INTERLEAVE_BINARY) + " run --filter " + item +
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

}  // namespace divided_run_test
