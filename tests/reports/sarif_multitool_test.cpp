// results.sarif as GitHub code scanning takes it: Microsoft's SARIF multitool (the npm package
// @microsoft/sarif-multitool at the version tools/sarif/package-lock.json pins, installed by
// scripts/setup) validates rendered documents against the SARIF 2.1.0 schema and its rules,
// GitHub's own (GH1xxx, GH2xxx: what the code-scanning upload requires) included. An error or a
// warning fails the test; notes (advice such as code snippets) do not. The same check of a
// document without the rules' descriptions must fail, so the gate is shown to bite.
//
// Skipped, saying so, where the multitool is not installed (scripts/setup installs it; CI runs
// scripts/setup first).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "interleave/reports/report.hpp"
#include "report_fixtures.hpp"

namespace interleave::reports {
namespace sarif_multitool_test {

using namespace fixtures;
using json = nlohmann::json;
namespace fs = std::filesystem;

const fs::path multitool = INTERLEAVE_SARIF_MULTITOOL;

struct Validation {
  int status = -1;     // the multitool's exit status
  std::string output;  // what it printed: one line per finding, "file(line,col): level ID: text"
  json findings;       // its SARIF log's results: errors and warnings only
};

// Runs `validate` with the SARIF and GitHub rule kinds on `sarif`.
Validation validate(const fs::path& sarif, const fs::path& work) {
  const fs::path log = work / "validation.sarif";
  const fs::path printed = work / "validation.txt";
  const std::string command =
      "'" + multitool.string() + "' validate --rule-kind 'Sarif;Gh' --level 'Error;Warning' -o '" +
      log.string() + "' '" + sarif.string() + "' > '" + printed.string() + "' 2>&1";
  Validation v;
  const int raw = std::system(command.c_str());
  v.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  v.output = read_text(printed);
  if (fs::exists(log)) v.findings = json::parse(read_text(log))["runs"][0]["results"];
  return v;
}

// Each result with the line that registered its item, as the runner hands every result over
// (a result without a trace points there: GitHub requires a location for every result).
std::vector<Result> registered(std::vector<Result> results) {
  int line = 10;
  for (auto& r : results) {
    r.file = "models/mutex.cpp";
    r.line = line++;
  }
  return results;
}

std::vector<Result> every_kind_of_finding() {
  std::vector<Result> results = every_outcome();
  auto property = fail();  // a property's own failure name, which no rule table knows
  property.id = "channel/property/unbounded";
  property.verdict.defect = "NOT LINEARIZABLE";
  results.push_back(property);
  return registered(results);
}

class SarifMultitool : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(multitool))
      GTEST_SKIP() << "the SARIF multitool is not installed (" << multitool
                   << "): run scripts/setup";
  }
  TempDir dir_;
};

TEST_F(SarifMultitool, accepts_every_kind_of_finding_with_githubs_rules) {
  write_sarif(dir_.path(), run_info("interleave run --format sarif", 1.0), every_kind_of_finding());
  const Validation v = validate(dir_.path() / "results.sarif", dir_.path());
  ASSERT_EQ(v.status, 0) << v.output;
  ASSERT_TRUE(v.findings.is_array()) << "the multitool wrote no log:\n" << v.output;
  EXPECT_TRUE(v.findings.empty()) << v.output;
}

TEST_F(SarifMultitool, accepts_an_interrupted_run) {
  RunInfo run = run_info("interleave run --format sarif", 2.0);
  run.interrupted = "SIGINT";
  write_sarif(dir_.path(), run, registered(interrupted_results()));
  const Validation v = validate(dir_.path() / "results.sarif", dir_.path());
  ASSERT_EQ(v.status, 0) << v.output;
  ASSERT_TRUE(v.findings.is_array()) << v.output;
  EXPECT_TRUE(v.findings.empty()) << v.output;
}

TEST_F(SarifMultitool, accepts_the_sources_of_a_github_actions_run) {
  RunInfo run = run_info("interleave run --format sarif", 1.0);
  run.sources = {"/home/runner/work/r/r", "https://github.com/o/r/blob/abc/",
                 "https://github.com/o/r", "0123456789abcdef0123456789abcdef01234567", "main"};
  write_sarif(dir_.path(), run, every_kind_of_finding());
  const Validation v = validate(dir_.path() / "results.sarif", dir_.path());
  ASSERT_EQ(v.status, 0) << v.output;
  ASSERT_TRUE(v.findings.is_array()) << v.output;
  EXPECT_TRUE(v.findings.empty()) << v.output;
}

// The check can fail: rules without the descriptions GitHub requires are refused (GH2012).
TEST_F(SarifMultitool, refuses_rules_without_the_descriptions_github_requires) {
  write_sarif(dir_.path(), run_info("interleave run --format sarif", 1.0),
              registered(every_outcome()));
  json doc = json::parse(read_text(dir_.path() / "results.sarif"));
  for (auto& rule : doc["runs"][0]["tool"]["driver"]["rules"]) {
    rule.erase("fullDescription");
    rule.erase("help");
  }
  const fs::path broken = dir_.path() / "broken.sarif";
  std::ofstream(broken) << doc.dump(2);
  const Validation v = validate(broken, dir_.path());
  ASSERT_EQ(v.status, 0) << v.output;
  ASSERT_TRUE(v.findings.is_array()) << v.output;
  std::size_t gh2012 = 0;
  for (const auto& f : v.findings) gh2012 += f.value("ruleId", "") == "GH2012";
  EXPECT_GE(gh2012, doc["runs"][0]["tool"]["driver"]["rules"].size()) << v.output;
}

}  // namespace sarif_multitool_test
}  // namespace interleave::reports
