// `interleave run --prove-controls` over the project's own suite: every negative control fails
// with its expected defect, and every control that injects its fault into the library is
// followed by its twin, the same search over the sound backend, which passes. The twins that
// ran are exactly the controls `list` says inject a fault; a control that lost its twin, or a
// twin that fails (the defect is not the fault's doing), fails this test. Quick profile: the
// whole proof takes seconds.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "interleave_test/command.hpp"

namespace prove_controls_test {

namespace fs = std::filesystem;
using json = nlohmann::json;

std::string output_of(const std::string& args, int& status) {
  auto ran = interleave_test::run_command(std::string(INTERLEAVE_BINARY) + " " + args + " 2>&1");
  status = ran.status;
  return std::move(ran.output);
}

// The ids `list` marks with `word` in its control column.
std::set<std::string> listed_as(const std::string& listing, const std::string& word) {
  std::set<std::string> ids;
  std::istringstream in(listing);
  for (std::string line; std::getline(in, line);)
    if (line.find("  " + word + "  ") != std::string::npos)
      ids.insert(line.substr(0, line.find(' ')));
  return ids;
}

TEST(ProveControls, every_control_fails_with_its_defect_and_passes_without_its_fault) {
  int status = -1;
  const std::string listing = output_of("list", status);
  ASSERT_EQ(status, 0) << listing;
  const std::set<std::string> injecting = listed_as(listing, "injects a fault");
  const std::set<std::string> demonstrations = listed_as(listing, "demonstration");
  ASSERT_FALSE(injecting.empty()) << listing;

  const fs::path dir =
      fs::temp_directory_path() / ("interleave-prove-controls-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string out = output_of(
      "run --prove-controls --profile quick --jobs 2 --report-dir " + dir.string(), status);
  EXPECT_EQ(status, 0) << out;
  std::ifstream in(dir / "results.json");
  ASSERT_TRUE(in) << out;
  const json results = json::parse(in)["results"];
  fs::remove_all(dir);

  std::set<std::string> with_twin, without_twin, twins;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const json& r = results[i];
    const std::string id = r["id"];
    if (!r["twin_of"].is_null()) {
      twins.insert(r["twin_of"].get<std::string>());
      continue;
    }
    ASSERT_FALSE(r["expected_defect"].is_null()) << id << " is no control, yet it ran";
    EXPECT_EQ(r["outcome"], "expected-failure") << r.dump(1);
    EXPECT_EQ(r["defect"], r["expected_defect"]) << id;
    if (!r["injects_fault"].get<bool>()) {
      without_twin.insert(id);
      continue;
    }
    with_twin.insert(id);
    ASSERT_LT(i + 1, results.size()) << id << " has no twin after it";
    const json& twin = results[i + 1];
    EXPECT_EQ(twin["id"], id + " [without fault]");
    EXPECT_EQ(twin["twin_of"], id);
    EXPECT_EQ(twin["outcome"], "pass") << "without its fault, " << id << " still fails:\n"
                                       << twin.dump(1);
    EXPECT_EQ(twin["scheduler"], r["scheduler"]) << id;
    EXPECT_EQ(twin["context_bound"], r["context_bound"]) << id;
    EXPECT_EQ(twin["iteration_budget"], r["iteration_budget"]) << id;
  }
  EXPECT_EQ(with_twin, injecting) << "the controls that ran with a twin are the ones list names";
  EXPECT_EQ(twins, injecting) << "one twin per control that injects a fault";
  EXPECT_EQ(without_twin, demonstrations);
}

}  // namespace prove_controls_test
