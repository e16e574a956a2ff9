// results.json read back by `interleave merge`: exactly, or refused with a message. Numbers that
// do not fit their field (a wrapped negative, a truncated large one, a float where an int goes,
// which was undefined behaviour) are errors, never other values.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report_fixtures.hpp"

namespace interleave::reports {
namespace json_read_test {

using namespace fixtures;

// The JSON of one failure as write_json writes it, for the tests to damage one field at a time.
nlohmann::json written() {
  TempDir dir;
  write_reports(dir.path(), {"json"}, run_info("interleave run"), {expected_failure()});
  return nlohmann::json::parse(read_text(dir.path() / "results.json"));
}

std::string refusal(const nlohmann::json& doc) {
  try {
    (void)parse_results_json(doc.dump());
    return "(accepted)";
  } catch (const std::runtime_error& e) {
    return e.what();
  }
}

TEST(JsonRead, reads_back_what_write_json_wrote) {
  const auto back = parse_results_json(written().dump());
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].verdict.trace, expected_failure().verdict.trace);
  EXPECT_EQ(back[0].threads, 2);
}

TEST(JsonRead, refuses_numbers_that_do_not_fit_their_field) {
  auto doc = written();
  auto& r = doc["results"][0];
  const auto with = [&](auto edit) {
    auto d = doc;
    edit(d["results"][0]);
    return refusal(d);
  };
  EXPECT_NE(
      with([](auto& j) { j["threads"] = 1e300; }).find("'threads' is 1e+300, not a whole number"),
      std::string::npos);
  EXPECT_NE(with([](auto& j) { j["threads"] = 2.5; }).find("'threads'"), std::string::npos);
  EXPECT_NE(with([](auto& j) { j["threads"] = 4294967296; }).find("'threads'"), std::string::npos);
  EXPECT_NE(with([](auto& j) { j["trace"][0]["line"] = -1; }).find("'line' is -1"),
            std::string::npos);
  EXPECT_NE(with([](auto& j) { j["context_bound"] = -1; }).find("'context_bound'"),
            std::string::npos);
  EXPECT_NE(with([](auto& j) { j["iterations"] = -5; }).find("'iterations'"), std::string::npos);
  EXPECT_NE(with([](auto& j) { j["seconds"] = -1; }).find("'seconds'"), std::string::npos);
  EXPECT_NE(with([](auto& j) { j["kind"] = "modle"; }).find("unknown kind 'modle'"),
            std::string::npos);
  EXPECT_NE(with([](auto& j) { j.erase("outcome"); }).find("outcome"), std::string::npos);
  EXPECT_NE(refusal(r).find("schema_version"), std::string::npos);  // a result, not a report
  EXPECT_NE(refusal(nlohmann::json::array()).find("not a JSON object"), std::string::npos);
  auto list = doc;
  list["results"] = "x";
  EXPECT_NE(refusal(list).find("'results' is not a list"), std::string::npos);
  EXPECT_THROW((void)parse_results_json("{\"schema_version\": 1, \"results\": [1]"),
               std::runtime_error);
}

TEST(JsonRead, keeps_the_runs_sources_and_refuses_a_source_url_that_could_not_be_a_link) {
  TempDir dir;
  RunInfo run = run_info("interleave run");
  run.sources = {"/p", "https://h/o/r/blob/abc/", "https://h/o/r", "abc", "main"};
  write_reports(dir.path(), {"json"}, run, {expected_failure()});
  auto doc = nlohmann::json::parse(read_text(dir.path() / "results.json"));
  RunInfo back;
  (void)parse_results_json(doc.dump(), &back);
  EXPECT_EQ(back.sources, run.sources);

  const auto refused = [&](nlohmann::json sources) {
    auto d = doc;
    d["sources"] = std::move(sources);
    try {
      RunInfo info;
      (void)parse_results_json(d.dump(), &info);
      return std::string("(accepted)");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
  };
  EXPECT_EQ(refused(nullptr), "(accepted)");  // a run that knew no sources
  EXPECT_NE(
      refused({{"url", "javascript:alert(1)"}}).find("is not an http://, https:// or file://"),
      std::string::npos);
  EXPECT_NE(refused({{"url", "https://h/\" onclick=\"x"}}).find("cannot hold unencoded"),
            std::string::npos);
  EXPECT_NE(refused("x").find("'sources' is not a JSON object"), std::string::npos);
}

}  // namespace json_read_test
}  // namespace interleave::reports
