// `interleave run --prove-controls` over tests/controls/models: a control runs, then its twin
// (the same search over the sound backend); the twin of a control whose fault is the cause
// passes, the twin of one whose "fault" lives in the sound code too fails and fails the run,
// and a demonstration runs alone. `list` says which is which; a backend that compiles faults in
// but names no sound backend is refused at registration.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "interleave_test/command.hpp"

namespace controls_test {

namespace fs = std::filesystem;
using json = nlohmann::json;

struct Ran : interleave_test::Ran {
  json results = json::array();  // results.json's results, in order
};

Ran run(const std::string& binary, const std::string& args, bool report = false) {
  const fs::path dir =
      fs::temp_directory_path() / ("interleave-controls-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string cmd =
      binary + " " + args + (report ? " --report-dir " + dir.string() : std::string()) + " 2>&1";
  Ran r{interleave_test::run_command(cmd)};
  if (std::ifstream in(dir / "results.json"); in) r.results = json::parse(in)["results"];
  fs::remove_all(dir);
  return r;
}

Ran controls(const std::string& args, bool report = false) {
  return run(INTERLEAVE_CONTROLS_BINARY, args, report);
}

// The line of `list` that shows `id`.
std::string listed(const std::string& listing, const std::string& id) {
  const auto at = listing.find(id + " ");
  if (at == std::string::npos) return "";
  return listing.substr(at, listing.find('\n', at) - at);
}

TEST(ProveControls, list_tells_a_control_that_injects_a_fault_from_a_demonstration) {
  const Ran r = controls("list");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(listed(r.output, "controls/negative/fault-is-the-cause").find("injects a fault"),
            std::string::npos)
      << r.output;
  EXPECT_NE(
      listed(r.output, "controls/negative/fault-in-the-sound-code-too").find("injects a fault"),
      std::string::npos)
      << r.output;
  EXPECT_NE(listed(r.output, "controls/demonstration").find("demonstration"), std::string::npos)
      << r.output;
  const std::string passes = listed(r.output, "controls/passes");
  EXPECT_EQ(passes.find("injects a fault"), std::string::npos) << passes;
  EXPECT_EQ(passes.find("demonstration"), std::string::npos) << passes;
  EXPECT_EQ(r.output.find("[without fault]"), std::string::npos) << "twins are not listed as items";
}

TEST(ProveControls, each_control_runs_then_its_twin_and_a_twin_that_fails_fails_the_run) {
  const Ran r = controls("run --prove-controls --jobs 2 --filter 'controls/*'", true);
  EXPECT_EQ(r.status, 1) << r.output;  // the twin of fault-in-the-sound-code-too fails
  std::vector<std::string> ids;
  for (const auto& res : r.results) ids.push_back(res["id"]);
  const std::vector<std::string> expected = {
      "controls/negative/fault-is-the-cause",
      "controls/negative/fault-is-the-cause [without fault]",
      "controls/negative/fault-in-the-sound-code-too",
      "controls/negative/fault-in-the-sound-code-too [without fault]", "controls/demonstration"};
  ASSERT_EQ(ids, expected) << r.output;  // controls/passes is not a control: not run

  const json& cause = r.results[0];
  EXPECT_EQ(cause["outcome"], "expected-failure");
  EXPECT_EQ(cause["injects_fault"], true);
  EXPECT_TRUE(cause["twin_of"].is_null());
  const json& cause_twin = r.results[1];
  EXPECT_EQ(cause_twin["outcome"], "pass") << cause_twin.dump(1);
  EXPECT_EQ(cause_twin["twin_of"], "controls/negative/fault-is-the-cause");
  EXPECT_EQ(cause_twin["expected"], "pass");
  EXPECT_EQ(cause_twin["injects_fault"], false);
  EXPECT_EQ(cause_twin["scheduler"], cause["scheduler"]) << "the same search";
  EXPECT_EQ(cause_twin["iteration_budget"], cause["iteration_budget"]);

  EXPECT_EQ(r.results[2]["outcome"], "expected-failure") << "the control alone looks fine";
  const json& false_claim = r.results[3];
  EXPECT_EQ(false_claim["outcome"], "fail") << false_claim.dump(1);
  EXPECT_EQ(false_claim["defect"], "DATA RACE");
  EXPECT_FALSE(false_claim["trace"].empty());
  EXPECT_NE(r.output.find("controls/negative/fault-in-the-sound-code-too [without fault]  fails "
                          "without its fault: DATA RACE"),
            std::string::npos)
      << r.output;

  EXPECT_EQ(r.results[4]["outcome"], "expected-failure");
  EXPECT_EQ(r.results[4]["injects_fault"], false);

  // The failing twin replays by its id, like any item.
  const std::string replay = false_claim["replay"];
  EXPECT_NE(replay.find("'controls/negative/fault-in-the-sound-code-too [without fault]'"),
            std::string::npos)
      << replay;
  const Ran again = run("", replay);
  EXPECT_EQ(again.status, 1) << again.output;  // as in the run: a fail
  EXPECT_NE(again.output.find("DATA RACE"), std::string::npos) << again.output;
}

TEST(ProveControls, a_plain_run_leaves_the_twins_out) {
  const Ran r = controls("run --jobs 2 --filter 'controls/*'", true);
  ASSERT_EQ(r.status, 0) << r.output;
  for (const auto& res : r.results)
    EXPECT_EQ(res["id"].get<std::string>().find("[without fault]"), std::string::npos) << res["id"];
}

TEST(ProveControls, a_selection_without_controls_is_refused) {
  const Ran r = controls("run --prove-controls --filter controls/passes");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("--prove-controls: no negative control"), std::string::npos) << r.output;
}

TEST(ProveControls, a_backend_with_faults_but_no_sound_backend_is_refused) {
  const Ran r = run(INTERLEAVE_UNMARKED_BINARY, "list");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("declares `faults` but no `sound_backend`"), std::string::npos)
      << r.output;
}

// A property reports the defect of the scenario it found; shrinking keeps that defect, so a
// smaller scenario with the expected one cannot turn an unexpected failure into the control's.
TEST(ProveControls, a_property_keeps_the_defect_it_found_while_shrinking) {
  const Ran r = controls("run --filter shrinking/keeps-the-defect-found", true);
  EXPECT_EQ(r.status, 1) << r.output;
  ASSERT_EQ(r.results.size(), 1u) << r.output;
  EXPECT_EQ(r.results[0]["outcome"], "fail") << r.results[0].dump(1);
  EXPECT_EQ(r.results[0]["defect"], "DATA RACE");
  EXPECT_EQ(r.results[0]["scenario"]["threads"].size(), 2u) << r.results[0]["scenario"].dump();
  EXPECT_NE(r.output.find("expected USER ASSERT FAILED, got DATA RACE"), std::string::npos)
      << r.output;
}

TEST(RelacyThreads, a_model_that_starts_more_threads_than_it_declares_is_an_error) {
  const Ran r = controls("run --filter threads/more-than-declared", true);
  EXPECT_EQ(r.status, 1) << r.output;
  ASSERT_EQ(r.results.size(), 1u) << r.output;
  EXPECT_EQ(r.results[0]["outcome"], "error");
  EXPECT_NE(r.results[0]["message"].get<std::string>().find(
                "the model starts more threads than its suite declares in dynamic_thread_count"),
            std::string::npos)
      << r.results[0].dump(1);
}

}  // namespace controls_test
