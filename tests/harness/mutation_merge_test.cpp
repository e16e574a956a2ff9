// mutants.json read back as it was written, and refused by what is wrong with it; the shards of
// `mutate --shard` joined by merge's rules (shard_set.hpp), their score that of the whole run.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mutants_json.hpp"
#include "mutation_merge.hpp"

namespace interleave::harness {
namespace mutation_merge_test {

using json = nlohmann::ordered_json;

// A run of six mutants at three sites: a release store's, a fetch_add's (killed, survived,
// timed out) and a strong compare-exchange made weak, declared equivalent.
MutationRun whole_run() {
  MutationRun run;
  const Site store{"lib/x.hpp", 10, 5, "store", "release", "void x::set()"};
  const Site add{"lib/y.hpp", 20, 7, "fetch_add", "acq_rel", "void y::add()"};
  const Site claim{"lib/y.hpp", 30, 9, "compare_exchange_strong", "relaxed", "bool y::claim()"};
  const std::vector<std::pair<Site, std::string>> changes = {{store, "relaxed"}, {add, "acquire"},
                                                             {add, "release"},   {add, "relaxed"},
                                                             {add, "split"},     {claim, "weak"}};
  for (std::size_t i = 0; i < changes.size(); ++i) {
    MutantResult m;
    m.mutant = {changes[i].first, changes[i].second};
    m.items = {"a/item", "b/item"};
    m.runs = i + 1;
    m.seconds = 0.25 * static_cast<double>(i);
    if (i % 2 == 0) {
      m.fate = i == 4 ? MutantFate::timeout : MutantFate::killed;
      Result r;
      r.id = "a/item";
      r.outcome = i == 4 ? Outcome::timeout : Outcome::fail;
      r.verdict.defect = i == 4 ? "" : "DATA RACE";
      r.message = i == 4 ? "killed after 1 s" : "";
      r.seconds = 0.5;
      r.replay = fmt::format("interleave replay a/item --mutant {}", m.mutant.id());
      m.decided_by = r;
    } else if (i == 5) {
      m.fate = MutantFate::equivalent;
      m.declared_equivalent = "a spurious failure retries as a lost race does";
    } else {
      m.fate = MutantFate::survived;
      m.controls_changed = {"a/negative"};
    }
    run.all_mutants.push_back(m.mutant.id());
    run.mutants.push_back(std::move(m));
  }
  run.unreached = {Site{"lib/x.hpp", 11, 5, "load", "relaxed", "bool x::get()"}};
  run.unmatched_declarations = {"equivalent.txt:4: lib/z.hpp gone load:acquire:relaxed"};
  return run;
}

MutationReportInfo info_of(std::string shard = "") {
  return {"interleave mutate",
          "profile=quick",
          {"a/item", "b/item", "a/negative"},
          std::move(shard),
          ""};
}

// Shard `index` of `total` of whole_run(), as `mutate --shard` writes it and merge reads it.
MutantShard shard(unsigned index, unsigned total) {
  MutationRun all = whole_run();
  MutantShard s{
      fmt::format("shard{}.json", index), info_of(fmt::format("{}/{}", index, total)), {}};
  s.run.all_mutants = all.all_mutants;
  s.run.unreached = all.unreached;
  s.run.unmatched_declarations = all.unmatched_declarations;
  for (std::size_t i = index; i < all.mutants.size(); i += total)
    s.run.mutants.push_back(all.mutants[i]);
  return s;
}

std::string refusal(const std::vector<MutantShard>& shards) {
  try {
    (void)merge_mutant_shards(shards, false);
  } catch (const MergeRefused& e) {
    return e.what();
  }
  return "(merged)";
}

std::string parse_error(const std::string& text) {
  try {
    (void)parse_mutants_json(text, nullptr);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(read)";
}

// whole_run()'s mutants.json, edited by `edit`.
std::string edited(const std::function<void(json&)>& edit) {
  json doc = json::parse(to_mutants_json(whole_run(), info_of()));
  edit(doc);
  return doc.dump();
}

void expect_same_mutants(const MutationRun& a, const MutationRun& b) {
  ASSERT_EQ(a.mutants.size(), b.mutants.size());
  for (std::size_t i = 0; i < a.mutants.size(); ++i) {
    const MutantResult &x = a.mutants[i], &y = b.mutants[i];
    EXPECT_EQ(x.mutant, y.mutant) << i;  // the site's function too
    EXPECT_EQ(x.fate, y.fate) << i;
    EXPECT_EQ(x.items, y.items) << i;
    EXPECT_EQ(x.runs, y.runs) << i;
    EXPECT_EQ(x.seconds, y.seconds) << i;
    EXPECT_EQ(x.controls_changed, y.controls_changed) << i;
    EXPECT_EQ(x.declared_equivalent, y.declared_equivalent) << i;
    ASSERT_EQ(x.decided_by.has_value(), y.decided_by.has_value()) << i;
    if (!x.decided_by) continue;
    EXPECT_EQ(x.decided_by->id, y.decided_by->id);
    EXPECT_EQ(x.decided_by->outcome, y.decided_by->outcome);
    EXPECT_EQ(x.decided_by->verdict.defect, y.decided_by->verdict.defect);
    EXPECT_EQ(x.decided_by->message, y.decided_by->message);
    EXPECT_EQ(x.decided_by->seconds, y.decided_by->seconds);
    EXPECT_EQ(x.decided_by->replay, y.decided_by->replay);
  }
}

TEST(MutantsJson, reads_back_what_it_wrote) {
  const MutationRun run = whole_run();
  MutationReportInfo info = info_of("1/2");
  info.partial = "incomplete shard set: 0/2 is missing";
  MutationReportInfo back;
  const MutationRun read = parse_mutants_json(to_mutants_json(run, info), &back);
  expect_same_mutants(read, run);
  EXPECT_EQ(read.all_mutants, run.all_mutants);
  EXPECT_EQ(read.unreached, run.unreached);
  EXPECT_EQ(read.unmatched_declarations, run.unmatched_declarations);
  EXPECT_EQ(back.command, info.command);
  EXPECT_EQ(back.settings, info.settings);
  EXPECT_EQ(back.selected, info.selected);
  EXPECT_EQ(back.shard, "1/2");
  EXPECT_EQ(back.partial, info.partial);
}

TEST(MutantsJson, refuses_what_is_not_a_mutants_json_by_what_is_wrong) {
  EXPECT_NE(parse_error("{\"schema_version\": 2, \"results\": []}")
                .find("it is a results.json (of `run`), not a mutants.json"),
            std::string::npos);
  EXPECT_NE(parse_error("[1, 2]").find("not a JSON object"), std::string::npos);
  EXPECT_NE(parse_error("{\"mutants\": [").find("parse error"), std::string::npos);
  EXPECT_NE(parse_error(edited([](json& d) {
              d["schema_version"] = 1;
            })).find("schema_version 1 (this interleave reads 2 and 3)"),
            std::string::npos);
  EXPECT_NE(parse_error(edited([](json& d) {
              d["mutants"][5]["declared_equivalent"] = nullptr;
            })).find("is equivalent but its declared_equivalent is null"),
            std::string::npos);
  EXPECT_NE(parse_error(edited([](json& d) {
              d["mutants"][1]["declared_equivalent"] = "no reason to doubt";
            })).find("is survived but its declared_equivalent is a reason"),
            std::string::npos);
  // Version 2: the same without declarations.
  const MutationRun v2 = parse_mutants_json(edited([](json& d) {
                                              d["schema_version"] = 2;
                                              d["mutants"].erase(5);
                                              d["all_mutants"].erase(5);
                                              for (auto& m : d["mutants"])
                                                m.erase("declared_equivalent");
                                              d.erase("unmatched_declarations");
                                            }),
                                            nullptr);
  EXPECT_EQ(v2.mutants.size(), 5u);
  EXPECT_TRUE(v2.unmatched_declarations.empty());
  EXPECT_NE(parse_error(edited([](json& d) {
              d["mutants"][0]["original"] = "seq_cst";
            })).find("is not what its id says"),
            std::string::npos);
  EXPECT_NE(parse_error(edited([](json& d) {
              d["mutants"][0]["killed_by"] = nullptr;
            })).find("is killed but its killed_by is null"),
            std::string::npos);
  EXPECT_NE(parse_error(edited([](json& d) {
              d["mutants"][1]["outcome"] = "maimed";
            })).find("unknown mutant outcome 'maimed'"),
            std::string::npos);
  EXPECT_NE(parse_error(edited([](json& d) {
              d["all_mutants"][2] = "f.cpp:1:2:load:relaxed:acquire";
            })).find("all_mutants: mutant 'f.cpp:1:2:load:relaxed:acquire'"),
            std::string::npos);
  EXPECT_NE(parse_error(edited([](json& d) { d["mutants"][0]["runs"] = -1; })).find("'runs' is -1"),
            std::string::npos);
}

TEST(MutationMerge, shards_in_any_file_order_join_into_the_whole_run) {
  const MergedMutation m = merge_mutant_shards({shard(2, 3), shard(0, 3), shard(1, 3)}, false);
  expect_same_mutants(m.run, whole_run());
  EXPECT_EQ(m.run.all_mutants, whole_run().all_mutants);
  EXPECT_EQ(m.run.unreached, whole_run().unreached);
  EXPECT_EQ(m.run.unmatched_declarations, whole_run().unmatched_declarations);
  EXPECT_TRUE(m.info.partial.empty());
  EXPECT_TRUE(m.info.shard.empty());
  EXPECT_EQ(m.info.selected, info_of().selected);
  const Score s = m.run.score();
  EXPECT_EQ(s.mutants, 6u);
  EXPECT_EQ(s.killed, 2u);
  EXPECT_EQ(s.timeouts, 1u);
  EXPECT_EQ(s.survived, 2u);
  EXPECT_EQ(s.equivalent, 1u);
  EXPECT_EQ(s.judged(), 5u);
  EXPECT_DOUBLE_EQ(s.percent(), 60.0);  // 3 of the 5 not declared equivalent
  const auto files = m.run.score_per_file();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].first, "lib/x.hpp");
  EXPECT_DOUBLE_EQ(files[0].second.percent(), 100.0);
  EXPECT_DOUBLE_EQ(files[1].second.percent(), 50.0);
}

TEST(MutationMerge, refuses_a_set_that_is_not_one_whole_run_in_merges_words) {
  EXPECT_NE(refusal({shard(0, 3), shard(2, 3)}).find("incomplete shard set: 1/3 is missing"),
            std::string::npos);
  EXPECT_NE(refusal({shard(0, 2), shard(0, 2), shard(1, 2)})
                .find("overlapping shards: shard 0/2 is both shard0.json and shard0.json"),
            std::string::npos);
  EXPECT_NE(refusal({shard(0, 2), shard(1, 3)})
                .find("mixed shard sets: shard0.json is shard 0/2 but shard1.json is shard 1/3"),
            std::string::npos);
  MutantShard other_build = shard(1, 2);
  other_build.run.all_mutants.pop_back();
  EXPECT_NE(refusal({shard(0, 2), other_build})
                .find("mixed shard sets: shard0.json and shard1.json found different mutants"),
            std::string::npos);
  MutantShard other_controls = shard(1, 2);
  other_controls.run.unreached.clear();
  EXPECT_NE(refusal({shard(0, 2), other_controls}).find("found different sites reached only by"),
            std::string::npos);
  MutantShard lost = shard(1, 2);
  lost.run.mutants.pop_back();
  EXPECT_NE(refusal({shard(0, 2), lost})
                .find("shard1.json says it is shard 1/2 but does not hold exactly that shard's "
                      "mutants"),
            std::string::npos);
  EXPECT_NE(refusal({shard(0, 2)}).find("--allow-partial"), std::string::npos);
}

TEST(MutationMerge, allow_partial_marks_the_missing_shards_mutants_not_run) {
  const MergedMutation m = merge_mutant_shards({shard(0, 2)}, true);
  EXPECT_NE(m.info.partial.find("incomplete shard set: 1/2 is missing"), std::string::npos);
  ASSERT_EQ(m.run.mutants.size(), 6u);
  for (std::size_t i = 0; i < m.run.mutants.size(); ++i) {
    const MutantResult& r = m.run.mutants[i];
    EXPECT_EQ(r.mutant.id(), whole_run().all_mutants[i]);  // known from its id alone
    EXPECT_EQ(r.fate == MutantFate::not_run, i % 2 == 1) << i;
  }
  EXPECT_EQ(m.run.score().not_run, 3u);
}

}  // namespace mutation_merge_test
}  // namespace interleave::harness
