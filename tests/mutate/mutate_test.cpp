// `interleave mutate` over tests/mutate/models, whose mutants are known: a necessary acquire
// (its weakening killed by a DATA RACE), an unnecessary seq_cst (its weakenings survive, its
// split is killed), a dropped notify (killed by DEADLOCK); the score, the gate, the reports, and
// the replay line of a kill.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "mutate_program.hpp"

namespace mutate_test {

namespace fs = std::filesystem;
using json = nlohmann::json;
using interleave_test::Ran;
using mutate_program::fresh_dir;
using mutate_program::program;

// One `mutate` run over the whole program, shared by the tests that read its reports.
struct Mutated {
  Ran ran;
  json doc;
  std::string markdown, html, junit;
};
const Mutated& mutated() {
  static const Mutated m = [] {
    const fs::path dir = fresh_dir("all");
    Mutated out{
        program("mutate --jobs 2 --report-dir " + dir.string() + " --format json,md,html,junit")};
    if (std::ifstream in(dir / "mutants.json"); in) out.doc = json::parse(in);
    for (auto [name, into] :
         {std::pair{"mutants.md", &out.markdown}, std::pair{"mutants.html", &out.html},
          std::pair{"mutants.xml", &out.junit}})
      if (std::ifstream in(dir / name); in)
        into->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    fs::remove_all(dir);
    return out;
  }();
  return m;
}

// The mutant of the site in `function` (a part of its name) with this operation, original
// order and mutation; null if there is none.
const json* find(const std::string& function, const std::string& operation,
                 const std::string& original, const std::string& mutation) {
  for (const auto& m : mutated().doc["mutants"])
    if (m["site"]["function"].get<std::string>().find(function) != std::string::npos &&
        m["operation"] == operation && m["original"] == original && m["mutation"] == mutation)
      return &m;
  return nullptr;
}

TEST(Mutate, a_necessary_acquire_and_release_weakened_are_killed_by_a_data_race) {
  ASSERT_EQ(mutated().ran.status, 0) << mutated().ran.output;
  for (const auto& [op, original] : {std::pair{"load", "acquire"}, std::pair{"store", "release"}}) {
    const json* m = find("message_passing", op, original, "relaxed");
    ASSERT_NE(m, nullptr) << op << " " << original << ": " << mutated().doc.dump(1);
    EXPECT_EQ((*m)["outcome"], "killed") << m->dump(1);
    EXPECT_EQ((*m)["killed_by"]["id"], "mutate/message-passing") << m->dump(1);
    EXPECT_EQ((*m)["killed_by"]["defect"], "DATA RACE") << m->dump(1);
  }
}

TEST(Mutate, an_unnecessary_seq_cst_weakened_survives_and_a_split_increment_is_killed) {
  ASSERT_EQ(mutated().ran.status, 0) << mutated().ran.output;
  for (const char* weaker : {"acq_rel", "relaxed"}) {
    const json* m = find("counter_of_hits", "fetch_add", "seq_cst", weaker);
    ASSERT_NE(m, nullptr) << weaker;
    EXPECT_EQ((*m)["outcome"], "survived") << m->dump(1);
    EXPECT_TRUE((*m)["killed_by"].is_null());
    EXPECT_EQ((*m)["items"], json::array({"mutate/counter"}));
  }
  const json* split = find("counter_of_hits", "fetch_add", "seq_cst", "split");
  ASSERT_NE(split, nullptr);
  EXPECT_EQ((*split)["outcome"], "killed") << split->dump(1);
  EXPECT_EQ((*split)["killed_by"]["defect"], "USER ASSERT FAILED") << split->dump(1);
}

TEST(Mutate, a_dropped_notify_is_killed_by_a_deadlock_and_a_lock_made_a_no_op_is_killed) {
  ASSERT_EQ(mutated().ran.status, 0) << mutated().ran.output;
  const json* dropped = find("handshake", "notify_one", "seq_cst", "dropped");
  ASSERT_NE(dropped, nullptr);
  EXPECT_EQ((*dropped)["outcome"], "killed") << dropped->dump(1);
  EXPECT_EQ((*dropped)["killed_by"]["defect"], "DEADLOCK") << dropped->dump(1);
  int unlocked = 0;
  for (const auto& m : mutated().doc["mutants"])
    if (m["mutation"] == "unlocked") {
      ++unlocked;
      EXPECT_EQ(m["outcome"], "killed") << m.dump(1);
    }
  EXPECT_EQ(unlocked, 2) << "one per lock site of the handshake";
}

TEST(Mutate, the_score_counts_every_mutant_once_and_the_reports_agree) {
  ASSERT_EQ(mutated().ran.status, 0) << mutated().ran.output;
  const json& doc = mutated().doc;
  EXPECT_EQ(doc["schema_version"], 3);
  EXPECT_TRUE(doc["shard"].is_null());
  EXPECT_TRUE(doc["partial"].is_null());
  EXPECT_EQ(doc["all_mutants"].size(), doc["mutants"].size());
  const json& score = doc["score"];
  int killed = 0, survived = 0;
  for (const auto& m : doc["mutants"]) {
    killed += m["outcome"] == "killed";
    survived += m["outcome"] == "survived";
    EXPECT_TRUE(m["controls_changed"].empty() ||
                m["controls_changed"] == json::array({"mutate/negative/relaxed-publish"}));
  }
  EXPECT_EQ(score["mutants"], doc["mutants"].size());
  EXPECT_EQ(score["killed"], killed);
  EXPECT_EQ(score["survived"], survived);
  EXPECT_GE(survived, 2);
  EXPECT_EQ(score["equivalent"], 0) << "nothing declared";
  EXPECT_DOUBLE_EQ(score["percent"].get<double>(),
                   100.0 * score["detected"].get<double>() / score["mutants"].get<double>());
  // The control's own relaxed store is a site no sound item reaches.
  bool control_site = false;
  for (const auto& s : doc["unreached_sites"])
    control_site |= s["operation"] == "store" && s["order"] == "relaxed";
  EXPECT_TRUE(control_site) << doc["unreached_sites"].dump(1);
  EXPECT_NE(mutated().markdown.find("Mutation score"), std::string::npos);
  EXPECT_NE(mutated().html.find("Mutation score"), std::string::npos);
  // JUnit: one test case per mutant, a failure per survivor.
  pugi::xml_document junit;
  ASSERT_TRUE(junit.load_string(mutated().junit.c_str())) << mutated().junit;
  const auto suite = junit.child("testsuites").child("testsuite");
  EXPECT_EQ(std::distance(suite.children("testcase").begin(), suite.children("testcase").end()),
            static_cast<std::ptrdiff_t>(doc["mutants"].size()));
  EXPECT_EQ(suite.attribute("failures").as_int(), survived);
  int failures = 0;
  for (const auto& tc : suite.children("testcase")) failures += !tc.child("failure").empty();
  EXPECT_EQ(failures, survived);
  EXPECT_NE(mutated().markdown.find("## Survivors"), std::string::npos);
  EXPECT_NE(mutated().ran.output.find("mutation score"), std::string::npos) << mutated().ran.output;
}

TEST(Mutate, min_score_is_a_gate) {
  const Ran above = program("mutate --filter 'mutate/message-passing' --min-score 100");
  EXPECT_EQ(above.status, 0) << above.output;  // both of its mutants are killed
  const Ran below = program("mutate --filter 'mutate/counter' --min-score 90");
  EXPECT_EQ(below.status, 1) << below.output;
  EXPECT_NE(below.output.find("below --min-score 90%"), std::string::npos) << below.output;
  const Ran bad = program("mutate --min-score 101");
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_NE(bad.output.find("percentage from 0 to 100"), std::string::npos) << bad.output;
}

// A file of declarations, written for one test and removed with it.
struct Declarations {
  fs::path file;
  explicit Declarations(const std::string& name, const std::string& text)
      : file(fresh_dir(name).string() + ".txt") {
    std::ofstream(file) << text;
  }
  ~Declarations() { fs::remove(file); }
};

TEST(Mutate, mutants_declared_equivalent_still_run_and_leave_the_score) {
  const Declarations eq(
      "equivalent",
      "# the counter's increments need only atomicity\n"
      "tests/mutate/models/primitives.cpp thread fetch_add:seq_cst:acq_rel only counts hits\n"
      "tests/mutate/models/primitives.cpp thread fetch_add:seq_cst:relaxed only counts hits\n"
      "tests/mutate/models/primitives.cpp gone load:acquire:relaxed a stale one\n");
  const fs::path dir = fresh_dir("declared");
  const Ran ran =
      program("mutate --filter mutate/counter --min-score 100 --equivalent " + eq.file.string() +
              " --report-dir " + dir.string() + " --format json,md,junit");
  // Without the declarations the same run scores 33% (the test above), below the gate.
  ASSERT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("mutation score 100.0%: 1 of 1 mutants detected"), std::string::npos)
      << ran.output;
  EXPECT_NE(ran.output.find("2 declared equivalent (not scored)"), std::string::npos) << ran.output;
  EXPECT_NE(ran.output.find("warning: the declaration " + eq.file.string() +
                            ":4: tests/mutate/models/primitives.cpp gone load:acquire:relaxed "
                            "matches no mutant of this run"),
            std::string::npos)
      << ran.output;
  std::ifstream in(dir / "mutants.json");
  const json doc = json::parse(in);
  EXPECT_EQ(doc["score"]["equivalent"], 2);
  EXPECT_EQ(doc["score"]["survived"], 0);
  EXPECT_EQ(doc["score"]["percent"], 100.0);
  int equivalent = 0;
  for (const auto& m : doc["mutants"])
    if (m["outcome"] == "equivalent") {
      ++equivalent;
      EXPECT_EQ(m["declared_equivalent"], "only counts hits") << m.dump(1);
      EXPECT_GE(m["runs"].get<int>(), 1) << "a declared mutant still runs: " << m.dump(1);
    } else {
      EXPECT_TRUE(m["declared_equivalent"].is_null()) << m.dump(1);
    }
  EXPECT_EQ(equivalent, 2);
  EXPECT_EQ(doc["unmatched_declarations"].size(), 1u) << doc.dump(1);
  std::ifstream md_in(dir / "mutants.md");
  const std::string md(std::istreambuf_iterator<char>(md_in), {});
  EXPECT_NE(md.find("## Declared equivalent (not scored)"), std::string::npos) << md;
  EXPECT_NE(md.find("matches no mutant of this run"), std::string::npos) << md;
  pugi::xml_document junit;
  ASSERT_TRUE(junit.load_file((dir / "mutants.xml").c_str()));
  EXPECT_EQ(junit.child("testsuites").child("testsuite").attribute("skipped").as_int(), 2);
  EXPECT_EQ(junit.child("testsuites").child("testsuite").attribute("failures").as_int(), 0);
  fs::remove_all(dir);
}

TEST(Mutate, a_survivor_suggests_its_declaration_and_a_detected_one_declared_is_reported_wrong) {
  ASSERT_EQ(mutated().ran.status, 0) << mutated().ran.output;
  EXPECT_NE(mutated().markdown.find(
                "`tests/mutate/models/primitives.cpp thread fetch_add:seq_cst:relaxed REASON`"),
            std::string::npos)
      << mutated().markdown;
  const Declarations eq("wrong",
                        "tests/mutate/models/primitives.cpp thread load:acquire:relaxed surely\n");
  const Ran ran =
      program("mutate --filter mutate/message-passing --equivalent " + eq.file.string());
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("was declared equivalent (surely), but mutate/message-passing "
                            "detected it: the declaration is wrong"),
            std::string::npos)
      << ran.output;
  EXPECT_NE(ran.output.find("mutation score 100.0%"), std::string::npos) << ran.output;
}

TEST(Mutate, a_bad_declarations_file_is_refused_before_anything_runs) {
  const Declarations eq("bad",
                        "tests/mutate/models/primitives.cpp thread fetch_add:seq_cst:relaxed\n");
  const Ran ran = program("mutate --equivalent " + eq.file.string());
  EXPECT_EQ(ran.status, 2) << ran.output;
  EXPECT_NE(ran.output.find(eq.file.string() + ":1: it gives no reason"), std::string::npos)
      << ran.output;
  EXPECT_EQ(ran.output.find("discovery"), std::string::npos) << ran.output;
  const Ran missing = program("mutate --equivalent /nonexistent/eq.txt");
  EXPECT_EQ(missing.status, 2) << missing.output;
  EXPECT_NE(missing.output.find("cannot read /nonexistent/eq.txt"), std::string::npos)
      << missing.output;
}

TEST(Mutate, the_replay_line_of_a_kill_reproduces_it) {
  ASSERT_EQ(mutated().ran.status, 0) << mutated().ran.output;
  const json* m = find("message_passing", "load", "acquire", "relaxed");
  ASSERT_NE(m, nullptr);
  const std::string replay = (*m)["killed_by"]["replay"];
  ASSERT_NE(replay.find(" --mutant "), std::string::npos) << replay;
  const Ran again = interleave_test::run_command(replay + " 2>&1");
  EXPECT_EQ(again.status, 1) << replay << "\n" << again.output;
  EXPECT_NE(again.output.find("DATA RACE"), std::string::npos) << again.output;
  // And without the mutant the same item passes.
  const Ran sound = program("run --filter mutate/message-passing");
  EXPECT_EQ(sound.status, 0) << sound.output;
}

TEST(Mutate, a_mutant_id_that_names_no_possible_mutant_is_refused_by_what_is_wrong) {
  const Ran a = program("run --filter mutate/counter --mutant nofile");
  EXPECT_EQ(a.status, 2) << a.output;
  EXPECT_NE(a.output.find("too few fields"), std::string::npos) << a.output;
  const Ran b = program("run --filter mutate/counter --mutant f.cpp:1:2:load:relaxed:acquire");
  EXPECT_EQ(b.status, 2) << b.output;  // a weakening only, never a strengthening
  EXPECT_NE(b.output.find("not a mutation of a relaxed load"), std::string::npos) << b.output;
  const Ran c = program("run --filter mutate/counter --mutant f.cpp:x:2:load:seq_cst:relaxed");
  EXPECT_EQ(c.status, 2) << c.output;
  EXPECT_NE(c.output.find("not a line or column number"), std::string::npos) << c.output;
}

}  // namespace mutate_test
