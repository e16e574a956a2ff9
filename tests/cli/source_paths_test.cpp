// Paths and source links as a user's project sees them when it is built without interleave's
// CMake package (interleave_absolute_paths: no -fmacro-prefix-map, so every step names its file
// absolutely): `run` names the files under the project's root relative to it in the console and
// every report, and in CI links each step to its line at the commit run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "interleave_test/command.hpp"
#include "sarif_validator.hpp"

namespace source_paths_test {

namespace fs = std::filesystem;
using json = nlohmann::json;
using interleave_test::Ran;

const std::string source_dir = INTERLEAVE_SOURCE_DIR;
const std::string model_file = "tests/cli/absolute_paths_program/unguarded.cpp";
const std::string item = "paths/unguarded-counter";

// No CI and no source settings from the environment the tests run in (GitHub Actions sets
// GITHUB_ACTIONS for every step): each test says what it means to set.
const std::string clean_env =
    "env -u GITHUB_ACTIONS -u GITLAB_CI -u INTERLEAVE_SOURCE_ROOT -u INTERLEAVE_SOURCE_URL ";

// A fresh directory outside the project's git work tree, where the program runs: no root is
// found there, so what each test gives is all there is.
fs::path fresh_dir(const std::string& name) {
  const auto d = fs::temp_directory_path() /
                 ("interleave-paths-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

Ran run_in(const fs::path& dir, const std::string& env, const std::string& args) {
  return interleave_test::run_command("cd '" + dir.string() + "' && " + clean_env + env + " " +
                                      INTERLEAVE_ABSOLUTE_PATHS_BINARY + " " + args + " 2>&1");
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

json trace_of(const json& doc) {
  EXPECT_EQ(doc["results"].size(), 1u);
  return doc["results"][0]["trace"];
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(SourcePaths, without_a_root_the_compilers_absolute_paths_stay_so_nothing_is_lost) {
  const fs::path dir = fresh_dir("none");
  const Ran r = run_in(dir, "", "run --report-dir reports");
  ASSERT_EQ(r.status, 0) << r.output;
  const json doc = json::parse(read_text(dir / "reports/results.json"));
  EXPECT_TRUE(doc["sources"].is_null());
  bool absolute_model_step = false;
  for (const auto& s : trace_of(doc))
    absolute_model_step = absolute_model_step || s["file"] == source_dir + "/" + model_file;
  // The program does name its file absolutely: the tests below could fail.
  EXPECT_TRUE(absolute_model_step) << trace_of(doc).dump(1);
  fs::remove_all(dir);
}

TEST(SourcePaths, the_root_makes_every_file_under_it_relative_in_the_console_and_every_report) {
  const fs::path dir = fresh_dir("root");
  // The variable, not --source-root: the command each report records holds no source path.
  const Ran r = run_in(dir, "INTERLEAVE_SOURCE_ROOT='" + source_dir + "'",
                       "run --report-dir reports --format json,junit,md,html,sarif");
  ASSERT_EQ(r.status, 0) << r.output;
  // An expected failure's interleaving is printed by its replay: named the same way.
  const json doc = json::parse(read_text(dir / "reports/results.json"));
  const std::string replay = doc["results"][0]["replay"];
  const Ran replayed = run_in(dir, "INTERLEAVE_SOURCE_ROOT='" + source_dir + "'",
                              replay.substr(replay.find(" replay ") + 1));
  EXPECT_EQ(replayed.status, 0) << replayed.output;
  EXPECT_TRUE(has(replayed.output, model_file + ":")) << replayed.output;

  EXPECT_EQ(doc["sources"]["root"], source_dir);
  EXPECT_EQ(doc["results"][0]["source"]["file"], model_file);
  bool model_step = false, library_step = false;
  for (const auto& s : trace_of(doc)) {
    const std::string file = s["file"];
    EXPECT_FALSE(file.starts_with(source_dir)) << file;
    model_step = model_step || file == model_file;
    library_step = library_step || file.starts_with("lib/include/interleave/");
  }
  EXPECT_TRUE(model_step && library_step) << trace_of(doc).dump(1);

  // Nowhere a source file's absolute name: not in the console, not in any report, not in
  // Relacy's history. (The build directory, and with it the replay command's program, may lie
  // under the source directory: only the sources' own folders are looked for.)
  for (const std::string& absolute :
       {source_dir + "/tests/cli/absolute_paths_program", source_dir + "/lib/include"}) {
    EXPECT_FALSE(has(r.output, absolute)) << r.output;
    EXPECT_FALSE(has(replayed.output, absolute)) << replayed.output;
    for (const char* report :
         {"results.json", "junit.xml", "summary.md", "report.html", "results.sarif"})
      EXPECT_FALSE(has(read_text(dir / "reports" / report), absolute)) << report;
  }
  fs::remove_all(dir);
}

// As GitHub Actions sets them for a job.
std::string github_env(const std::string& sha) {
  return "GITHUB_ACTIONS=true GITHUB_WORKSPACE='" + source_dir +
         "' GITHUB_SERVER_URL=https://github.com GITHUB_REPOSITORY=octo/spin GITHUB_SHA=" + sha +
         " GITHUB_REF_NAME=main";
}

void expect_links(const fs::path& reports, const std::string& url) {
  const std::regex link(std::regex_replace(url, std::regex(R"([.?*+^$()\[\]{}|\\])"), R"(\$&)") +
                        "tests/cli/absolute_paths_program/unguarded\\.cpp#L[0-9]+");
  const std::string html = read_text(reports / "report.html");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(html, m, link)) << html.substr(0, 2000);
  EXPECT_TRUE(has(html, "href=\"" + m.str() + "\"")) << m.str();
  const std::string md = read_text(reports / "summary.md");
  ASSERT_TRUE(std::regex_search(md, m, link)) << md;
  EXPECT_TRUE(has(md, "`](" + m.str() + ")")) << md;
}

TEST(SourcePaths, in_github_actions_steps_link_to_their_lines_at_the_commit_and_sarif_says_where) {
  const fs::path dir = fresh_dir("github");
  const Ran r =
      run_in(dir, github_env("0123abc"), "run --report-dir reports --format json,md,html,sarif");
  ASSERT_EQ(r.status, 0) << r.output;
  expect_links(dir / "reports", "https://github.com/octo/spin/blob/0123abc/");

  const json doc = json::parse(read_text(dir / "reports/results.json"));
  EXPECT_EQ(doc["sources"], json({{"root", source_dir},
                                  {"url", "https://github.com/octo/spin/blob/0123abc/"},
                                  {"repository", "https://github.com/octo/spin"},
                                  {"revision", "0123abc"},
                                  {"branch", "main"}}));

  const json sarif = json::parse(read_text(dir / "reports/results.sarif"));
  EXPECT_EQ(interleave::reports::validation::sarif_problems(sarif), std::vector<std::string>{});
  const json& run = sarif["runs"][0];
  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file://" + source_dir + "/");
  ASSERT_EQ(run["versionControlProvenance"].size(), 1u);
  const json& vcs = run["versionControlProvenance"][0];
  EXPECT_EQ(vcs["repositoryUri"], "https://github.com/octo/spin");
  EXPECT_EQ(vcs["revisionId"], "0123abc");
  EXPECT_EQ(vcs["branch"], "main");
  EXPECT_EQ(vcs["mappedTo"]["uriBaseId"], "%SRCROOT%");
  fs::remove_all(dir);
}

TEST(SourcePaths, merge_keeps_the_shards_sources_and_refuses_shards_of_two_commits) {
  const fs::path dir = fresh_dir("merge");
  ASSERT_EQ(run_in(dir, github_env("aaa111"), "run --shard 0/2 --report-dir s0").status, 0);
  ASSERT_EQ(run_in(dir, github_env("aaa111"), "run --shard 1/2 --report-dir s1").status, 0);
  ASSERT_EQ(run_in(dir, github_env("bbb222"), "run --shard 1/2 --report-dir other").status, 0);

  Ran r =
      run_in(dir, "", "merge s0/results.json s1/results.json --report-dir m --format json,md,html");
  ASSERT_EQ(r.status, 0) << r.output;
  expect_links(dir / "m", "https://github.com/octo/spin/blob/aaa111/");

  r = run_in(dir, "",
             "merge s0/results.json s1/results.json --report-dir m2 --format md "
             "--source-url https://git.example.org/spin/tree/aaa111");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(has(read_text(dir / "m2/summary.md"),
                  "](https://git.example.org/spin/tree/aaa111/" + model_file + "#L"));

  r = run_in(dir, "", "merge s0/results.json other/results.json --report-dir m3");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(has(r.output, "ran on revision aaa111 but other/results.json on bbb222")) << r.output;
  fs::remove_all(dir);
}

TEST(SourcePaths, a_root_or_url_that_cannot_be_used_stops_the_run_saying_why) {
  const fs::path dir = fresh_dir("bad");
  Ran r = run_in(dir, "", "run --source-root /no/such/dir");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(has(r.output, "--source-root: the source root '/no/such/dir' is not a directory"))
      << r.output;
  r = run_in(dir, "", "run --source-url 'javascript:alert(1)//'");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(has(r.output, "is not an http://, https:// or file:// URL")) << r.output;
  r = run_in(
      dir,
      "GITHUB_ACTIONS=true GITHUB_SERVER_URL='https://x\"y' GITHUB_REPOSITORY=o/r GITHUB_SHA=1",
      "run");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_TRUE(
      has(r.output, "GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA make a source URL"))
      << r.output;
  fs::remove_all(dir);
}

}  // namespace source_paths_test
