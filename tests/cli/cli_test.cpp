// `interleave` as a user runs it: the project's own binary, its exit status, its reports.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "junit_validator.hpp"
#include "report_readers.hpp"
#include "interleave_test/command.hpp"
#include "sarif_validator.hpp"

namespace cli_test {

namespace fs = std::filesystem;
using json = nlohmann::json;

using interleave_test::Ran;

// The command with `args` (and `env` before it); output is stdout and stderr together.
Ran run(const std::string& args, const std::string& env = "") {
  return interleave_test::run_command(env + " " + INTERLEAVE_BINARY + " " + args + " 2>&1");
}

fs::path fresh_dir(const std::string& name) {
  const auto d = fs::temp_directory_path() /
                 ("interleave-cli-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  return d;
}

json read_json(const fs::path& p) {
  std::ifstream in(p);
  return json::parse(in);
}

// Everything but the timings, which differ from run to run: "(0.25s)" and a property's
// "found in scenario 2 after 0.01s".
std::string without_timings(const std::string& s) {
  const std::string once = std::regex_replace(s, std::regex(R"(\(\d+\.\d+s\))"), "(t)");
  return std::regex_replace(once, std::regex(R"(after \d+\.\d+s)"), "after t");
}

namespace readers = interleave::reports::readers;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every report format in `dir`, read back and held against results.json's items (`doc`): the
// per-item rows and headline counts of summary.md and report.html, junit.xml's test cases,
// verdicts and counts (valid for CI tools), and SARIF's findings (one per unexpected item) and
// its "did everything run" flag. Not just "the file exists".
void expect_every_report_holds(const fs::path& dir, const json& doc) {
  std::vector<readers::Row> rows;
  for (const auto& res : doc["results"]) rows.push_back({res["outcome"], res["id"]});
  const readers::Counts counts = readers::counts_of(rows);
  EXPECT_EQ(counts.total, doc["summary"]["total"].get<std::size_t>());

  const std::string md = read_text(dir / "summary.md");
  EXPECT_EQ(readers::row_problems(readers::markdown_rows(md), readers::passes_last(rows)),
            std::vector<std::string>{});
  EXPECT_EQ(readers::markdown_counts(md), counts) << md.substr(0, 400);

  const std::string html = read_text(dir / "report.html");
  EXPECT_EQ(readers::row_problems(readers::html_rows(html), rows), std::vector<std::string>{});
  EXPECT_EQ(readers::html_counts(html), counts);

  pugi::xml_document junit;
  ASSERT_TRUE(junit.load_file((dir / "junit.xml").c_str()));
  EXPECT_EQ(interleave::reports::validation::junit_problems(junit), std::vector<std::string>{});
  const auto cases = readers::junit_expected(rows);
  EXPECT_EQ(readers::row_problems(readers::junit_cases(junit), cases), std::vector<std::string>{});
  const auto root = junit.document_element();
  EXPECT_EQ(root.attribute("tests").as_ullong(), rows.size());
  std::size_t failures = 0, errors = 0;
  for (const auto& c : cases) failures += c.outcome == "failure", errors += c.outcome == "error";
  EXPECT_EQ(root.attribute("failures").as_ullong(), failures);
  EXPECT_EQ(root.attribute("errors").as_ullong(), errors);

  const json sarif = json::parse(read_text(dir / "results.sarif"));
  EXPECT_EQ(interleave::reports::validation::sarif_problems(sarif), std::vector<std::string>{});
  std::vector<std::string> findings, unexpected;
  for (const auto& r : sarif["runs"][0]["results"]) findings.push_back(r["properties"]["id"]);
  for (const auto& r : rows)
    if (readers::unexpected(r.outcome)) unexpected.push_back(r.id);
  EXPECT_EQ(findings, unexpected);
  const bool partial = doc.contains("partial") && !doc["partial"].is_null();
  EXPECT_EQ(sarif["runs"][0]["invocations"][0]["executionSuccessful"].get<bool>(), !partial);
}

TEST(Cli, list_shows_every_item_with_its_expected_outcome) {
  const Ran r = run("list");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("mutex/negative/forgets-to-lock"), std::string::npos);
  EXPECT_NE(r.output.find("fails with DATA RACE"), std::string::npos);
  EXPECT_NE(r.output.find("condvar/negative/notify-one-wakes-nobody"), std::string::npos);
  EXPECT_NE(r.output.find("fails with DEADLOCK"), std::string::npos);
}

TEST(Cli, list_filter_is_a_glob_where_star_crosses_slashes) {
  const Ran r = run("list --filter '*negative*'");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output.find("mutex/mutual-exclusion "), std::string::npos);
  EXPECT_NE(r.output.find("mutex/negative/forgets-to-lock"), std::string::npos);
}

// The README's sample output is what the program prints today: each of its fenced blocks that
// begins with a result line ("EXPECTED FAILURE  ID  ...") is checked line by line against the
// output of `run --filter ID` and of the replay command the block shows (timings aside).
TEST(Cli, the_readmes_sample_output_is_what_the_program_prints) {
  const std::string readme = read_text(fs::path(INTERLEAVE_SOURCE_DIR) / "README.md");
  const std::regex block(R"(```\n((PASS|EXPECTED FAILURE|FAIL) +[^\n]*\n(?:[^`][^\n]*\n)*)```)");
  int blocks = 0;
  for (auto m = std::sregex_iterator(readme.begin(), readme.end(), block);
       m != std::sregex_iterator(); ++m) {
    ++blocks;
    const std::string sample = (*m)[1];
    std::smatch id, replay;
    ASSERT_TRUE(std::regex_search(sample, id, std::regex(R"(^[A-Z ]+? {2,}(\S+))")));
    std::string printed = run("run --filter '" + id[1].str() + "'").output;
    if (std::regex_search(sample, replay,
                          std::regex(R"(replay: \./build/interleave (replay [^\n]*))")))
      printed += run(replay[1].str()).output;
    printed = without_timings(printed);
    std::istringstream lines(sample);
    for (std::string line; std::getline(lines, line);) {
      const std::string expected = without_timings(line);
      const std::string as_printed =
          std::regex_replace(expected, std::regex(R"(\./build/interleave)"), INTERLEAVE_BINARY);
      EXPECT_NE(printed.find(as_printed), std::string::npos)
          << "README.md shows\n"
          << expected << "\nbut the program printed\n"
          << printed;
    }
  }
  EXPECT_GE(blocks, 1) << "README.md shows no sample output";
}

// Colour on a terminal (a pseudo-terminal made by util-linux's `script`), none with NO_COLOR or
// in a pipe, unless asked.
TEST(Cli, outcome_words_are_coloured_on_a_terminal_only) {
  const std::string green_pass = "\033[1;32mPASS\033[0m";
  const std::string command =
      std::string(INTERLEAVE_BINARY) + " run --filter mutex/mutual-exclusion";
  const auto on_terminal = [&](const std::string& env) {
    return interleave_test::run_command(env + " script -qec '" + command + "' /dev/null 2>&1");
  };
  const Ran terminal = on_terminal("");
  ASSERT_EQ(terminal.status, 0) << terminal.output;
  EXPECT_NE(terminal.output.find(green_pass), std::string::npos) << terminal.output;
  EXPECT_NE(terminal.output.find("\033[1;32mOK\033[0m: "), std::string::npos) << terminal.output;
  const Ran no_color = on_terminal("NO_COLOR=1");
  ASSERT_EQ(no_color.status, 0) << no_color.output;
  EXPECT_NE(no_color.output.find("PASS "), std::string::npos) << no_color.output;
  EXPECT_EQ(no_color.output.find("\033[1;"), std::string::npos) << no_color.output;
  const Ran piped = run("run --filter mutex/mutual-exclusion");
  EXPECT_EQ(piped.output.find('\033'), std::string::npos) << piped.output;
  const Ran asked = run("run --filter mutex/mutual-exclusion --color always");
  EXPECT_NE(asked.output.find(green_pass), std::string::npos) << asked.output;
}

// The machine-readable listing holds the same items as the columns, in the same order, each
// with the fields results.json gives it (what interleave_discover_tests reads).
TEST(Cli, list_as_json_holds_the_items_of_the_text_listing) {
  const Ran text = run("list --filter 'mutex/*'");
  const Ran listed = run("list --filter 'mutex/*' --format json");
  ASSERT_EQ(text.status, 0) << text.output;
  ASSERT_EQ(listed.status, 0) << listed.output;
  const json doc = json::parse(listed.output);
  std::vector<std::string> from_json, from_text;
  for (const auto& item : doc.at("items")) {
    from_json.push_back(item.at("id"));
    EXPECT_TRUE(item.at("kind") == "model" || item.at("kind") == "property") << item;
    EXPECT_TRUE(item.at("source").at("file").get<std::string>().ends_with(".cpp")) << item;
    EXPECT_EQ(item.at("expected_defect").is_null(), item.at("expected") == "pass") << item;
  }
  std::istringstream lines(text.output);
  for (std::string line; std::getline(lines, line);)
    from_text.push_back(line.substr(0, line.find(' ')));
  EXPECT_EQ(from_json, from_text);
  EXPECT_GE(from_json.size(), 4u);
  const Ran bad = run("list --format yaml");
  EXPECT_EQ(bad.status, 2) << bad.output;
  EXPECT_NE(bad.output.find("interleave: --format 'yaml': must be text or json"), std::string::npos)
      << bad.output;
}

// A library control among the results: a negative control whose registry entry injects its
// fault into the library (`injects_fault`, from a broken backend in the suite's type; a
// user-code demonstration fails too, but proves nothing about the library and is not one).
// Its id says where: `P/negative/...` is a hand-written model and `P/property/negative/...` a
// generated one of primitive P; a channel control names its flavor next
// (`channel/negative/bounded/...`). The test holds the two to agree.
struct LibraryControl {
  std::string primitive;
  std::string flavor;  // channel controls only
  bool generated = false;
};
std::optional<LibraryControl> library_control(const json& res) {
  const std::string id = res["id"];
  std::vector<std::string> parts;
  for (std::size_t from = 0;;) {
    const std::size_t slash = id.find('/', from);
    parts.push_back(id.substr(from, slash - from));
    if (slash == std::string::npos) break;
    from = slash + 1;
  }
  LibraryControl c{parts[0], "", parts.size() > 2 && parts[1] == "property"};
  const std::size_t negative = c.generated ? 2 : 1;
  const bool named_as_control = parts.size() > negative + 1 && parts[negative] == "negative";
  const bool injects = res.value("injects_fault", false);
  EXPECT_EQ(named_as_control, injects) << id << ": its id and its injects_fault disagree";
  if (!injects) return std::nullopt;
  if (c.primitive == "channel") c.flavor = parts[negative + 1];
  return c;
}

TEST(Cli, run_passes_and_every_negative_control_fails_with_its_expected_defect) {
  const auto dir = fresh_dir("run");
  const Ran r = run("run --report-dir " + dir.string());
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("OK: every result is what it was expected to be"), std::string::npos);
  const json doc = read_json(dir / "results.json");
  EXPECT_EQ(doc["schema_version"], 2);
  std::set<std::string> primitives, flavors;  // with a passing item; channel/<flavor>/... passing
  // Library controls per primitive ("condvar") and per channel flavor ("channel/bounded"):
  // hand-written, generated.
  std::map<std::string, std::pair<int, int>> controls;
  std::set<std::string> use_after_free_controls;  // "channel model", "arc property", ...
  for (const auto& res : doc["results"]) {
    const std::string id = res["id"];
    const std::string primitive = id.substr(0, id.find('/'));
    const auto control = library_control(res);
    if (res["expected_defect"] == "ACCESS TO FREED MEMORY" && control)
      use_after_free_controls.insert(primitive + " " + res["kind"].get<std::string>());
    if (res["expected_defect"].is_null()) {
      primitives.insert(primitive);
      if (primitive == "channel" && res["kind"] == "model")
        flavors.insert(id.substr(8, id.find('/', 8) - 8));
    }
    if (control) {
      EXPECT_EQ(res["kind"] == "property", control->generated) << id;
      EXPECT_FALSE(res["expected_defect"].is_null())
          << id << " is a negative control expected to pass";
      for (const std::string& key :
           {primitive, control->flavor.empty() ? "" : primitive + "/" + control->flavor})
        if (!key.empty()) ++(control->generated ? controls[key].second : controls[key].first);
    }
    if (res["kind"] == "property") {
      // Generated scenarios (issue 6): a correct primitive passes every one of its fixed number
      // of scenarios (the time budget did not cut the run short), and a negative control is
      // found from scratch and shrunk to at most four operations.
      if (res["expected_defect"].is_null())
        EXPECT_EQ(res["scenarios"], res["iteration_budget"]) << id << ": " << res.dump();
      else
        EXPECT_LE(res["scenario"]["operations"].get<int>(), 4)
            << id << ": " << res["scenario"].dump();
    }
    if (res["expected_defect"].is_null()) {
      EXPECT_EQ(res["outcome"], "pass") << id << ": " << res.dump();
      EXPECT_NE(res["search"], "stopped at the first defect") << id;
    } else {
      EXPECT_EQ(res["outcome"], "expected-failure") << id;
      EXPECT_EQ(res["defect"], res["expected_defect"]) << id;
      EXPECT_EQ(res["search"], "stopped at the first defect") << id;
      EXPECT_FALSE(res["trace"].empty()) << id;
      EXPECT_NE(res["replay"].get<std::string>().find(" replay " + id), std::string::npos) << id;
    }
  }
  // A model that cannot fail proves nothing: every primitive with a passing item, and every
  // channel flavor, has a fault injected into the library that a hand-written model catches and
  // one that generated scenarios catch (issue 6: found from scratch). Demonstrations of user
  // code do not count: they fail with any library.
  EXPECT_TRUE(flavors.contains("unbounded") && flavors.contains("bounded") &&
              flavors.contains("rendezvous"))
      << "channel flavors seen in passing models: " << json(flavors).dump();
  for (const auto& f : flavors) primitives.insert("channel/" + f);
  for (const auto& p : primitives) {
    EXPECT_GE(controls[p].first, 1) << p << " has no hand-written library control";
    EXPECT_GE(controls[p].second, 1) << p << " has no generated library control";
  }
  for (const auto& [key, n] : controls)
    EXPECT_TRUE(primitives.contains(key))
        << key << ": a control of no primitive or flavor with a passing item";
  // Use after free is caught in the library's own primitives, by hand-written models and by
  // generated scenarios, at least for channels and Arc.
  for (const char* control : {"channel model", "channel property", "arc model", "arc property"})
    EXPECT_TRUE(use_after_free_controls.contains(control))
        << "no use-after-free control: " << control;
  EXPECT_EQ(doc["summary"]["total"], doc["results"].size());
  EXPECT_EQ(doc["summary"]["fail"], 0);
  fs::remove_all(dir);
}

TEST(Cli, a_failure_trace_names_the_library_file_and_line) {
  const auto dir = fresh_dir("trace");
  ASSERT_EQ(
      run("run --filter condvar/negative/notify-one-wakes-nobody --report-dir " + dir.string())
          .status,
      0);
  const json res = read_json(dir / "results.json")["results"][0];
  bool names_condvar = false;
  for (const auto& step : res["trace"])
    if (step["file"] == "lib/include/interleave/condvar.hpp" && step["line"].get<int>() > 0)
      names_condvar = true;
  EXPECT_TRUE(names_condvar) << res["trace"].dump(1);
  EXPECT_EQ(res["trace"].back()["operation"], "DEADLOCK (deadlock detected)");
  fs::remove_all(dir);
}

// The quick profile still catches every negative control (the run must exit 0), and every
// failure it finds replays: models from Relacy's state, properties from RapidCheck's reproduce
// string plus Relacy's state.
TEST(Cli, replay_reproduces_the_same_defect_and_interleaving_every_time) {
  const auto dir = fresh_dir("replay");
  const Ran quick = run("run --profile quick --report-dir " + dir.string());
  ASSERT_EQ(quick.status, 0) << quick.output;
  const json doc = read_json(dir / "results.json");
  std::set<std::string> kinds;
  for (const auto& res : doc["results"]) {
    if (res["defect"].is_null()) continue;
    kinds.insert(res["defect"].get<std::string>());
    std::string replay = res["replay"];
    const std::string args = replay.substr(replay.find(" replay ") + 1);
    const Ran first = run(args);
    const Ran second = run(args);
    EXPECT_EQ(first.status, 0) << first.output;
    EXPECT_NE(first.output.find(res["defect"].get<std::string>()), std::string::npos);
    EXPECT_EQ(without_timings(first.output), without_timings(second.output));
    for (const auto& step : res["trace"])
      EXPECT_NE(first.output.find(step["operation"].get<std::string>()), std::string::npos)
          << "replay of " << res["id"] << " lacks step " << step.dump();
    if (res["kind"] == "property") {
      EXPECT_NE(replay.find(" --reproduce "), std::string::npos) << replay;
      for (const auto& column : res["scenario"]["threads"])
        for (const auto& op : column)
          EXPECT_NE(first.output.find(op["operation"].get<std::string>() + " -> " +
                                      op["result"].get<std::string>()),
                    std::string::npos)
              << "replay of " << res["id"] << " lacks " << op.dump() << "\n"
              << first.output;
    }
  }
  for (const char* kind :
       {"DATA RACE", "DEADLOCK", "USER ASSERT FAILED", "DOUBLE FREE", "MEMORY LEAK"})
    EXPECT_TRUE(kinds.contains(kind)) << "no replay proof for " << kind;
  fs::remove_all(dir);
}

TEST(Cli, shards_split_the_suite_without_overlap) {
  // The whole suite in registration order, the order of an unsharded run: `list`'s first column.
  std::vector<std::string> whole_order;
  const Ran listed = run("list");
  ASSERT_EQ(listed.status, 0) << listed.output;
  std::istringstream lines(listed.output);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) whole_order.push_back(line.substr(0, line.find(' ')));
  ASSERT_GT(whole_order.size(), 100u);
  const std::set<std::string> all(whole_order.begin(), whole_order.end());
  ASSERT_EQ(all.size(), whole_order.size());
  // Each unit once: an item, or one piece of an item whose search the shards divide.
  std::set<std::string> seen, seen_ids;
  std::map<std::string, int> pieces_of;
  std::set<std::string> held_by_last;  // the items of which shard 2/3 holds a unit
  std::string shard_files;
  // A small budget: this is about which items run where, not about how deep each one searches.
  // (Not --iterations: for a property that is the number of scenarios.)
  const std::string budget = " --profile quick";
  for (int i = 0; i < 3; ++i) {
    const auto dir = fresh_dir("shard" + std::to_string(i));
    const std::string env = "GTEST_SHARD_INDEX=" + std::to_string(i) + " GTEST_TOTAL_SHARDS=3";
    ASSERT_EQ(run("run --report-dir " + dir.string() + budget, env).status, 0);
    const json doc = read_json(dir / "results.json");
    EXPECT_EQ(doc["shard"], std::to_string(i) + "/3");
    for (const auto& res : doc["results"]) {
      const std::string id = res["id"];
      std::string unit = id;
      if (res.contains("piece")) {
        unit += " #" + res["piece"]["index"].dump();
        pieces_of[id] = res["piece"]["count"];
        EXPECT_EQ(doc["divided"][id], res["piece"]["count"]) << id;
      }
      EXPECT_TRUE(seen.insert(unit).second) << unit;
      seen_ids.insert(id);
      if (i == 2) held_by_last.insert(id);
    }
    shard_files += " " + (dir / "results.json").string();
  }
  EXPECT_EQ(seen_ids, all);
  EXPECT_FALSE(pieces_of.empty()) << "no item's search was divided among the shards";
  for (const auto& [id, count] : pieces_of)
    for (int k = 0; k < count; ++k)
      EXPECT_TRUE(seen.contains(id + " #" + std::to_string(k))) << id << " piece " << k;

  // merge puts the shards back together, in every format.
  const auto merged = fresh_dir("merged");
  const Ran m = run("merge --report-dir " + merged.string() + " --format json,junit,md,html,sarif" +
                    shard_files);
  ASSERT_EQ(m.status, 0) << m.output;
  // Registration order (the unsharded run's), not the order of the shard files.
  std::vector<std::string> merged_order;
  const json merged_doc = read_json(merged / "results.json");
  for (const auto& res : merged_doc["results"]) merged_order.push_back(res["id"]);
  EXPECT_EQ(merged_order, whole_order);
  EXPECT_TRUE(merged_doc["partial"].is_null());
  expect_every_report_holds(merged, merged_doc);

  // interleave-merge, the harness without the models (a CI merge job's program), merges the same
  // shards into the same results.
  const auto small = fresh_dir("merged-by-interleave-merge");
  const Ran by_merge_program =
      interleave_test::run_command(std::string(INTERLEAVE_MERGE_BINARY) + " merge --report-dir " +
                                   small.string() + " --format json,sarif" + shard_files + " 2>&1");
  ASSERT_EQ(by_merge_program.status, 0) << by_merge_program.output;
  json small_doc = read_json(small / "results.json");
  EXPECT_EQ(small_doc["results"], merged_doc["results"]);
  EXPECT_EQ(small_doc["summary"], merged_doc["summary"]);
  fs::remove_all(small);

  // The same shard twice is an overlap, and a file that is not a report is bad input.
  const std::string first_shard = shard_files.substr(1, shard_files.find(' ', 1) - 1);
  const Ran twice =
      run("merge --report-dir " + merged.string() + " " + first_shard + " " + first_shard);
  EXPECT_EQ(twice.status, 2);
  EXPECT_NE(twice.output.find("overlapping shards: shard 0/3 is both"), std::string::npos)
      << twice.output;

  // Merge is a gate: two of three shards are refused, naming the missing one; --allow-partial
  // merges them, marks the missing shard's items not-run, and fails the gate.
  const std::string two_of_three = shard_files.substr(0, shard_files.rfind(' '));
  const Ran partial = run("merge --report-dir " + merged.string() + two_of_three);
  EXPECT_EQ(partial.status, 2) << partial.output;
  EXPECT_NE(partial.output.find("incomplete shard set: 2/3 is missing"), std::string::npos)
      << partial.output;
  const Ran allowed = run("merge --allow-partial --format json,junit,md,html,sarif --report-dir " +
                          merged.string() + two_of_three);
  EXPECT_EQ(allowed.status, 1) << allowed.output;
  EXPECT_NE(allowed.output.find("FAILED: partial merge: incomplete shard set: 2/3 is missing"),
            std::string::npos)
      << allowed.output;
  const json partial_doc = read_json(merged / "results.json");
  EXPECT_FALSE(partial_doc["summary"]["as_expected"].get<bool>());
  EXPECT_EQ(partial_doc["results"].size(), whole_order.size());
  for (std::size_t i = 0; i < whole_order.size(); ++i)  // every item with a unit of 2/3's
    EXPECT_EQ(partial_doc["results"][i]["outcome"] == "not-run",
              held_by_last.contains(whole_order[i]))
        << whole_order[i];
  expect_every_report_holds(merged, partial_doc);  // the missing shard's items shown not-run

  // Shards of another run (another total) are a mixed set.
  const auto other = fresh_dir("shard-other");
  ASSERT_EQ(run("run --shard 1/2 --report-dir " + other.string() + budget).status, 0);
  const Ran mixed = run("merge --report-dir " + merged.string() + " " + first_shard + " " +
                        (other / "results.json").string());
  EXPECT_EQ(mixed.status, 2) << mixed.output;
  EXPECT_NE(mixed.output.find("mixed shard sets"), std::string::npos) << mixed.output;
  fs::remove_all(other);
  const Ran junk = run("merge --report-dir " + merged.string() + " " + INTERLEAVE_BINARY);
  EXPECT_EQ(junk.status, 2);
  EXPECT_NE(junk.output.find("is not an interleave results.json"), std::string::npos)
      << junk.output;
  for (int i = 0; i < 3; ++i) fs::remove_all(fresh_dir("shard" + std::to_string(i)));
  fs::remove_all(merged);
}

TEST(Cli, an_unexpected_pass_exits_1) {
  // Searching a negative control with a bound too small to reach its bug: the lost wake-up
  // needs the consumer to run after the producer, which the first iteration of a random search
  // starting at a seed that schedules the consumer first may not do; use a search that cannot
  // find a data race at all: one iteration of the mutex model that is fine.
  const Ran r =
      run("run --filter mutex/negative/shared-exception-state --scheduler random --iterations 1");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("UNEXPECTED PASS"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("FAILED: 1 result is not what it was expected to be"), std::string::npos);
}

struct BadUsage {
  const char* args;
  const char* message;
};

class CliBadUsage : public testing::TestWithParam<BadUsage> {};

TEST_P(CliBadUsage, exits_2_naming_what_was_wrong) {
  const Ran r = run(GetParam().args);
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find(GetParam().message), std::string::npos) << r.output;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CliBadUsage,
    testing::Values(
        BadUsage{"", "A subcommand is required"},
        BadUsage{"frobnicate",
                 "unknown command 'frobnicate' (commands: list, run, replay, merge, mutate)"},
        BadUsage{"run --bogus", "--bogus"}, BadUsage{"run --scheduler fast", "fast"},
        BadUsage{"run --iterations 0", "--iterations"},
        BadUsage{"run --filter 'no/such/*'", "no model or property id matches 'no/such/*'"},
        BadUsage{"run --format xml --report-dir /tmp/x", "unknown report format 'xml'"},
        BadUsage{"run --format json", "--format needs --report-dir"},
        BadUsage{"run --shard 3/2", "--shard '3/2': must be I/N, shard I of N"},
        BadUsage{"run --shard two", "--shard 'two': must be I/N"},
        BadUsage{"run --shard 4294967296/3", "--shard '4294967296/3': must be I/N"},
        BadUsage{"run --shard 99999999999999999999999999/3",
                 "--shard '99999999999999999999999999/3'"},
        // every number over its whole range: no wrap, no truncation, no NaN, no overflow
        BadUsage{"run --filter mutex/mutual-exclusion --time-budget 1e300",
                 "--time-budget '1e300': must be a number of seconds from 0.001 to 604800"},
        BadUsage{"run --filter mutex/mutual-exclusion --time-budget nan", "--time-budget 'nan'"},
        BadUsage{"run --filter mutex/mutual-exclusion --timeout nan", "--timeout 'nan'"},
        BadUsage{"run --filter mutex/mutual-exclusion --timeout inf", "--timeout 'inf'"},
        BadUsage{"run --filter mutex/mutual-exclusion --seed=-1",
                 "--seed '-1': must be a whole number from 1 to"},
        BadUsage{"run --filter mutex/mutual-exclusion --seed 18446744073709551616",
                 "--seed '18446744073709551616'"},
        BadUsage{"run --filter mutex/mutual-exclusion --iterations 1e6", "--iterations '1e6'"},
        BadUsage{"run --filter mutex/mutual-exclusion --jobs 0",
                 "--jobs '0': must be a whole number from 1 to 256"},
        BadUsage{"run --filter mutex/mutual-exclusion --context-bound 17", "--context-bound '17'"},
        BadUsage{"run --filter 'channel/property/*' --iterations 4294967296",
                 "--iterations 4294967296: a property runs 1 to 1000000 scenarios"},
        BadUsage{"run --report-dir /proc/interleave-cannot", "cannot create report directory"},
        BadUsage{"replay no/such/model", "no model or property named 'no/such/model'"},
        BadUsage{"replay mutex/mutual-exclusion --state 'not a state'",
                 "is not a Relacy bound scheduler state"},
        // replay validates its input before it runs: thread indexes, lengths, ranges
        BadUsage{"replay mutex/negative/forgets-to-lock --scheduler bound --context-bound 2 "
                 "--state '1 3 5 0 0 2 0 0 2 0 0 '",
                 "decision 1 chooses among 5 threads; this item has 2"},
        BadUsage{"replay mutex/negative/forgets-to-lock --scheduler bound --state '1 99999999999'",
                 "announces 99999999999 decisions"},
        BadUsage{"replay mutex/negative/forgets-to-lock --scheduler random --state '1 3 2 0 0'",
                 "a bound or full search's state?"},
        // a state from another model: well-formed, but its decisions do not fit this execution
        BadUsage{
            "replay mutex/negative/forgets-to-lock --scheduler bound --context-bound 2 --state "
            "'137 13 2 0 0 2 0 0 2 0 0 2 0 0 2 0 0 2 0 0 2 0 0 2 0 0 2 1 0 2 1 0 2 0 1 2 1 0 2 1 0 "
            "'",
            "this state does not reproduce a failure of 'mutex/negative/forgets-to-lock'"},
        // an execution that ends without a defect is never a pass
        BadUsage{
            "replay mutex/mutual-exclusion --scheduler random --state '5 '",
            "this state does not reproduce a failure of 'mutex/mutual-exclusion': its execution "
            "ends without a defect"},
        BadUsage{"replay mutex/mutual-exclusion --seed 3", "does not reproduce a failure"},
        BadUsage{"replay channel/property/negative/unbounded/lost-notify --reproduce 'garbage!' "
                 "--state '1 1 2 0 0'",
                 "--reproduce is not a RapidCheck reproduce string"},
        BadUsage{"replay mutex/property/negative/forgets-to-lock --scheduler bound --context-bound "
                 "0 --state '1 1 2 0 0 ' "
                 "--reproduce "
                 "BUyYoFmbuVGbvAncvBXZyRXev4WZnFGdpZXZvw2bzRXLu9GdpZWeBAAAAAAAAAQAAAAAAAAAAEAAAAAAA"
                 "AAABAAAAAAAAAABAMQBAAAAEAwACQA",
                 "--reproduce is a failure of 'channel/property/negative/lost-notify', not of "
                 "'mutex/property/negative/forgets-to-lock'"},
        BadUsage{"replay mutex/mutual-exclusion --state '1 2' --seed 3", "excludes"},
        BadUsage{"run --profile slow", "slow"},
        BadUsage{"replay channel/property/unbounded --state '1 '", "needs --reproduce"},
        BadUsage{"replay mutex/mutual-exclusion --reproduce abc",
                 "--reproduce is for properties"}));

TEST(Cli, a_state_of_forty_thousand_characters_is_a_usage_error_not_a_crash) {
  std::string state = "1 13333";
  while (state.size() < 40000) state += " 2 0 0";
  const Ran r =
      run("replay mutex/negative/forgets-to-lock --scheduler bound --state '" + state + "'");
  EXPECT_EQ(r.status, 2) << r.output.substr(0, 2000);
  EXPECT_NE(r.output.find("--state is not a Relacy bound scheduler state"), std::string::npos)
      << r.output.substr(0, 2000);
}

TEST(Cli, numbers_in_the_environment_are_checked_and_named) {
  const Ran r = run("run --filter mutex/mutual-exclusion", "INTERLEAVE_ITERATIONS=-1");
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_NE(r.output.find("INTERLEAVE_ITERATIONS '-1': must be a whole number from 1 to"),
            std::string::npos)
      << r.output;
  const Ran g =
      run("run --filter mutex/mutual-exclusion", "GTEST_SHARD_INDEX=3 GTEST_TOTAL_SHARDS=3");
  EXPECT_EQ(g.status, 2) << g.output;
  EXPECT_NE(g.output.find("GTEST_SHARD_INDEX '3'"), std::string::npos) << g.output;
}

TEST(Cli, shard_environment_must_come_in_pairs) {
  const Ran r = run("run", "GTEST_SHARD_INDEX=1");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.output.find("GTEST_SHARD_INDEX and GTEST_TOTAL_SHARDS must be set together"),
            std::string::npos);
}

}  // namespace cli_test
