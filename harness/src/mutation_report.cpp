#include "mutation_report.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "interleave/harness/result_json.hpp"

namespace interleave::harness {

namespace {

using json = nlohmann::json;

json score_json(const Score& s) {
  return {{"percent", s.percent()},   {"mutants", s.mutants},   {"detected", s.detected()},
          {"killed", s.killed},       {"timeouts", s.timeouts}, {"crashes", s.crashes},
          {"survived", s.survived},   {"not_run", s.not_run}};
}

json mutant_json(const MutantResult& m) {
  const Site& s = m.mutant.site;
  json j = {{"id", m.mutant.id()},
            {"site", {{"file", s.file}, {"line", s.line}, {"column", s.column}, {"function", s.function}}},
            {"operation", s.operation},
            {"original", s.order},
            {"mutation", m.mutant.mutation},
            {"outcome", to_string(m.fate)},
            {"killed_by", nullptr},
            {"items", m.items},
            {"runs", m.runs},
            {"seconds", m.seconds},
            {"controls_changed", m.controls_changed}};
  if (m.decided_by) {
    const Result& r = *m.decided_by;
    j["killed_by"] = {{"id", r.id},
                      {"outcome", to_string(r.outcome)},
                      {"defect", r.verdict.defect.empty() ? json(nullptr) : json(r.verdict.defect)},
                      {"message", r.message},
                      {"seconds", r.seconds},
                      {"replay", r.replay}};
  }
  return j;
}

std::string to_json_text(const MutationRun& run, const MutationReportInfo& info) {
  json files = json::array();
  for (const auto& [file, score] : run.score_per_file()) {
    json f = score_json(score);
    f["file"] = file;
    files.push_back(std::move(f));
  }
  json mutants = json::array();
  for (const auto& m : run.mutants) mutants.push_back(mutant_json(m));
  json unreached = json::array();
  for (const Site& s : run.unreached) {
    result_json j;
    to_json(j, s);
    unreached.push_back(json::parse(j.dump()));
  }
  const json doc = {{"schema_version", 1},     {"command", info.command},
                    {"settings", info.settings}, {"selected", info.selected},
                    {"score", score_json(run.score())}, {"files", std::move(files)},
                    {"mutants", std::move(mutants)},   {"unreached_sites", std::move(unreached)}};
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

// Markdown text in a table cell or inline code: no '|' or newline breaks the table.
std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string where(const Site& s) { return fmt::format("{}:{}:{}", s.file, s.line, s.column); }

std::string to_markdown(const MutationRun& run, const MutationReportInfo& info) {
  const Score total = run.score();
  std::string md = "# interleave mutate\n\n";
  md += fmt::format("**Mutation score: {:.1f}%** ({} of {} mutants detected: {} killed, {} timed "
                    "out, {} crashed; {} survived{}).\n\n",
                    total.percent(), total.detected(), total.mutants - total.not_run, total.killed,
                    total.timeouts, total.crashes, total.survived,
                    total.not_run ? fmt::format("; {} not run", total.not_run) : "");
  md += fmt::format("Command: `{}`\n\n", cell(info.command));
  md += "| file | score | detected | survived |\n|---|---|---|---|\n";
  for (const auto& [file, s] : run.score_per_file())
    md += fmt::format("| {} | {:.1f}% | {} | {} |\n", cell(file), s.percent(), s.detected(), s.survived);
  md += fmt::format("\n## Survivors\n\nFor each: {}.\n\n", survivor_meaning);
  bool any = false;
  for (const auto& m : run.mutants) {
    if (m.fate != MutantFate::survived) continue;
    any = true;
    md += fmt::format("- `{}` {} `{}` made `{}` in `{}`; run against {} item(s): {}\n",
                      cell(where(m.mutant.site)), m.mutant.site.operation, m.mutant.site.order,
                      m.mutant.mutation, cell(m.mutant.site.function), m.items.size(),
                      cell(fmt::format("{}", fmt::join(m.items, ", "))));
  }
  if (!any) md += "None.\n";
  md += "\n## Detected\n\n| mutant | outcome | by | defect | seconds |\n|---|---|---|---|---|\n";
  for (const auto& m : run.mutants) {
    if (!detected(m.fate) || !m.decided_by) continue;
    const Result& r = *m.decided_by;
    md += fmt::format("| `{}` | {} | `{}` | {} | {:.2f} |\n", cell(m.mutant.id()), to_string(m.fate),
                      cell(r.id), cell(r.verdict.defect.empty() ? r.message : r.verdict.defect), r.seconds);
  }
  if (!run.unreached.empty()) {
    md += "\n## Sites reached only by negative controls\n\nNo item that runs the real primitive "
          "reaches these, so no mutant of theirs can be judged.\n\n";
    for (const Site& s : run.unreached)
      md += fmt::format("- `{}` {} `{}` in `{}`\n", cell(where(s)), s.operation, s.order, cell(s.function));
  }
  return md;
}

}  // namespace

std::vector<std::string> mutation_report_formats() { return {"json", "md"}; }

void write_mutation_reports(const std::string& dir, const std::vector<std::string>& formats,
                            const MutationRun& run, const MutationReportInfo& info) {
  for (const auto& format : formats) {
    const std::string path = dir + "/mutants." + format;
    const std::string text = format == "json" ? to_json_text(run, info) : to_markdown(run, info);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
      throw std::runtime_error(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  }
}

}  // namespace interleave::harness
