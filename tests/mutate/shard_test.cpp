// `mutate --shard I/N` over tests/mutate/models, and `interleave merge` of the shards'
// mutants.json: the shards, run one after another and merged, are the unsharded run (every
// mutant's outcome, the score, every format); the merge refuses a set that is not one whole run,
// as it refuses such results.json files; --min-score gates the merge, never a shard.
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "mutate_program.hpp"

namespace shard_test {

namespace fs = std::filesystem;
using json = nlohmann::json;
using interleave_test::Ran;
using mutate_program::fresh_dir;
using mutate_program::program;

constexpr int shards = 3;

std::string text_of(const fs::path& file) {
  std::ifstream in(file);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What a mutate or a merge wrote into `dir`, every format.
struct Reports {
  Ran ran;
  fs::path dir;
  json doc;
  std::string markdown, html, junit;
};

Reports read_back(Ran ran, const fs::path& dir) {
  Reports r{std::move(ran), dir, {}, {}, {}, {}};
  if (fs::exists(dir / "mutants.json")) r.doc = json::parse(text_of(dir / "mutants.json"));
  r.markdown = text_of(dir / "mutants.md");
  r.html = text_of(dir / "mutants.html");
  r.junit = text_of(dir / "mutants.xml");
  return r;
}

constexpr const char* every_format = " --format json,md,html,junit";

// The unsharded run and its shards, each into its own directory (removed at exit).
struct Runs {
  Reports whole;
  std::array<Reports, shards> shard;
  std::vector<fs::path> dirs;
  ~Runs() {
    for (const auto& d : dirs) fs::remove_all(d);
  }
  fs::path file(int i) const { return shard[i].dir / "mutants.json"; }
  // A directory for a merge's reports, removed with the others.
  fs::path dir(const std::string& name) { return dirs.emplace_back(fresh_dir(name)); }
};

Runs& runs() {
  static Runs r = [] {
    Runs out;
    const fs::path whole = out.dir("whole");
    out.whole =
        read_back(program("mutate --jobs 2 --report-dir " + whole.string() + every_format), whole);
    for (int i = 0; i < shards; ++i) {
      const fs::path d = out.dir("shard" + std::to_string(i));
      out.shard[i] = read_back(program("mutate --jobs 2 --shard " + std::to_string(i) + "/3" +
                                       " --report-dir " + d.string() + every_format),
                               d);
    }
    return out;
  }();
  return r;
}

std::string files(std::initializer_list<int> which) {
  std::string out;
  for (int i : which) out += " " + runs().file(i).string();
  return out;
}

Reports merge(const std::string& name, const std::string& args) {
  const fs::path d = runs().dir("merge-" + name);
  return read_back(program("merge --report-dir " + d.string() + " " + args), d);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The part of `text` from `from` up to `to` (or its end).
std::string section(const std::string& text, const std::string& from, const std::string& to) {
  const auto a = text.find(from);
  if (a == std::string::npos) return "(no " + from + ")";
  return text.substr(a, text.find(to, a) - a);
}

std::vector<std::string> testcases(const std::string& junit, bool failures_only = false) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(junit.c_str())) << junit;
  std::vector<std::string> out;
  for (const auto& tc : doc.child("testsuites").child("testsuite").children("testcase"))
    if (!failures_only || !tc.child("failure").empty()) out.push_back(tc.attribute("name").value());
  return out;
}

TEST(MutateShard, each_shard_runs_every_third_mutant_and_scores_only_its_own) {
  const Reports& whole = runs().whole;
  ASSERT_EQ(whole.ran.status, 0) << whole.ran.output;
  const json& all = whole.doc["all_mutants"];
  ASSERT_EQ(all.size(), 8u) << whole.doc.dump(1);
  for (int i = 0; i < shards; ++i) {
    const Reports& s = runs().shard[i];
    ASSERT_EQ(s.ran.status, 0) << s.ran.output;
    const std::string name = std::to_string(i) + "/3";
    EXPECT_EQ(s.doc["shard"], name);
    EXPECT_EQ(s.doc["all_mutants"], all);  // every shard made the same discovery
    json mine = json::array();
    for (std::size_t k = i; k < all.size(); k += shards) mine.push_back(all[k]);
    json held = json::array();
    for (const auto& m : s.doc["mutants"]) held.push_back(m["id"]);
    EXPECT_EQ(held, mine);
    // Its score is of its own mutants: the others are not there, not even as not-run.
    EXPECT_EQ(s.doc["score"]["mutants"], mine.size());
    EXPECT_EQ(s.doc["score"]["not_run"], 0);
    const std::string holds = "shard " + name + " holds " + std::to_string(mine.size()) +
                              " of the run's 8 mutants and scores those only";
    EXPECT_TRUE(has(s.ran.output, "mutant(s), " + std::to_string(mine.size()) +
                                      " of them in shard " + name + " to run"))
        << s.ran.output;
    EXPECT_TRUE(has(s.ran.output, "% (shard " + name + "): ")) << s.ran.output;
    EXPECT_TRUE(has(s.ran.output, holds)) << s.ran.output;
    EXPECT_TRUE(has(s.markdown, "**Mutation score of shard " + name + ":")) << s.markdown;
    EXPECT_TRUE(has(s.markdown, holds)) << s.markdown;
    EXPECT_TRUE(has(s.html, "shard " + name + " holds " + std::to_string(mine.size()))) << s.html;
    EXPECT_EQ(testcases(s.junit).size(), mine.size());
  }
}

TEST(MutateShard, the_shard_comes_from_googletests_variables_too) {
  const Ran r =
      interleave_test::run_command("GTEST_SHARD_INDEX=2 GTEST_TOTAL_SHARDS=3 " +
                                   std::string(INTERLEAVE_MUTATE_BINARY) + " mutate 2>&1");
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(has(r.output, "8 mutant(s), 2 of them in shard 2/3 to run")) << r.output;
}

TEST(MutateShard, merged_shards_are_the_unsharded_run_in_every_format) {
  const Reports& whole = runs().whole;
  ASSERT_EQ(whole.ran.status, 0) << whole.ran.output;
  const Reports m = merge("merged", "--format json,md,html,junit" + files({2, 0, 1}));
  ASSERT_EQ(m.ran.status, 0) << m.ran.output;
  EXPECT_TRUE(m.doc["shard"].is_null());
  EXPECT_TRUE(m.doc["partial"].is_null());
  for (const char* key :
       {"selected", "settings", "all_mutants", "score", "files", "unreached_sites"})
    EXPECT_EQ(m.doc[key], whole.doc[key]) << key;
  ASSERT_EQ(m.doc["mutants"].size(), whole.doc["mutants"].size());
  for (std::size_t k = 0; k < whole.doc["mutants"].size(); ++k) {
    json a = m.doc["mutants"][k], b = whole.doc["mutants"][k];
    // Times differ from run to run, and so (with two jobs) do the runs that started before the
    // mutant was decided, a negative control's among them; the rest is the run's.
    for (json* j : {&a, &b}) {
      for (const char* timed : {"seconds", "runs", "controls_changed"}) j->erase(timed);
      if (!(*j)["killed_by"].is_null()) (*j)["killed_by"].erase("seconds");
    }
    EXPECT_EQ(a, b) << k;
  }
  // The merge prints the whole run's score line, as mutate did.
  const std::string line = "mutation score 75.0%: 6 of 8 mutants detected";
  EXPECT_TRUE(has(whole.ran.output, line)) << whole.ran.output;
  EXPECT_TRUE(has(m.ran.output, line)) << m.ran.output;
  // Every format read back says what the unsharded run's says.
  EXPECT_EQ(section(m.markdown, "**Mutation score", "\n"),
            section(whole.markdown, "**Mutation score", "\n"));
  EXPECT_EQ(section(m.markdown, "| file |", "## Detected"),
            section(whole.markdown, "| file |", "## Detected"));
  EXPECT_EQ(section(m.html, "<p><strong>Mutation score", "\n"),
            section(whole.html, "<p><strong>Mutation score", "\n"));
  EXPECT_FALSE(has(m.markdown, "**Note**")) << m.markdown;
  EXPECT_EQ(testcases(m.junit), testcases(whole.junit));
  EXPECT_EQ(testcases(m.junit, true), testcases(whole.junit, true));
  EXPECT_EQ(testcases(m.junit, true).size(), 2u);
}

TEST(MutateShard, merge_refuses_a_set_that_is_not_one_whole_run_naming_the_file) {
  ASSERT_EQ(runs().whole.ran.status, 0) << runs().whole.ran.output;
  const auto refused = [](const std::string& name, const std::string& args,
                          const std::vector<std::string>& says) {
    const Reports r = merge(name, args);
    EXPECT_EQ(r.ran.status, 2) << args << "\n" << r.ran.output;
    for (const auto& part : says)
      EXPECT_TRUE(has(r.ran.output, part)) << part << "\n" << r.ran.output;
    EXPECT_FALSE(fs::exists(r.dir)) << "a refused merge writes nothing";
  };
  refused("missing", files({0, 1}),
          {"incomplete shard set: 2/3 is missing", "or pass --allow-partial"});
  refused("twice", files({0, 0, 1, 2}),
          {"overlapping shards: shard 0/3 is both " + runs().file(0).string() + " and " +
           runs().file(0).string()});

  // Shards of other runs: another selection, other settings, another number of shards.
  const fs::path filtered = runs().dir("filtered"), quick = runs().dir("quick"),
                 halves = runs().dir("halves");
  ASSERT_EQ(program("mutate --shard 2/3 --filter 'mutate/[ch]*' --report-dir " + filtered.string())
                .status,
            0);
  ASSERT_EQ(program("mutate --shard 2/3 --profile quick --report-dir " + quick.string()).status, 0);
  ASSERT_EQ(program("mutate --shard 1/2 --report-dir " + halves.string()).status, 0);
  refused("other-selection", files({0, 1}) + " " + (filtered / "mutants.json").string(),
          {"mixed shard sets: " + runs().file(0).string() + " and " +
           (filtered / "mutants.json").string() + " selected different items"});
  refused("other-settings", files({0, 1}) + " " + (quick / "mutants.json").string(),
          {"mixed shard sets: " + runs().file(0).string() + " ran with '' but " +
           (quick / "mutants.json").string() + " with 'profile=quick'"});
  refused("other-total", files({0}) + " " + (halves / "mutants.json").string(),
          {"mixed shard sets: " + runs().file(0).string() + " is shard 0/3 but " +
           (halves / "mutants.json").string() + " is shard 1/2"});

  // Files that are not a mutants.json: not JSON at all, a results.json, a hand-edited one.
  refused("garbage", files({0, 1}) + " " + INTERLEAVE_MUTATE_BINARY,
          {std::string(INTERLEAVE_MUTATE_BINARY) + " is not an interleave mutants.json",
           "parse error"});
  const fs::path results = runs().dir("results");
  ASSERT_EQ(program("run --shard 2/3 --report-dir " + results.string()).status, 0);
  refused("results", files({0, 1}) + " " + (results / "results.json").string(),
          {(results / "results.json").string() +
           " is not an interleave mutants.json: it is a results.json (of `run`), not a "
           "mutants.json"});
  const fs::path edited = runs().dir("edited");
  fs::create_directories(edited);
  json doc = runs().shard[2].doc;
  for (auto& m : doc["mutants"])
    if (m["outcome"] == "killed") m["outcome"] = "survived";  // kills made survivors by hand
  std::ofstream(edited / "mutants.json") << doc.dump();
  refused("edited", files({0, 1}) + " " + (edited / "mutants.json").string(),
          {(edited / "mutants.json").string() + " is not an interleave mutants.json: mutant '",
           "is survived but its killed_by is"});
}

TEST(MutateShard, allow_partial_merges_the_missing_mutants_as_not_run_and_fails) {
  ASSERT_EQ(runs().whole.ran.status, 0) << runs().whole.ran.output;
  const Reports m = merge("partial", "--allow-partial --format json,md,html,junit" + files({0, 2}));
  EXPECT_EQ(m.ran.status, 1) << m.ran.output;
  EXPECT_TRUE(has(m.ran.output, "FAILED: partial merge: incomplete shard set: 1/3 is missing"))
      << m.ran.output;
  EXPECT_EQ(m.doc["partial"], "incomplete shard set: 1/3 is missing");
  ASSERT_EQ(m.doc["mutants"].size(), 8u);
  for (std::size_t k = 0; k < 8; ++k) {
    const json& got = m.doc["mutants"][k];
    EXPECT_EQ(got["id"], runs().whole.doc["mutants"][k]["id"]);
    if (k % shards == 1)
      EXPECT_EQ(got["outcome"], "not-run") << got.dump(1);
    else
      EXPECT_EQ(got["outcome"], runs().whole.doc["mutants"][k]["outcome"]) << got.dump(1);
  }
  EXPECT_EQ(m.doc["score"]["not_run"], 3);
  EXPECT_TRUE(has(m.markdown, "partial merge: incomplete shard set: 1/3 is missing"));
  EXPECT_TRUE(has(m.html, "partial merge: incomplete shard set: 1/3 is missing"));
  pugi::xml_document junit;
  ASSERT_TRUE(junit.load_string(m.junit.c_str()));
  EXPECT_EQ(junit.child("testsuites").child("testsuite").attribute("skipped").as_int(), 3);
}

TEST(MutateShard, a_shard_stopped_before_deciding_its_mutants_fails_the_merge) {
  ASSERT_EQ(runs().whole.ran.status, 0) << runs().whole.ran.output;
  // As a shard stopped by a signal writes it: its undecided mutants not-run.
  const fs::path stopped = runs().dir("stopped");
  fs::create_directories(stopped);
  json doc = runs().shard[2].doc;
  for (auto& m : doc["mutants"]) {
    m["outcome"] = "not-run";
    m["killed_by"] = nullptr;
  }
  std::ofstream(stopped / "mutants.json") << doc.dump();
  const Reports m = merge("stopped", files({0, 1}) + " " + (stopped / "mutants.json").string());
  EXPECT_EQ(m.ran.status, 1) << m.ran.output;
  EXPECT_TRUE(has(m.ran.output, "FAILED: 2 mutant(s) not run")) << m.ran.output;
  EXPECT_EQ(m.doc["score"]["not_run"], 2);
  EXPECT_TRUE(m.doc["partial"].is_null());  // the set is whole; its mutants are not all decided
}

TEST(MutateShard, min_score_gates_the_merge_and_never_a_shard) {
  ASSERT_EQ(runs().whole.ran.status, 0) << runs().whole.ran.output;
  EXPECT_EQ(merge("at", "--min-score 75" + files({0, 1, 2})).ran.status, 0);
  const Reports below = merge("below", "--min-score 75.1" + files({0, 1, 2}));
  EXPECT_EQ(below.ran.status, 1) << below.ran.output;
  EXPECT_TRUE(has(below.ran.output, "mutation score 75.0% is below --min-score 75.1%"))
      << below.ran.output;
  EXPECT_TRUE(fs::exists(below.dir / "mutants.json"));  // the reports are written all the same

  const Ran shard = program("mutate --shard 0/3 --min-score 50");
  EXPECT_EQ(shard.status, 2) << shard.output;
  // The advice names the program that gave it, a user's as here.
  EXPECT_TRUE(has(shard.output, "gate on the merge instead (`" +
                                    fs::path(INTERLEAVE_MUTATE_BINARY).filename().string() +
                                    " merge --min-score"))
      << shard.output;
  const fs::path results = runs().dir("results-only");
  ASSERT_EQ(program("run --report-dir " + results.string()).status, 0);
  const Reports of_results =
      merge("results-gate", "--min-score 50 " + (results / "results.json").string());
  EXPECT_EQ(of_results.ran.status, 2) << of_results.ran.output;
  EXPECT_TRUE(has(of_results.ran.output, "--min-score gates a mutation score"))
      << of_results.ran.output;
}

}  // namespace shard_test
