// Every result Relacy can give, named as Relacy names it, expected in a registration and
// reported through the real runner: models/results.cpp holds one small model per result, and
// this test runs them with the `interleave` command they make (each in its own child process,
// as any user's run) and reads its console and results.json.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "interleave/harness/registry.hpp"
#include "interleave_test/command.hpp"
#include "relacy_names.hpp"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct Ran : interleave_test::Ran {
  std::map<std::string, json> results;  // by id, from results.json
};

Ran run(const std::string& args) {
  const fs::path dir =
      fs::temp_directory_path() / ("interleave-relacy-results-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string cmd = std::string(INTERLEAVE_RESULTS_BINARY) + " " + args + " --report-dir " +
                          dir.string() + " --format json 2>&1";
  Ran r{interleave_test::run_command(cmd)};
  if (std::ifstream in(dir / "results.json"); in) {
    const json doc = json::parse(in);
    for (const auto& res : doc["results"]) r.results[res["id"]] = res;
  }
  fs::remove_all(dir);
  return r;
}

TEST(RelacyResults, the_harness_names_every_result_as_relacy_does) {
  EXPECT_EQ(interleave::harness::relacy_results(), interleave::test::relacy_result_names());
}

TEST(RelacyResults, each_result_is_expected_in_a_registration_and_reported_as_such) {
  const Ran r = run("run --jobs 2 --filter 'result/*'");
  ASSERT_EQ(r.status, 0) << r.output;
  // One model per result, but INCONSISTENT TEST SUITE: named by Relacy, raised nowhere in it.
  for (const auto& name : interleave::harness::relacy_results()) {
    if (name == "INCONSISTENT TEST SUITE") continue;
    const bool modelled = std::any_of(r.results.begin(), r.results.end(), [&](const auto& kv) {
      return kv.second["expected_defect"] == name;
    });
    EXPECT_TRUE(modelled) << "no model expects " << name;
  }
  for (const auto& [id, res] : r.results) {
    if (id == "result/success") {
      EXPECT_EQ(res["outcome"], "pass") << res.dump();
      EXPECT_EQ(res["search"], "complete") << res.dump();
      continue;
    }
    EXPECT_EQ(res["outcome"], "expected-failure") << res.dump();
    EXPECT_EQ(res["defect"], res["expected_defect"]) << res.dump();
    EXPECT_EQ(res["search"], "stopped at the first defect") << id;
    EXPECT_FALSE(res["trace"].empty()) << id;
  }
  EXPECT_NE(r.output.find("found at iteration 1, search stopped at the first defect"),
            std::string::npos)
      << r.output;
}

TEST(RelacyResults, a_models_until_condition_is_a_result_and_the_budget_is_not) {
  // Hit after a preemption: the first iteration of the bound search does not meet it.
  const Ran hit = run("run --filter result/until-condition-hit");
  ASSERT_EQ(hit.status, 0) << hit.output;
  const json& h = hit.results.at("result/until-condition-hit");
  EXPECT_EQ(h["defect"], "UNTIL CONDITION HIT");
  EXPECT_GT(h["iterations"].get<int>(), 1);
  // A budget that ends the search before the condition holds is the budget, not the condition.
  const Ran cut = run("run --filter result/until-condition-hit --iterations 1");
  EXPECT_EQ(cut.status, 1) << cut.output;
  const json& c = cut.results.at("result/until-condition-hit");
  EXPECT_EQ(c["outcome"], "unexpected-pass") << c.dump();
  EXPECT_EQ(c["search"], "budget exhausted");
  EXPECT_EQ(c["iterations"], 1);
  EXPECT_TRUE(c["defect"].is_null());
  // The replay line of the hit reproduces it.
  const std::string replay = h["replay"];
  const std::string args = replay.substr(replay.find(" replay ") + 1);
  const auto [status, out] =
      interleave_test::run_command(std::string(INTERLEAVE_RESULTS_BINARY) + " " + args + " 2>&1");
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("EXPECTED FAILURE  result/until-condition-hit  UNTIL CONDITION HIT"),
            std::string::npos)
      << out;
}

TEST(RelacyResults, what_is_not_a_pass_is_never_read_as_one) {
  const Ran r = run("run --jobs 2 --filter 'misread/*'");
  EXPECT_EQ(r.status, 1) << r.output;
  // RL_UNTIL never met: Relacy counts the test failed; the expectation was not met.
  const json& never = r.results.at("misread/until-never-hit");
  EXPECT_EQ(never["outcome"], "unexpected-pass") << never.dump();
  EXPECT_EQ(never["search"], "complete");
  // RL_UNTIL met by a model registered to pass: that is its result, a fail.
  const json& hit = r.results.at("misread/until-hit-registered-as-pass");
  EXPECT_EQ(hit["outcome"], "fail") << hit.dump();
  EXPECT_EQ(hit["defect"], "UNTIL CONDITION HIT");
  EXPECT_EQ(hit["search"], "stopped at the first defect");
  // A search for one defect that meets another it may not pass stops there.
  const json& other = r.results.at("misread/other-defect-first");
  EXPECT_EQ(other["outcome"], "fail") << other.dump();
  EXPECT_EQ(other["defect"], "MEMORY LEAK");
  EXPECT_TRUE(other["other_defects"].empty());
  EXPECT_NE(r.output.find("expected DATA RACE, got MEMORY LEAK"), std::string::npos) << r.output;
}

TEST(RelacyResults, a_search_passes_only_the_defects_its_registration_names) {
  const Ran r = run("run --filter 'passing/*'");
  ASSERT_EQ(r.status, 0) << r.output;
  const json& res = r.results.at("passing/leak-on-the-way-to-race");
  EXPECT_EQ(res["outcome"], "expected-failure") << res.dump();
  EXPECT_EQ(res["defect"], "DATA RACE");
  EXPECT_EQ(res["may_pass"], json::array({"MEMORY LEAK"}));
  ASSERT_EQ(res["other_defects"].size(), 1u) << res.dump();
  EXPECT_EQ(res["other_defects"][0].get<std::string>().rfind("MEMORY LEAK in ", 0), 0u);
  EXPECT_NE(r.output.find("(searched past: MEMORY LEAK in "), std::string::npos) << r.output;
}

TEST(RelacyResults, a_suites_declared_result_must_match_its_registration) {
  const auto problems = interleave::test::problems_of_a_declared_result_registered_as_pass();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("'until/registered-as-pass' is registered as 'pass', but its suite "
                             "declares that it ends with UNTIL CONDITION HIT"),
            std::string::npos)
      << problems[0];
}

}  // namespace
