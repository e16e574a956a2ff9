// results.sarif: SARIF 2.1.0 that code-scanning tools accept, with one result per unexpected
// outcome and the interleaving as thread flows.
//
// `sarif_problems` (sarif_validator.hpp) checks the rules of the SARIF 2.1.0 specification that a
// viewer depends on (no schema file is installed on the machine, so the rules are written out
// here); it is itself shown to reject broken documents.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "interleave/reports/report.hpp"
#include "interleave/version.hpp"
#include "report_fixtures.hpp"
#include "sarif_validator.hpp"

namespace interleave::reports {
namespace sarif_test {

using namespace fixtures;
using json = nlohmann::json;

using validation::sarif_problems;

// --- rendering ----------------------------------------------------------------------------------

json render(const std::vector<harness::Result>& results) {
  return json::parse(fixtures::render_with(write_sarif, "results.sarif", results,
                                           RunInfo{"interleave run --format sarif", 1.0, ""}));
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

std::vector<long long> execution_orders(const json& flow) {
  std::vector<long long> v;
  for (const auto& l : flow["locations"]) v.push_back(l["executionOrder"]);
  return v;
}

TEST(Sarif, every_outcome_renders_a_valid_document_with_one_result_per_unexpected_outcome) {
  const auto doc = render(every_outcome());
  const auto problems = sarif_problems(doc);
  EXPECT_TRUE(problems.empty()) << joined(problems);
  EXPECT_EQ(doc["runs"][0]["tool"]["driver"]["name"], "interleave");
  std::vector<std::string> ids;
  for (const auto& r : doc["runs"][0]["results"]) ids.push_back(r["properties"]["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"mutex/negative/forgets-to-lock",
                                           "mutex/negative/shared-exception-state",
                                           "channel/aborts", "channel/hangs"}));
  std::vector<std::string> rules;
  for (const auto& r : doc["runs"][0]["tool"]["driver"]["rules"]) rules.push_back(r["id"]);
  EXPECT_EQ(rules, (std::vector<std::string>{"DATA-RACE", "UNEXPECTED-PASS", "CRASH", "TIMEOUT"}));
}

TEST(Sarif, passes_and_expected_failures_produce_no_results) {
  const auto doc = render({pass(), expected_failure()});
  EXPECT_TRUE(sarif_problems(doc).empty()) << joined(sarif_problems(doc));
  EXPECT_TRUE(doc["runs"][0]["results"].empty());
  EXPECT_TRUE(doc["runs"][0]["tool"]["driver"]["rules"].empty());
}

TEST(Sarif, a_failure_points_at_its_failing_step_and_names_defect_id_and_replay) {
  const auto doc = render({fail()});
  ASSERT_TRUE(sarif_problems(doc).empty()) << joined(sarif_problems(doc));
  const auto& r = doc["runs"][0]["results"][0];
  EXPECT_EQ(r["ruleId"], "DATA-RACE");
  EXPECT_EQ(r["level"], "error");
  const std::string text = r["message"]["text"];
  EXPECT_EQ(
      text.find("mutex/negative/forgets-to-lock: DATA RACE: data race detected, expected pass "
                "(bound 2, found at iteration 1000, search stopped at the first defect)."),
      0u)
      << text;  // the fixture's detail lacks the defect's name, so it is put in front
  for (const char* part : {"DATA RACE", "mutex/negative/forgets-to-lock",
                           "interleave replay mutex/negative/forgets-to-lock --scheduler bound"})
    EXPECT_NE(text.find(part), std::string::npos) << part << " not in: " << text;
  ASSERT_EQ(r["locations"].size(), 1u);
  EXPECT_EQ(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "models/mutex.cpp");
  EXPECT_EQ(r["locations"][0]["physicalLocation"]["region"]["startLine"], 41);
  EXPECT_EQ(r["properties"]["state"], "0 1 0 ");
}

TEST(Sarif, relacys_detail_that_already_names_the_defect_is_not_repeated) {
  auto r = fail();
  r.verdict.detail = "DATA RACE (data race detected)";
  const auto doc = render({r});
  const std::string text = doc["runs"][0]["results"][0]["message"]["text"];
  EXPECT_EQ(
      text.find("mutex/negative/forgets-to-lock: DATA RACE (data race detected), expected pass ("),
      0u)
      << text;
}

TEST(Sarif,
     the_interleaving_is_one_thread_flow_per_thread_in_execution_order_without_relacy_markers) {
  const auto doc = render({fail()});
  const auto& flows = doc["runs"][0]["results"][0]["codeFlows"];
  ASSERT_EQ(flows.size(), 1u);
  const auto& threads = flows[0]["threadFlows"];
  ASSERT_EQ(threads.size(), 2u);  // threads 0 and 1
  EXPECT_EQ(threads[0]["id"], "T0");
  EXPECT_EQ(threads[1]["id"], "T1");
  // Steps 0 and 4 are Relacy's own markers in /usr/include/relacy: dropped.
  EXPECT_EQ(execution_orders(threads[0]), (std::vector<long long>{1, 3, 5}));
  EXPECT_EQ(execution_orders(threads[1]), (std::vector<long long>{2, 6}));
  const auto& step = threads[0]["locations"][1]["location"];
  EXPECT_EQ(step["physicalLocation"]["artifactLocation"]["uri"],
            "lib/include/interleave/mutex.hpp");
  EXPECT_EQ(step["physicalLocation"]["region"]["startLine"], 120);
  EXPECT_EQ(step["message"]["text"], "atomic store, value=1, order=release");
  EXPECT_EQ(step["logicalLocations"][0]["fullyQualifiedName"], "flag::raise");
}

TEST(Sarif, results_without_a_trace_have_no_location_or_flow) {
  const auto doc = render({unexpected_pass(), crash(), timeout()});
  ASSERT_TRUE(sarif_problems(doc).empty()) << joined(sarif_problems(doc));
  for (const auto& r : doc["runs"][0]["results"]) {
    EXPECT_FALSE(r.contains("locations"));
    EXPECT_FALSE(r.contains("codeFlows"));
  }
  const std::string text = doc["runs"][0]["results"][0]["message"]["text"];
  EXPECT_NE(text.find("expected to fail with USER ASSERT FAILED"), std::string::npos) << text;
  EXPECT_NE(std::string(doc["runs"][0]["results"][1]["message"]["text"]).find("killed by signal 6"),
            std::string::npos);
}

TEST(Sarif, one_rule_per_defect_kind_however_many_results_show_it) {
  auto other = fail();
  other.id = "rwlock/negative/writer-ignores-readers";
  auto different = fail();
  different.id = "arc/negative/relaxed-drop-without-fence";
  different.verdict.defect = "USER ASSERT FAILED";
  different.verdict.search = harness::SearchEnd::stopped;
  const auto doc = render({fail(), other, different});
  ASSERT_TRUE(sarif_problems(doc).empty()) << joined(sarif_problems(doc));
  const auto& rules = doc["runs"][0]["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[1]["id"], "USER-ASSERT-FAILED");
  EXPECT_FALSE(std::string(rules[1]["shortDescription"]["text"]).empty());
  EXPECT_EQ(doc["runs"][0]["results"][1]["ruleIndex"], 0);
  EXPECT_EQ(doc["runs"][0]["results"][2]["ruleIndex"], 1);
}

TEST(Sarif, the_tool_says_its_version_and_home_and_each_rule_how_to_read_a_finding) {
  const auto doc = render({fail()});
  const auto& driver = doc["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["version"], std::string(interleave::version));
  EXPECT_EQ(driver["semanticVersion"], std::string(interleave::version));
  EXPECT_EQ(driver["informationUri"], std::string(interleave::homepage_url));
  const auto& rule = driver["rules"][0];
  EXPECT_EQ(rule["name"], "DataRace");
  const std::string full = rule["fullDescription"]["text"];
  EXPECT_TRUE(full.starts_with(rule["shortDescription"]["text"].get<std::string>() + ". ")) << full;
  const std::string help = rule["help"]["markdown"];
  EXPECT_NE(help.find("**Where to look.**"), std::string::npos) << help;
  EXPECT_NE(help.find("replays it"), std::string::npos) << help;
}

TEST(Sarif, a_defect_no_rule_table_knows_is_its_own_summary) {
  auto property = fail();
  property.verdict.defect = "NOT LINEARIZABLE";
  const auto doc = render({property});
  const auto& rule = doc["runs"][0]["tool"]["driver"]["rules"][0];
  EXPECT_EQ(rule["id"], "NOT-LINEARIZABLE");
  EXPECT_EQ(rule["name"], "NotLinearizable");
  EXPECT_EQ(rule["shortDescription"]["text"], "NOT LINEARIZABLE");
  EXPECT_TRUE(sarif_problems(doc).empty()) << joined(sarif_problems(doc));
}

TEST(Sarif, an_absolute_path_outside_relacy_becomes_an_encoded_file_uri) {
  auto r = fail();
  r.verdict.trace.push_back(Step{7, 1, "free", "", "", "", "", "/opt/my lib/x%.hpp", 3});
  const auto doc = render({r});
  EXPECT_EQ(
      doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
      "file:///opt/my%20lib/x%25.hpp");
}

TEST(Sarif, relative_locations_resolve_against_the_root_and_the_run_says_which_commit_it_holds) {
  auto r = fail();
  r.verdict.trace.push_back(Step{7, 1, "free", "", "", "", "", "/opt/lib/x.hpp", 3});
  RunInfo run = run_info("interleave run --format sarif");
  run.sources = {"/home/runner/work/r/r", "https://github.com/o/r/blob/abc/",
                 "https://github.com/o/r", "abc", "main"};
  const json doc = json::parse(render_with(write_sarif, "results.sarif", {r}, run));
  EXPECT_EQ(sarif_problems(doc), std::vector<std::string>{});
  const json& sarif_run = doc["runs"][0];
  EXPECT_EQ(sarif_run["originalUriBaseIds"],
            json::parse(R"({"%SRCROOT%": {"uri": "file:///home/runner/work/r/r/"}})"));
  EXPECT_EQ(sarif_run["versionControlProvenance"],
            json::parse(R"([{"repositoryUri": "https://github.com/o/r", "revisionId": "abc",
                             "branch": "main", "mappedTo": {"uriBaseId": "%SRCROOT%"}}])"));
  std::size_t relative = 0, absolute = 0;
  for (const auto& flow : sarif_run["results"][0]["codeFlows"][0]["threadFlows"])
    for (const auto& l : flow["locations"]) {
      const json& artifact = l["location"]["physicalLocation"]["artifactLocation"];
      if (artifact["uri"].get<std::string>().starts_with("file:")) {
        EXPECT_FALSE(artifact.contains("uriBaseId")) << artifact;  // an absolute URI needs none
        ++absolute;
      } else {
        EXPECT_EQ(artifact["uriBaseId"], "%SRCROOT%") << artifact;
        ++relative;
      }
    }
  EXPECT_GT(relative, 0u);
  EXPECT_EQ(absolute, 1u);
  // Without sources, the relative locations still name their base; the run has no provenance.
  const json plain = render({fail()});
  EXPECT_FALSE(plain["runs"][0].contains("versionControlProvenance"));
  EXPECT_FALSE(plain["runs"][0].contains("originalUriBaseIds"));
  EXPECT_EQ(plain["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
                 ["uriBaseId"],
            "%SRCROOT%");
}

// --- the validator can fail -----------------------------------------------------------------------

TEST(SarifValidator, rejects_broken_documents) {
  const auto good = render(every_outcome());
  ASSERT_TRUE(sarif_problems(good).empty());
  auto expect_rejected = [&](const char* what, auto&& breaks, const std::string& problem) {
    json doc = good;
    breaks(doc);
    const auto problems = sarif_problems(doc);
    EXPECT_NE(std::find(problems.begin(), problems.end(), problem), problems.end())
        << what << ": wanted \"" << problem << "\", got:\n"
        << joined(problems);
  };
  expect_rejected(
      "version", [](json& d) { d["version"] = "2.0.0"; }, "version is not 2.1.0");
  expect_rejected(
      "driver", [](json& d) { d["runs"][0]["tool"]["driver"].erase("name"); },
      "runs[0].tool.driver.name is missing");
  expect_rejected(
      "tool version", [](json& d) { d["runs"][0]["tool"]["driver"].erase("version"); },
      "runs[0].tool.driver.version is missing");
  expect_rejected(
      "information URI",
      [](json& d) { d["runs"][0]["tool"]["driver"]["informationUri"] = "docs/guide.md"; },
      "runs[0].tool.driver.informationUri is not an absolute URI");
  expect_rejected(
      "rule help", [](json& d) { d["runs"][0]["tool"]["driver"]["rules"][0].erase("help"); },
      "rule \"DATA-RACE\": no help.text");
  expect_rejected(
      "unknown rule", [](json& d) { d["runs"][0]["results"][0]["ruleId"] = "NOPE"; },
      "result 0: ruleId NOPE is not among the rules");
  expect_rejected(
      "message", [](json& d) { d["runs"][0]["results"][1]["message"].erase("text"); },
      "result 1: no message.text");
  expect_rejected(
      "start line",
      [](json& d) {
        d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
      },
      "result 0: region.startLine is not an integer >= 1");
  expect_rejected(
      "order",
      [](json& d) {
        d["runs"][0]["results"][0]["codeFlows"][0]["threadFlows"][0]["locations"][2]
         ["executionOrder"] = 2;
      },
      "result 0 threadFlow 0 location 2: executionOrder does not increase");
  expect_rejected(
      "one flow per thread",
      [](json& d) {
        auto& flows = d["runs"][0]["results"][0]["codeFlows"][0]["threadFlows"];
        flows[1]["id"] = flows[0]["id"];
      },
      "result 0 threadFlow 1: a second threadFlow for thread T0");
  expect_rejected(
      "empty flows",
      [](json& d) { d["runs"][0]["results"][0]["codeFlows"][0]["threadFlows"] = json::array(); },
      "result 0: codeFlows[0].threadFlows is not a non-empty array");
}

}  // namespace sarif_test
}  // namespace interleave::reports
