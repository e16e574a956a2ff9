#include "mutants_json.hpp"

#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "interleave/harness/result_json.hpp"

namespace interleave::harness {

namespace {

using json = result_json;  // ordered: the fields in the order documented
using json_field::outcome_named;
using json_field::text_or_empty;
using json_field::text_or_null;
using json_field::whole;

json score_json(const Score& s) {
  return {{"percent", s.percent()}, {"mutants", s.mutants},       {"detected", s.detected()},
          {"killed", s.killed},     {"timeouts", s.timeouts},     {"crashes", s.crashes},
          {"survived", s.survived}, {"equivalent", s.equivalent}, {"not_run", s.not_run}};
}

json mutant_json(const MutantResult& m) {
  const Site& s = m.mutant.site;
  json j = {{"id", m.mutant.id()},
            {"site",
             {{"file", s.file}, {"line", s.line}, {"column", s.column}, {"function", s.function}}},
            {"operation", s.operation},
            {"original", s.order},
            {"mutation", m.mutant.mutation},
            {"outcome", to_string(m.fate)},
            {"killed_by", nullptr},
            {"declared_equivalent", text_or_null(m.declared_equivalent)},
            {"items", m.items},
            {"runs", m.runs},
            {"seconds", m.seconds},
            {"controls_changed", m.controls_changed}};
  if (m.decided_by) {
    const Result& r = *m.decided_by;
    j["killed_by"] = {{"id", r.id},
                      {"outcome", to_string(r.outcome)},
                      {"defect", text_or_null(r.verdict.defect)},
                      {"message", r.message},
                      {"seconds", r.seconds},
                      {"replay", r.replay}};
  }
  return j;
}

MutantFate fate_named(const std::string& name) {
  for (MutantFate f : all_fates)
    if (to_string(f) == name) return f;
  throw std::runtime_error(fmt::format("unknown mutant outcome '{}'", name));
}

std::vector<std::string> texts(const json& j, const char* key) {
  return j.at(key).get<std::vector<std::string>>();
}

MutantResult mutant_from_json(const json& j) {
  if (!j.is_object()) throw std::runtime_error("a mutant is not a JSON object");
  const std::string id = j.at("id").get<std::string>();
  const auto parsed = parse_mutant_id(id);
  if (!parsed) throw std::runtime_error(parsed.error());
  MutantResult m;
  m.mutant = *parsed;
  const json& site = j.at("site");
  if (site.at("file").get<std::string>() != m.mutant.site.file ||
      whole<std::uint32_t>(site, "line") != m.mutant.site.line ||
      whole<std::uint32_t>(site, "column") != m.mutant.site.column ||
      j.at("operation").get<std::string>() != m.mutant.site.operation ||
      j.at("original").get<std::string>() != m.mutant.site.order ||
      j.at("mutation").get<std::string>() != m.mutant.mutation)
    throw std::runtime_error(fmt::format(
        "mutant '{}': its site, operation, original or mutation is not what its id says", id));
  m.mutant.site.function = site.at("function").get<std::string>();
  m.fate = fate_named(j.at("outcome").get<std::string>());
  const json& by = j.at("killed_by");
  // A detected mutant names what detected it; no other does (mutate's rule).
  if (detected(m.fate) == by.is_null())
    throw std::runtime_error(fmt::format("mutant '{}' is {} but its killed_by is {}", id,
                                         to_string(m.fate), by.dump().substr(0, 40)));
  if (!by.is_null()) {
    Result r;
    r.id = by.at("id").get<std::string>();
    r.outcome = outcome_named(by.at("outcome").get<std::string>());
    r.verdict.defect = text_or_empty(by, "defect");
    r.message = by.at("message").get<std::string>();
    r.seconds = json_field::seconds(by, "seconds");
    r.replay = by.at("replay").get<std::string>();
    m.decided_by = std::move(r);
  }
  if (const auto it = j.find("declared_equivalent"); it != j.end() && !it->is_null())
    m.declared_equivalent = it->get<std::string>();
  if ((m.fate == MutantFate::equivalent) == m.declared_equivalent.empty())
    throw std::runtime_error(fmt::format("mutant '{}' is {} but its declared_equivalent is {}", id,
                                         to_string(m.fate),
                                         m.declared_equivalent.empty() ? "null" : "a reason"));
  m.items = texts(j, "items");
  m.runs = whole<std::size_t>(j, "runs");
  m.seconds = json_field::seconds(j, "seconds");
  m.controls_changed = texts(j, "controls_changed");
  return m;
}

}  // namespace

std::string to_mutants_json(const MutationRun& run, const MutationReportInfo& info) {
  json files = json::array();
  for (const auto& [file, score] : run.score_per_file()) {
    json f = score_json(score);
    f["file"] = file;
    files.push_back(std::move(f));
  }
  json mutants = json::array();
  for (const auto& m : run.mutants) mutants.push_back(mutant_json(m));
  const json unreached = run.unreached;
  const json doc = {{"schema_version", mutants_json_schema_version},
                    {"command", info.command},
                    {"settings", info.settings},
                    {"selected", info.selected},
                    {"shard", text_or_null(info.shard)},
                    {"all_mutants", run.all_mutants},
                    {"partial", text_or_null(info.partial)},
                    {"score", score_json(run.score())},
                    {"files", std::move(files)},
                    {"mutants", std::move(mutants)},
                    {"unreached_sites", std::move(unreached)},
                    {"unmatched_declarations", run.unmatched_declarations}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

MutationRun parse_mutants_json(std::string_view text, MutationReportInfo* info) {
  try {
    const json doc = json::parse(text);
    if (!doc.is_object()) throw std::runtime_error("it is not a JSON object");
    if (!doc.contains("mutants"))
      throw std::runtime_error(doc.contains("results")
                                   ? "it is a results.json (of `run`), not a mutants.json"
                                   : "it has no 'mutants'");
    // Version 2 is version 3 without equivalence declarations.
    if (doc.at("schema_version") != mutants_json_schema_version && doc.at("schema_version") != 2)
      throw std::runtime_error(fmt::format("schema_version {} (this interleave reads 2 and {})",
                                           doc.at("schema_version").dump().substr(0, 40),
                                           mutants_json_schema_version));
    if (info) {
      info->command = text_or_empty(doc, "command");
      info->settings = text_or_empty(doc, "settings");
      info->selected = texts(doc, "selected");
      info->shard = text_or_empty(doc, "shard");
      info->partial = text_or_empty(doc, "partial");
    }
    MutationRun run;
    run.all_mutants = texts(doc, "all_mutants");
    for (const auto& id : run.all_mutants)
      if (const auto m = parse_mutant_id(id); !m)
        throw std::runtime_error("all_mutants: " + m.error());
    const json& mutants = doc.at("mutants");
    if (!mutants.is_array()) throw std::runtime_error("'mutants' is not a list");
    for (const auto& j : mutants) run.mutants.push_back(mutant_from_json(j));
    run.unreached = doc.at("unreached_sites").get<std::vector<Site>>();
    if (doc.contains("unmatched_declarations"))
      run.unmatched_declarations = texts(doc, "unmatched_declarations");
    return run;
  } catch (const json::exception& e) {  // a missing key, a wrong type, not JSON at all
    throw std::runtime_error(e.what());
  }
}

bool is_mutants_json(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  const json doc = json::parse(in, nullptr, false);  // not JSON: discarded, not thrown
  return doc.is_object() && doc.contains("mutants");
}

MutationRun read_mutants_json(const std::filesystem::path& file, MutationReportInfo* info) {
  return read_report_file(file, "mutants.json",
                          [&](std::string_view text) { return parse_mutants_json(text, info); });
}

}  // namespace interleave::harness
