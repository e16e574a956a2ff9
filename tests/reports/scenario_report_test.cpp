// A generated-scenario failure in every report format: the per-thread operation table beside
// the interleaving, RapidCheck's reproduce string, and a JSON round trip (what `merge` reads).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "interleave/reports/report.hpp"
#include "interleave/reports/text.hpp"
#include "report_fixtures.hpp"

namespace interleave::reports {
namespace scenario_report_test {

using namespace fixtures;

Result property_failure() {
  auto r = base("channel/property/negative/disconnect-before-drain", Outcome::expected_failure);
  r.kind = harness::Kind::property;
  r.expected = Expectation::fails_with("USER ASSERT FAILED");
  r.verdict.defect = "USER ASSERT FAILED";
  r.verdict.search = harness::SearchEnd::stopped;
  r.verdict.detail = "USER ASSERT FAILED (not linearizable)";
  r.verdict.final_state = "16 ";
  r.verdict.trace = race_trace();
  r.verdict.scenarios = 33;
  r.verdict.shrink_candidates = 61;
  r.verdict.seconds_to_find = 0.61;
  r.verdict.reproduce = "BgxYoFmbuVGbvAnc";
  r.verdict.replay_scheduler = Scheduler::bound;
  r.verdict.replay_context_bound = 1;
  harness::ScenarioTable t;
  t.prefix = {{"end: drop what it holds", "1 handle(s) dropped", true}};
  t.threads = {{{"recv_timeout 1ms", "Err(Disconnected)", false},
                {"end: drop what it holds", "1 handle(s) dropped", true}},
               {{"send 0", "Ok", false}, {"end: drop what it holds", "1 handle(s) dropped", true}}};
  r.verdict.scenario = t;
  return r;
}

TEST(ScenarioReport, operations_count_only_what_the_generator_chose) {
  EXPECT_EQ(property_failure().verdict.scenario->operations(), 2u);
}

TEST(ScenarioReport, json_carries_the_table_and_reads_back_unchanged) {
  TempDir dir;
  write_reports(dir.path(), {"json"}, run_info("interleave run"), {property_failure()});
  const auto doc = nlohmann::json::parse(read_text(dir.path() / "results.json"));
  const auto& res = doc["results"][0];
  EXPECT_EQ(res["kind"], "property");
  EXPECT_EQ(res["scenario"]["operations"], 2);
  EXPECT_EQ(res["scenario"]["threads"][0][0]["operation"], "recv_timeout 1ms");
  EXPECT_EQ(res["scenario"]["threads"][0][0]["result"], "Err(Disconnected)");
  EXPECT_EQ(res["reproduce"], "BgxYoFmbuVGbvAnc");
  EXPECT_EQ(res["scenarios"], 33);
  EXPECT_EQ(res["shrink_candidates"], 61);
  const auto back = read_json(dir.path() / "results.json");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].verdict.scenario, property_failure().verdict.scenario);
  EXPECT_EQ(back[0].verdict.reproduce, "BgxYoFmbuVGbvAnc");
  EXPECT_EQ(back[0].verdict.replay_scheduler, Scheduler::bound);
  EXPECT_EQ(back[0].verdict.replay_context_bound, 1u);
}

TEST(ScenarioReport, markdown_shows_one_column_per_thread_before_the_interleaving) {
  const auto md = render_with(write_markdown, "summary.md", {property_failure()}, run_info("x"));
  const auto table = md.find("| prefix | thread 0 | thread 1 |");
  ASSERT_NE(table, std::string::npos) << md;
  EXPECT_NE(md.find("| recv\\_timeout 1ms → Err(Disconnected) | send 0 → Ok |", table),
            std::string::npos)
      << md;
  EXPECT_LT(table, md.find("<summary>interleaving"));
  EXPECT_NE(md.find("BgxYoFmbuVGbvAnc"), std::string::npos);
  EXPECT_NE(md.find("found in scenario 33"), std::string::npos) << md;
}

TEST(ScenarioReport, html_puts_the_table_beside_the_swim_lanes) {
  const auto html = render_with(write_html, "report.html", {property_failure()}, run_info("x"));
  const auto table = html.find("<table class=\"scenario\" data-operations=\"2\">");
  ASSERT_NE(table, std::string::npos);
  EXPECT_NE(html.find("<th>thread 1</th>", table), std::string::npos);
  EXPECT_NE(html.find("send 0 → Ok", table), std::string::npos);
  EXPECT_LT(table, html.find("<table class=\"lanes\""));
}

TEST(ScenarioReport, junit_and_sarif_carry_the_scenario) {
  const auto xml = render_with(write_junit, "junit.xml", {property_failure()}, run_info("x"));
  EXPECT_NE(xml.find("scenario:"), std::string::npos);
  EXPECT_NE(xml.find("recv_timeout 1ms → Err(Disconnected)"), std::string::npos);
  auto unexpected = property_failure();  // SARIF lists only what was not expected
  unexpected.outcome = Outcome::fail;
  unexpected.expected = Expectation::pass();
  const auto sarif =
      nlohmann::json::parse(render_with(write_sarif, "results.sarif", {unexpected}, run_info("x")));
  ASSERT_EQ(sarif.at("runs").at(0).at("results").size(), 1u);
  const auto& props = sarif["runs"][0]["results"][0]["properties"];
  EXPECT_EQ(props["scenario"]["operations"], 2);
  EXPECT_EQ(props["reproduce"], "BgxYoFmbuVGbvAnc");
}

// A property's execution as Relacy records it: before() (the objects made, the prefix run) on
// thread 0, the scenario's one thread on thread 0, threads 1 and 2 idle, and after() (the check)
// on thread 2, the last to finish, where the check fails.
Result failed_check() {
  using harness::StepKind;
  const std::string relacy = "/usr/include/relacy/context.hpp";
  auto r = property_failure();
  r.threads = 3;
  r.verdict.scenario->threads.resize(1);
  r.verdict.trace = {
      Step{0, 0, "[CTOR BEGIN]", "", "", "", "", relacy, 457, StepKind::relacy_marker},
      Step{1, 0, "[CTOR END]", "", "", "", "", relacy, 457, StepKind::relacy_marker},
      Step{2, 0, "[BEFORE BEGIN]", "", "", "", "", relacy, 457, StepKind::relacy_marker},
      Step{3, 0, "memory allocation: addr=@1, size=640", "@1", "", "", "channel",
           "lib/include/interleave/mpsc.hpp", 390},
      Step{4, 0, "[BEFORE END]", "", "", "", "", relacy, 457, StepKind::relacy_marker},
      Step{5, 0, "load, value=1", "@1", "1", "", "recv", "lib/include/interleave/mpsc/common.hpp",
           491},
      Step{6, 0, "[THREAD FINISHED]", "", "", "", "", relacy, 457, StepKind::relacy_marker},
      Step{7, 1, "[THREAD FINISHED]", "", "", "", "", relacy, 457, StepKind::relacy_marker},
      Step{8, 2, "[THREAD FINISHED]", "", "", "", "", relacy, 457, StepKind::relacy_marker},
      Step{9, 2, "[AFTER BEGIN]", "", "", "", "", relacy, 457, StepKind::relacy_marker},
      Step{10, 2, "USER ASSERT FAILED (not linearizable)", "", "", "", "after",
           "harness/include/interleave/scenario.hpp", 476},
  };
  return r;
}

TEST(ScenarioReport, lanes_are_the_scenarios_columns_and_a_failed_check_is_the_checks) {
  const auto lanes = text::lanes_of(failed_check());
  EXPECT_EQ(lanes.names, (std::vector<std::string>{"prefix", "thread 0", "thread 1 (idle)",
                                                   "thread 2 (idle)", "check"}));
  EXPECT_EQ(lanes.of_step, (std::vector<std::size_t>{0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 4}));

  const auto html = render_with(write_html, "report.html", {failed_check()}, run_info("x"));
  const auto lanes_at = html.find("<table class=\"lanes\"");
  ASSERT_NE(lanes_at, std::string::npos) << html;
  const std::string heads = html.substr(lanes_at, html.find("</thead>", lanes_at) - lanes_at);
  std::size_t at = 0;
  for (const char* name :
       {">prefix<", ">thread 0<", ">thread 1 (idle)<", ">thread 2 (idle)<", ">check<"}) {
    at = heads.find(name, at);
    ASSERT_NE(at, std::string::npos) << name << " in order in: " << heads;
  }
  // The failing step's row: its cell in the check's lane (the sixth cell: step, five lanes).
  const auto row = html.find("<tr class=\"step failing\" data-step=\"10\"");
  ASSERT_NE(row, std::string::npos) << html;
  const std::string cells = html.substr(row, html.find("</tr>", row) - row);
  EXPECT_NE(cells.find("<td class=\"empty lane-3\"></td><td class=\"lane lane-4 failing\">"),
            std::string::npos)
      << cells;

  const auto md = render_with(write_markdown, "summary.md", {failed_check()}, run_info("x"));
  EXPECT_NE(md.find("| 10 ⚠️ | check |  | **USER ASSERT FAILED (not linearizable)** |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| 3 | prefix | `@1` | memory allocation"), std::string::npos) << md;
  EXPECT_NE(md.find("| 5 | 0 | `@1` | load, value=1 |"), std::string::npos) << md;

  const auto xml = render_with(write_junit, "junit.xml", {failed_check()}, run_info("x"));
  EXPECT_NE(xml.find("  10  check       USER ASSERT FAILED"), std::string::npos) << xml;
  EXPECT_NE(xml.find("   5  T0      @1"), std::string::npos) << xml;
}

}  // namespace scenario_report_test
}  // namespace interleave::reports
