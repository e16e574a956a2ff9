#include "mutation_report.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "interleave/reports/escape.hpp"
#include "interleave/reports/text.hpp"
#include "mutants_json.hpp"

namespace interleave::harness {

namespace {

namespace escape = reports::escape;
namespace text = reports::text;

std::string where(const Site& s) { return fmt::format("{}:{}:{}", s.file, s.line, s.column); }

std::string summary_sentence(const Score& total) {
  return fmt::format(
      "{} of {} mutants detected: {} killed, {} timed out, {} crashed; {} "
      "survived{}{}",
      total.detected(), total.judged(), total.killed, total.timeouts, total.crashes, total.survived,
      total.equivalent ? fmt::format("; {} declared equivalent, not scored", total.equivalent) : "",
      total.not_run ? fmt::format("; {} not run", total.not_run) : "");
}

// "Mutation score", or "Mutation score of shard 1/3": a shard's is of its mutants only.
std::string score_title(const MutationReportInfo& info) {
  return info.shard.empty() ? "Mutation score" : "Mutation score of shard " + info.shard;
}

// What a reader must know before trusting the score: that it is a shard's, or a partial merge
// (whose gate fails), each as one sentence.
std::vector<std::string> caveats(const MutationRun& run, const MutationReportInfo& info) {
  std::vector<std::string> out;
  if (const std::string shard = shard_text(run, info); !shard.empty()) out.push_back(shard);
  if (!info.partial.empty())
    out.push_back(fmt::format("{}: {}", text::gate_word(false), text::partial_text(info.partial)));
  for (auto& w : declaration_warnings(run)) out.push_back(std::move(w));
  return out;
}

// What decided a mutant, in a few words: the defect, else the outcome's message.
std::string decided_text(const Result& r) {
  return r.verdict.defect.empty() ? r.message : r.verdict.defect;
}

std::string to_markdown(const MutationRun& run, const MutationReportInfo& info) {
  using escape::markdown;
  using escape::markdown_code;
  const Score total = run.score();
  std::string md = "# interleave mutate\n\n";
  md += fmt::format("**{}: {:.1f}%** ({}).\n\n", score_title(info), total.percent(),
                    markdown(summary_sentence(total)));
  for (const auto& c : caveats(run, info)) md += fmt::format("**Note**: {}.\n\n", markdown(c));
  md += fmt::format("Command: {}\n\n", markdown_code(info.command, false));
  md += "| file | score | detected | survived | declared equivalent |\n|---|---|---|---|---|\n";
  for (const auto& [file, s] : run.score_per_file())
    md += fmt::format("| {} | {:.1f}% | {} | {} | {} |\n", markdown_code(file), s.percent(),
                      s.detected(), s.survived, s.equivalent);
  md += fmt::format("\n## Survivors\n\nFor each: {}.\n\n", markdown(survivor_meaning));
  bool any = false;
  for (const auto& m : run.mutants) {
    if (m.fate != MutantFate::survived) continue;
    any = true;
    md += fmt::format(
        "- {} {} {} made {} in {}; run against: {}\n", markdown_code(where(m.mutant.site), false),
        markdown(m.mutant.site.operation), markdown_code(m.mutant.site.order, false),
        markdown_code(m.mutant.mutation, false), markdown_code(m.mutant.site.function, false),
        markdown(fmt::format("{}", fmt::join(m.items, ", "))));
    md += fmt::format("  - if no test could ever detect it, declare it (`--equivalent FILE`): {}\n",
                      markdown_code(declaration_line(m.mutant) + " REASON", false));
  }
  if (!any) md += "None.\n";
  if (run.score().equivalent > 0) {
    md += "\n## Declared equivalent (not scored)\n\n";
    for (const auto& m : run.mutants)
      if (m.fate == MutantFate::equivalent)
        md += fmt::format("- {} {}: {}\n", markdown_code(m.mutant.id(), false),
                          markdown_code(m.mutant.site.function, false),
                          markdown(m.declared_equivalent));
  }
  md += "\n## Detected\n\n| mutant | outcome | by | defect | seconds |\n|---|---|---|---|---|\n";
  for (const auto& m : run.mutants) {
    if (!detected(m.fate) || !m.decided_by) continue;
    const Result& r = *m.decided_by;
    md += fmt::format("| {} | {} | {} | {} | {:.2f} |\n", markdown_code(m.mutant.id()),
                      to_string(m.fate), markdown_code(r.id), markdown(decided_text(r)), r.seconds);
  }
  if (!run.unreached.empty()) {
    md +=
        "\n## Sites reached only by negative controls\n\nNo item that runs the real primitive "
        "reaches these, so no mutant of theirs can be judged.\n\n";
    for (const Site& s : run.unreached)
      md += fmt::format("- {} {} {} in {}\n", markdown_code(where(s), false), markdown(s.operation),
                        markdown_code(s.order, false), markdown_code(s.function, false));
  }
  return md;
}

std::string to_html(const MutationRun& run, const MutationReportInfo& info) {
  using escape::html;
  const Score total = run.score();
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>interleave mutate"
      "</title>\n<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
      "td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}code{font-size:90%}"
      ".survived{background:#fde2e2}.killed,.timeout,.crash{background:#e3f5e1}"
      ".equivalent{background:#eeeeee}</style></head>"
      "<body>\n<h1>interleave mutate</h1>\n";
  out += fmt::format("<p><strong>{}: {:.1f}%</strong> ({}).</p>\n", html(score_title(info)),
                     total.percent(), html(summary_sentence(total)));
  for (const auto& c : caveats(run, info))
    out += fmt::format("<p><strong>Note</strong>: {}.</p>\n", html(c));
  out += fmt::format("<p>Command: <code>{}</code></p>\n", html(info.command));
  out +=
      "<table><tr><th>file</th><th>score</th><th>detected</th><th>survived</th><th>declared "
      "equivalent</th></tr>\n";
  for (const auto& [file, s] : run.score_per_file())
    out += fmt::format(
        "<tr><td><code>{}</code></td><td>{:.1f}%</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
        html(file), s.percent(), s.detected(), s.survived, s.equivalent);
  out +=
      fmt::format("</table>\n<h2>Mutants</h2>\n<p>A survivor: {}.</p>\n", html(survivor_meaning));
  out +=
      "<table><tr><th>mutant</th><th>function</th><th>outcome</th><th>by</th><th>defect</th>"
      "<th>replay</th></tr>\n";
  for (const auto& m : run.mutants) {
    const Result* r = m.decided_by ? &*m.decided_by : nullptr;
    out += fmt::format(
        "<tr class=\"{}\"><td><code>{}</code></td><td><code>{}</code></td><td>{}</td>"
        "<td>{}</td><td>{}</td><td>{}</td></tr>\n",
        to_string(m.fate), html(m.mutant.id()), html(m.mutant.site.function), to_string(m.fate),
        r ? "<code>" + html(r->id) + "</code>" : "",
        r ? html(decided_text(*r))
          : (m.declared_equivalent.empty() ? "" : "declared: " + html(m.declared_equivalent)),
        r ? "<code>" + html(r->replay) + "</code>" : "");
  }
  out += "</table>\n";
  if (!run.unreached.empty()) {
    out += "<h2>Sites reached only by negative controls</h2>\n<ul>\n";
    for (const Site& s : run.unreached)
      out += fmt::format("<li><code>{}</code> {} <code>{}</code> in <code>{}</code></li>\n",
                         html(where(s)), html(s.operation), html(s.order), html(s.function));
    out += "</ul>\n";
  }
  return out + "</body></html>\n";
}

// One test case per mutant: a survivor is a failure (the suite did not notice the change), a
// detected mutant passes, one not run is skipped.
std::string to_junit(const MutationRun& run, const MutationReportInfo& info) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  const Score total = run.score();
  auto suites = doc.append_child("testsuites");
  auto suite = suites.append_child("testsuite");
  suite.append_attribute("name") = "interleave mutate";
  suite.append_attribute("tests") = static_cast<unsigned long long>(total.mutants);
  suite.append_attribute("failures") = static_cast<unsigned long long>(total.survived);
  suite.append_attribute("errors") = 0;
  suite.append_attribute("skipped") =
      static_cast<unsigned long long>(total.not_run + total.equivalent);
  // As junit.xml's suites carry them; the suite's name stays the same across shards.
  auto props = suite.append_child("properties");
  const auto prop = [&](const char* name, const std::string& value) {
    auto p = props.append_child("property");
    p.append_attribute("name") = name;
    p.append_attribute("value") = escape::xml(value).c_str();
  };
  prop("command", info.command);
  if (!info.shard.empty()) prop("shard", info.shard);
  if (!info.partial.empty()) prop("partial", info.partial);
  for (const auto& m : run.mutants) {
    auto tc = suite.append_child("testcase");
    tc.append_attribute("classname") = escape::xml(m.mutant.site.file).c_str();
    tc.append_attribute("name") = escape::xml(m.mutant.id()).c_str();
    tc.append_attribute("time") = m.seconds;
    if (m.fate == MutantFate::survived) {
      auto f = tc.append_child("failure");
      f.append_attribute("message") =
          escape::xml(fmt::format("survived: {}", survivor_meaning)).c_str();
      f.text().set(
          escape::xml(fmt::format("items that ended as registered: {}", fmt::join(m.items, ", ")))
              .c_str());
    } else if (m.fate == MutantFate::equivalent) {
      tc.append_child("skipped").append_attribute("message") =
          escape::xml(fmt::format("declared equivalent: {}", m.declared_equivalent)).c_str();
    } else if (m.fate == MutantFate::not_run) {
      tc.append_child("skipped").append_attribute("message") =
          info.partial.empty() ? "the run was stopped first"
                               : "the run was stopped first, or its shard was not merged";
    } else if (m.decided_by) {
      tc.append_child("system-out")
          .text()
          .set(escape::xml(fmt::format("{} by {} ({}); replay: {}", to_string(m.fate),
                                       m.decided_by->id, decided_text(*m.decided_by),
                                       m.decided_by->replay))
                   .c_str());
    }
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default | pugi::format_no_declaration, pugi::encoding_utf8);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out.str();
}

}  // namespace

std::vector<std::string> declaration_warnings(const MutationRun& run) {
  std::vector<std::string> out;
  for (const auto& m : run.mutants)
    if (m.wrongly_declared())
      out.push_back(fmt::format(
          "{} was declared equivalent ({}), but {} detected it: the declaration is wrong, and "
          "the mutant counts as detected",
          m.mutant.id(), m.declared_equivalent, m.decided_by ? m.decided_by->id : "an item"));
  for (const auto& d : run.unmatched_declarations)
    out.push_back(fmt::format(
        "the declaration {} matches no mutant of this run (stale, or of a site the selection "
        "does not reach)",
        d));
  return out;
}

std::string shard_text(const MutationRun& run, const MutationReportInfo& info) {
  if (info.shard.empty()) return "";
  return fmt::format(
      "shard {} holds {} of the run's {} mutants and scores those only: merge every shard's "
      "mutants.json (interleave merge) for the run's score",
      info.shard, run.mutants.size(), run.all_mutants.size());
}

const std::vector<std::string_view>& mutation_report_formats() {
  static const std::vector<std::string_view> formats = {"json", "md", "html", "junit"};
  return formats;
}

void write_mutation_reports(const std::string& dir, const std::vector<std::string>& formats,
                            const MutationRun& run, const MutationReportInfo& info) {
  for (const auto& format : formats) {
    const std::string path = dir + "/mutants." + (format == "junit" ? std::string("xml") : format);
    const std::string content = format == "json"   ? to_mutants_json(run, info)
                                : format == "md"   ? to_markdown(run, info)
                                : format == "html" ? to_html(run, info)
                                                   : to_junit(run, info);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    out.close();
    if (!out)
      throw std::runtime_error(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  }
}

}  // namespace interleave::harness
