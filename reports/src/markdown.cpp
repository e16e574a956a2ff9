// summary.md: the run in GitHub-flavoured Markdown, small enough for a pull-request comment or
// $GITHUB_STEP_SUMMARY. A headline with the verdict and the counts per outcome, one table row per
// result, then a section per result that is not a plain pass (unexpected ones first, marked ❌)
// with its defect, Relacy's detail, the interleaving as a table and the replay command.
//
// Text from results (ids, operations, messages) is escaped: in a table cell a `|` would end the
// cell and a backtick would open a code span, and anywhere `*`, `_`, `<` and friends would turn
// into emphasis or HTML. Code spans pick a fence longer than any backtick run inside them.
#include <algorithm>
#include <array>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "interleave/reports/escape.hpp"
#include "interleave/reports/report.hpp"
#include "interleave/reports/text.hpp"

namespace interleave::reports {

using harness::Outcome;

namespace {

// How much a summary.md holds, from the most to the least. A file over its limit (GitHub cuts a
// pull-request comment at 65,536 characters and a step summary at 1 MiB) is written again with
// the next level, until it fits: an interleaving shows its last rows only (the defect is at the
// end), then none; then the plain passes leave the results table; then sections beyond the
// first few are counted, not written. report.html and results.json keep everything.
struct Detail {
  std::size_t trace_rows;  // rows per interleaving (0: none; the replay command stays)
  bool passes_listed;      // the results table's plain passes
  std::size_t sections;    // sections written; the rest are counted
};
constexpr std::size_t all = static_cast<std::size_t>(-1);
constexpr std::array<Detail, 8> details = {{{200, true, all},
                                            {50, true, all},
                                            {10, true, all},
                                            {0, true, all},
                                            {0, false, all},
                                            {0, false, 20},
                                            {0, false, 3},
                                            {0, false, 0}}};

std::string mark(Outcome o) { return harness::as_expected(o) ? "✅" : "❌"; }

// The results that are not plain passes, in registration order, then the plain passes folded
// away in a <details> of their own (listed only when `passes_listed`).
std::string results_table(const std::vector<harness::Result>& results, bool passes_listed) {
  constexpr std::string_view head =
      "| outcome | id | expected | defect | search | seconds |\n"
      "| --- | --- | --- | --- | --- | ---: |\n";
  const auto row = [](const harness::Result& r) {
    const std::string defect = text::defect_text(r);
    return fmt::format("| {} {} | {} | {} | {} | {} | {:.2f} |\n", mark(r.outcome),
                       harness::to_string(r.outcome), escape::markdown_code(r.id),
                       escape::markdown(r.expected.describe()),
                       defect.empty() ? "—" : escape::markdown(defect),
                       escape::markdown(text::search_text(r)), r.seconds);
  };
  std::string md, passes;
  std::size_t pass_count = 0;
  for (const auto& r : results) {
    if (r.outcome == Outcome::pass) {
      ++pass_count;
      if (passes_listed) passes += row(r);
    } else {
      md += row(r);
    }
  }
  if (!md.empty()) md = std::string(head) + md;
  if (pass_count == 0) return md;
  const std::string count = fmt::format("{} plain pass{}", pass_count, pass_count == 1 ? "" : "es");
  if (!passes_listed)
    return md + fmt::format("\n{} not listed here (report.html lists every result).\n", count);
  // A blank line after <summary> and before </details>, or GitHub does not render the table.
  return md + fmt::format("{}<details><summary>{}</summary>\n\n{}{}\n</details>\n",
                          md.empty() ? "" : "\n", count, head, passes);
}

// The interleaving without Relacy's marker steps, one row per step and long repetitions folded
// (text::trace_rows); the last step (the defect) in bold, and a DATA RACE's two accesses marked.
// The thread column names the lane of a step run outside the threads (text::lanes_of): "check".
std::string trace_table(const harness::Sources& sources, const harness::Result& r, bool open,
                        std::size_t max_rows) {
  const auto& trace = r.verdict.trace;
  const std::string_view defect = r.verdict.defect;
  const text::Lanes lanes = text::lanes_of(r);
  const auto racing = text::racing_steps(trace, defect);
  std::vector<text::TraceRow> shown;
  std::size_t markers = 0;
  for (const auto& row : text::trace_rows(trace, defect)) {
    if (!row.folded && trace[row.first].kind == harness::StepKind::relacy_marker)
      ++markers;
    else
      shown.push_back(row);
  }
  const std::size_t steps = trace.size() - markers;
  std::size_t omitted = 0;  // steps of the rows left out
  if (max_rows == 0)
    return fmt::format("Interleaving: {} step{}, in report.html and results.json.\n\n", steps,
                       steps == 1 ? "" : "s");
  if (shown.size() > max_rows) {
    const auto cut = shown.begin() + static_cast<std::ptrdiff_t>(shown.size() - max_rows);
    for (auto it = shown.begin(); it != cut; ++it) omitted += it->folded ? it->folded : 1;
    shown.erase(shown.begin(), cut);
  }

  std::string summary = fmt::format("interleaving: {} step{}", steps, steps == 1 ? "" : "s");
  if (markers)
    summary +=
        fmt::format(" (Relacy's {} marker step{} left out)", markers, markers == 1 ? "" : "s");
  // A blank line after <summary> and before </details>, or GitHub does not render the table.
  std::string md =
      fmt::format("<details{}><summary>{}</summary>\n\n", open ? " open" : "", summary);
  if (omitted)
    md += fmt::format(
        "The first {} steps are left out here; report.html and results.json have "
        "them all.\n\n",
        omitted);
  md += "| step | thread | object | operation | file:line |\n| ---: | ---: | --- | --- | --- |\n";
  for (const auto& row : shown) {
    if (row.folded) {
      md += fmt::format("| … | | | *{}* | |\n", escape::markdown(text::fold_text(trace, row)));
      continue;
    }
    const std::size_t at = row.first;
    const harness::Step& s = trace[at];
    const bool failing = at + 1 == trace.size();
    std::string op = escape::markdown(s.operation);
    if (failing && !op.empty()) op = "**" + op + "**";
    if (racing.size() == 2 && (at == racing[0] || at == racing[1]))
      op += " ⚠️ " +
            escape::markdown(text::racing_text(trace[at == racing[0] ? racing[1] : racing[0]]));
    std::string where = escape::markdown_code(text::where_text(s));
    if (const auto link = text::source_link(sources, s); !link.empty() && !where.empty())
      where = fmt::format("[{}]({})", where, link);  // the link holds no ')', '|' or space
    const std::size_t lane = lanes.of_step[at];
    const std::string thread =
        lanes.is_thread(lane) ? std::to_string(s.thread) : lanes.short_names[lane];
    md += fmt::format("| {}{} | {} | {} | {} | {} |\n", s.index, failing ? " ⚠️" : "", thread,
                      s.object.empty() ? "" : escape::markdown_code(s.object), op, where);
  }
  md += "\n</details>\n\n";
  return md;
}

// The generated scenario, one column per thread, each operation with what it returned in the
// execution whose interleaving follows.
std::string scenario_table_markdown(const harness::ScenarioTable& t) {
  const auto g = text::grid_of(t);
  std::string md = fmt::format(
      "Scenario ({} operations chosen by the generator; results from the "
      "interleaving below):\n\n|",
      t.operations());
  for (const auto& h : g.heads) md += fmt::format(" {} |", escape::markdown(h));
  md += "\n|";
  for (std::size_t i = 0; i < g.heads.size(); ++i) md += " --- |";
  md += '\n';
  for (const auto& row : g.rows) {
    md += '|';
    for (const auto& cell : row) md += fmt::format(" {} |", escape::markdown(cell));
    md += '\n';
  }
  return md + '\n';
}

std::string section(const harness::Result& r, const Detail& detail,
                    const harness::Sources& sources) {
  const bool unexpected = !harness::as_expected(r.outcome);
  std::string md = fmt::format("#### {} {}: {} ({})\n\n", mark(r.outcome),
                               unexpected ? "unexpected" : "expected",
                               escape::markdown_code(r.id, false), harness::to_string(r.outcome));
  if (!r.verdict.defect.empty()) {
    md += fmt::format("- **defect:** {}\n", escape::markdown(r.verdict.defect));
    if (!r.verdict.detail.empty() && r.verdict.detail != r.verdict.defect)
      md += fmt::format("- **Relacy says:** {}\n", escape::markdown(r.verdict.detail));
  }
  if (!r.message.empty())
    md += fmt::format("- **what happened:** {}\n", escape::markdown(r.message));
  md += fmt::format("- **expected:** {}\n", escape::markdown(r.expected.describe()));
  md += fmt::format("- **search:** {}\n", escape::markdown(text::search_text(r)));
  if (!r.verdict.other_defects.empty())
    md += fmt::format("- **searched past:** {}\n",
                      escape::markdown(text::other_defects_text(r.verdict)));
  if (!r.description.empty())
    md += fmt::format("- **model:** {}\n", escape::markdown(r.description));
  if (!r.verdict.reproduce.empty())
    md += fmt::format("- **RapidCheck reproduce:** {}\n",
                      escape::markdown_code(r.verdict.reproduce, false));
  md += '\n';
  if (r.verdict.scenario) md += scenario_table_markdown(*r.verdict.scenario);
  if (!r.verdict.trace.empty()) md += trace_table(sources, r, unexpected, detail.trace_rows);
  if (!r.replay.empty()) md += "Replay:\n\n" + escape::markdown_code_block(r.replay, "sh") + '\n';
  return md;
}

std::string render(const RunInfo& run, const std::vector<harness::Result>& results,
                   const Detail& detail, bool shortened, std::size_t limit) {
  const bool ok = text::gate_passes(results, run.partial);
  std::string md = fmt::format("## {} interleave: {}\n\n", ok ? "✅" : "❌",
                               text::verdict_text(results, run.partial));
  md += fmt::format("**{}** in {:.1f}s: {}", text::results_count_text(results.size()), run.seconds,
                    text::counts_text(results));
  if (!run.shard.empty()) md += fmt::format(" (shard {})", escape::markdown(run.shard));
  md += "\n\n";
  if (shortened)
    md += fmt::format(
        "*Shortened to fit {} characters: report.html and results.json have every result and "
        "step.*\n\n",
        limit);
  if (!run.interrupted.empty())
    md += fmt::format("**{}**: the report is partial.\n\n",
                      escape::markdown(text::interrupted_text(run.interrupted, results)));
  if (!run.partial.empty())
    md += fmt::format("**Partial merge**: {}\n\n", escape::markdown(run.partial));
  if (!run.command.empty())
    md += fmt::format("Command: {}\n\n", escape::markdown_code(run.command, false));
  if (!results.empty()) md += results_table(results, detail.passes_listed) + '\n';

  const auto sections = text::sections_in_order(results);
  if (!sections.empty()) {
    md += "### Failures and other results that are not a plain pass\n\n";
    const std::size_t written = std::min(sections.size(), detail.sections);
    for (std::size_t i = 0; i < written; ++i) md += section(*sections[i], detail, run.sources);
    if (written < sections.size())
      md += fmt::format("{} more section{} in report.html.\n\n", sections.size() - written,
                        sections.size() - written == 1 ? "" : "s");
    std::vector<const std::vector<harness::Step>*> traces;
    if (detail.trace_rows > 0)
      for (std::size_t i = 0; i < written; ++i) traces.push_back(&sections[i]->verdict.trace);
    for (const auto& [markers, meaning] : text::legend_of(traces, false))
      md += fmt::format("**Legend:** `{}`: {}\n\n", markers, escape::markdown(meaning));
  }
  return md;
}

}  // namespace

void write_markdown_within(const std::filesystem::path& dir, const RunInfo& run,
                           const std::vector<harness::Result>& results, std::size_t limit) {
  std::string md;
  for (std::size_t level = 0; level < details.size(); ++level) {
    md = render(run, results, details[level], level > 0, limit);
    if (md.size() <= limit) break;
  }
  if (md.size() > limit) {  // even the headline and the table of unexpected results are longer
    const std::string note = "\n*Cut here to fit the limit: report.html has the rest.*\n";
    const std::size_t keep = limit > note.size() ? limit - note.size() : 0;
    // The last whole line that leaves room for the note (its '\n' at most at keep - 1).
    const std::size_t line_end = keep == 0 ? std::string::npos : md.rfind('\n', keep - 1);
    md = md.substr(0, line_end == std::string::npos ? 0 : line_end + 1) + note;
  }

  const auto path = dir / "summary.md";
  std::ofstream out(path);
  out << md;
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

void write_markdown(const std::filesystem::path& dir, const RunInfo& run,
                    const std::vector<harness::Result>& results) {
  write_markdown_within(dir, run, results, step_summary_limit);
}

}  // namespace interleave::reports
