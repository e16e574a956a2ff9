// report.html: the run as one self-contained page: no network, no external assets (inline CSS,
// no script, system fonts only), readable offline from a CI artifact.
//
// The page: the verdict and counts per outcome, the command, a table of every result, then a
// section per result that is not a plain pass (unexpected ones first) with its defect, Relacy's
// detail, its interleaving as swim lanes and its replay command.
//
// Swim lanes: one column per lane (text::lanes_of: a thread, or what Relacy runs outside the
// threads: a property's prefix and its suffix and check, a model's after()), one row per step in
// execution order; a step's cell sits in its lane and the others stay empty (drawn as a thin lane
// line), so a thread switch reads as a jump from one column to another. The last step, whose operation is the defect, is
// marked. Relacy's own marker steps ([CTOR BEGIN], [THREAD FINISHED], ...) stay, greyed, and a
// checkbox hides them (CSS :has(), no script). The table is `table-layout: fixed` and every cell
// wraps anywhere, so three threads fit a 1280px window without sideways scrolling.
//
// Source links: paths in a trace are relative to the project root (the build maps the source
// prefix away, or `run` takes the root off: harness/sources.hpp). With a source URL (run's
// --source-url, or GitHub's and GitLab's variables in CI), each file:line links to the file at
// the revision run, "URL/FILE#LLINE". Without one no href can be right everywhere, since the
// report directory can be anywhere: it links GitHub-style to "FILE#LLINE" with FILE exactly as
// given (percent-encoded), which resolves when the report sits at the project root or is served
// next to the sources by a viewer that understands #L anchors. The visible text always names
// the file and line.
//
// Every piece of text from a result is HTML-escaped; hrefs are percent-encoded as well, so a
// path can neither close the attribute nor become a `javascript:` URL.
#include <algorithm>
#include <cctype>
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

std::string outcome_class(Outcome o) {
  std::string s(harness::to_string(o));
  return "o-" + s;
}

// An element id for a result's section: its position (unique) and its id, tamed.
std::string anchor(std::size_t index, std::string_view id) {
  std::string out = fmt::format("r{}-", index);
  for (unsigned char c : id) out += std::isalnum(c) ? static_cast<char>(c) : '-';
  return out;
}

constexpr std::string_view style = R"css(
:root { --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --bg-soft: #f6f8fa;
        --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9;
        --warn: #9a6700; --warn-bg: #fff8c5; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 1240px; padding: 16px 20px 48px; color: var(--fg);
       font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
       overflow-wrap: anywhere; }
code, pre, .op, .where { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 8px; }
h4 { font-size: 14px; margin: 14px 0 6px; }
a { color: #0969da; }
.verdict { border-radius: 8px; padding: 12px 16px; margin-bottom: 12px; border: 1px solid; }
.verdict.ok { background: var(--ok-bg); border-color: #aceebb; }
.verdict.bad { background: var(--bad-bg); border-color: #ffcecb; }
.verdict p { margin: 0; font-size: 16px; font-weight: 600; }
.verdict .word { display: inline-block; border-radius: 4px; padding: 0 8px; margin-right: 6px; color: #fff; }
.verdict.ok .word { background: var(--ok); }
.verdict.bad .word { background: var(--bad); }
.counts { display: flex; flex-wrap: wrap; gap: 6px; list-style: none; padding: 0; margin: 8px 0; }
.counts li { border: 1px solid var(--line); border-radius: 999px; padding: 2px 10px; background: #fff; }
.counts li.zero { color: var(--muted); opacity: .6; }
.counts .n { font-weight: 700; margin-right: 3px; }
dl.facts { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 12px; margin: 6px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; min-width: 0; }
pre { background: var(--bg-soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px;
      margin: 4px 0; white-space: pre-wrap; word-break: break-all; font-size: 12.5px; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top; text-align: left; }
th { background: var(--bg-soft); font-weight: 600; }
td.num, th.num { text-align: right; }
tr.result.unexpected td { background: #fff8f7; }
.badge { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 12px; font-weight: 600;
         border: 1px solid transparent; white-space: nowrap; }
.o-pass, .o-expected-failure { color: var(--ok); background: var(--ok-bg); border-color: #aceebb; }
.o-fail, .o-unexpected-pass, .o-crash, .o-error { color: var(--bad); background: var(--bad-bg); border-color: #ffcecb; }
.o-timeout, .o-not-run { color: var(--warn); background: var(--warn-bg); border-color: #eed888; }
.tag { font-size: 12px; font-weight: 600; border-radius: 4px; padding: 0 6px; vertical-align: middle; }
.tag.unexpected { background: var(--bad); color: #fff; }
.tag.expected { background: var(--bg-soft); color: var(--muted); border: 1px solid var(--line); }
article.item { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 14px 0; }
article.item.unexpected { border-left: 6px solid var(--bad); }
article.item.expected { border-left: 6px solid var(--ok); }
.toggle { color: var(--muted); font-size: 13px; user-select: none; }
table.scenario { font-size: 12.5px; margin-bottom: 1em; }
table.scenario td { vertical-align: top; }
table.lanes { font-size: 12.5px; }
table.lanes th { position: sticky; top: 0; z-index: 1; }
table.lanes col.idx { width: 3.6em; }
table.lanes td.idx { color: var(--muted); text-align: right; font-variant-numeric: tabular-nums; }
table.lanes td { border-width: 0 1px; }
table.lanes tr.switch td { border-top: 1px solid var(--line); }
table.lanes tbody tr:last-child td { border-bottom-width: 1px; }
/* An empty cell keeps its lane's rail on the left, faint, so each thread reads as a column. */
table.lanes td.empty { border-left: 3px solid var(--rail); }
.step .op { white-space: pre-wrap; }
.step .where { color: var(--muted); font-size: 11.5px; margin-top: 1px; }
.step .where a { color: inherit; }
.step .fn { color: var(--muted); }
.step .obj { color: var(--fg); background: #fff; border: 1px solid var(--line); border-radius: 3px; padding: 0 3px; }
td.lane { border-left: 3px solid var(--lane); background: var(--lane-bg); }
.lane-0 { --lane: #0969da; --lane-bg: #ddf4ff; --rail: #b6d6f5; }
.lane-1 { --lane: #8250df; --lane-bg: #fbefff; --rail: #d8c8f4; }
.lane-2 { --lane: #bf8700; --lane-bg: #fff8c5; --rail: #ecd9a8; }
.lane-3 { --lane: #1a7f37; --lane-bg: #dafbe1; --rail: #b5dcc0; }
.lane-4 { --lane: #bc4c00; --lane-bg: #fff1e5; --rail: #ecc7ad; }
.lane-5 { --lane: #0550ae; --lane-bg: #eaf5ff; --rail: #b0c9e8; }
.lane-6 { --lane: #bf3989; --lane-bg: #ffeff7; --rail: #ecc0da; }
.lane-7 { --lane: #57606a; --lane-bg: #eaeef2; --rail: #cdd1d5; }
th.lane-head { border-top: 3px solid var(--lane); }
tr.marker td.lane { background: transparent; border-left-color: var(--rail); }
tr.marker .op { color: var(--muted); font-style: italic; }
tr.marker .where { display: none; }
body:has(#hide-markers:checked) tr.marker { display: none; }
tr.result[data-outcome="pass"] { display: none; }
body:has(#show-passes:checked) tr.result[data-outcome="pass"] { display: table-row; }
.counts a { color: inherit; text-decoration: none; }
.counts a:hover { text-decoration: underline; }
.filter-note { display: none; margin: 4px 0; font-weight: 600; }
tr.failing td.idx { color: var(--bad); font-weight: 700; }
td.lane.failing { background: var(--bad-bg); border: 2px solid var(--bad); border-left-width: 6px; }
td.lane.failing .op { color: var(--bad); font-weight: 700; }
td.lane.racing { border: 2px dashed var(--bad); border-left-width: 6px; }
tr.fold td { color: var(--muted); font-style: italic; text-align: center; }
td.lane.racing .op { color: var(--bad); font-weight: 700; }
.flag { display: inline-block; margin-bottom: 2px; background: var(--bad); color: #fff; border-radius: 4px;
        padding: 0 6px; font-size: 11px; font-weight: 700; font-family: system-ui, sans-serif; }
.flag.race { background: #fff; color: var(--bad); border: 1px solid var(--bad); }
.note { color: var(--muted); font-size: 13px; margin: 4px 0; }
dl.legend { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 12px;
            margin: 6px 0; font-size: 13px; color: var(--muted); }
dl.legend dd { margin: 0; }
)css";

// The count of each outcome, as chips; each that is not zero links to its rows: following it
// shows only that outcome's rows of the results table (filter_style), passes included.
std::string counts_list(const std::vector<harness::Result>& results) {
  const auto n = text::count_outcomes(results);
  std::string h = "<ul class=\"counts\">";
  for (std::size_t i = 0; i < text::outcome_count; ++i) {
    const Outcome o = harness::all_outcomes[i];
    const std::string chip =
        fmt::format("<span class=\"n\">{}</span>{}", n[i], harness::to_string(o));
    h +=
        fmt::format("<li class=\"{}{}\" data-outcome=\"{}\">{}</li>", outcome_class(o),
                    n[i] ? "" : " zero", harness::to_string(o),
                    n[i] ? fmt::format("<a href=\"#only-{}\" title=\"show only these rows\">{}</a>",
                                       harness::to_string(o), chip)
                         : chip);
  }
  return h + "</ul>\n";
}

// What a count chip's link does, without script: while "#only-OUTCOME" is the page's target,
// the results table shows that outcome's rows alone and a note says so; "#results" shows all
// again (plain passes stay collapsed until asked for).
std::string filter_style() {
  std::string css;
  for (const Outcome o : harness::all_outcomes) {
    const auto name = harness::to_string(o);
    css += fmt::format(
        "body:has(#only-{0}:target) tr.result:not([data-outcome=\"{0}\"]) {{ display: none; }}\n"
        "body:has(#only-{0}:target) tr.result[data-outcome=\"{0}\"] {{ display: table-row; }}\n"
        "body:has(#only-{0}:target) .filter-note[data-for=\"{0}\"] {{ display: block; }}\n",
        name);
  }
  return css;
}

// Above the results table: the targets of the chips' links, a note for each filter, and the
// switch that shows the plain passes, which the table collapses.
std::string results_controls(const std::vector<harness::Result>& results) {
  const auto n = text::count_outcomes(results);
  std::string h;
  for (std::size_t i = 0; i < text::outcome_count; ++i) {
    if (n[i] == 0) continue;
    const auto name = harness::to_string(harness::all_outcomes[i]);
    h += fmt::format(
        "<span id=\"only-{0}\"></span><p class=\"filter-note\" data-for=\"{0}\">Only the {1} "
        "{0} result{2}. <a href=\"#results\">Show every result</a></p>\n",
        name, n[i], n[i] == 1 ? "" : "s");
  }
  static_assert(harness::all_outcomes[0] == Outcome::pass);
  const std::size_t passes = n[0];
  if (passes)
    h += fmt::format(
        "<label class=\"toggle\"><input type=\"checkbox\" id=\"show-passes\"> show the {} "
        "plain pass{} (collapsed)</label>\n",
        passes, passes == 1 ? "" : "es");
  return h;
}

std::string badge(Outcome o) {
  return fmt::format("<span class=\"badge {}\">{}</span>", outcome_class(o), harness::to_string(o));
}

std::string results_table(const std::vector<harness::Result>& results,
                          const std::vector<std::string>& anchors) {
  std::string h =
      "<table class=\"results\">\n<colgroup><col style=\"width:9.5em\"><col style=\"width:24%\">"
      "<col style=\"width:5.5em\"><col style=\"width:15%\"><col style=\"width:14%\"><col>"
      "<col style=\"width:6em\"></colgroup>\n"
      "<thead><tr><th>outcome</th><th>id</th><th class=\"num\">threads</th><th>expected</th>"
      "<th>defect</th><th>search</th><th class=\"num\">seconds</th></tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    const std::string id = anchors[i].empty() ? fmt::format("<code>{}</code>", escape::html(r.id))
                                              : fmt::format("<a href=\"#{}\"><code>{}</code></a>",
                                                            anchors[i], escape::html(r.id));
    h += fmt::format(
        "<tr class=\"result {}\" data-outcome=\"{}\"><td>{}</td><td>{}</td><td "
        "class=\"num\">{}</td><td>{}</td>"
        "<td>{}</td><td>{}</td><td class=\"num\">{:.2f}</td></tr>\n",
        harness::as_expected(r.outcome) ? "as-expected" : "unexpected",
        harness::to_string(r.outcome), badge(r.outcome), id, r.threads,
        escape::html(r.expected.describe()), escape::html(text::defect_text(r)),
        escape::html(text::search_text(r)), r.seconds);
  }
  return h + "</tbody>\n</table>\n";
}

// `races_with`: for one of a DATA RACE's two accesses (text::racing_steps), the other one.
std::string step_cell(const harness::Sources& sources, const harness::Step& s, std::size_t lane,
                      bool failing, std::string_view defect, const harness::Step* races_with) {
  std::string h = fmt::format("<td class=\"lane lane-{}{}{}\">", lane % 8,
                              failing ? " failing" : "", races_with ? " racing" : "");
  if (failing)
    h += fmt::format("<span class=\"flag\">failing step{}</span>",
                     defect.empty() ? "" : ": " + escape::html(defect));
  if (races_with)
    h += fmt::format("<span class=\"flag race\">{}</span>",
                     escape::html(text::racing_text(*races_with)));
  h += fmt::format("<div class=\"op\">{}</div>", escape::html(s.operation));
  // The object it touched, unless the operation already names it ("memory allocation: addr=@1").
  const bool named = s.object.empty() || s.operation.find(s.object) != std::string::npos;
  if (!s.file.empty() || !s.function.empty() || !named) {
    h += "<div class=\"where\">";
    if (!named)
      h += fmt::format("<span class=\"obj\" title=\"the object it touched\">{}</span> ",
                       escape::html(s.object));
    if (!s.file.empty()) {
      std::string href = text::source_link(sources, s);
      if (href.empty())
        href = s.line ? fmt::format("{}#L{}", escape::url_path(s.file), s.line)
                      : escape::url_path(s.file);
      h += fmt::format("<a href=\"{}\">{}</a>", escape::html(href),
                       escape::html(text::where_text(s)));
    }
    if (!s.function.empty())
      h += fmt::format(" <span class=\"fn\">{}</span>", escape::html(s.function));
    h += "</div>";
  }
  return h + "</td>";
}

std::string swim_lanes(const harness::Result& r, const harness::Sources& sources) {
  const auto& trace = r.verdict.trace;
  const text::Lanes lanes = text::lanes_of(r);
  const std::size_t width = lanes.names.size();

  std::string h = fmt::format(
      "<table class=\"lanes\" data-threads=\"{}\" data-lanes=\"{}\" data-steps=\"{}\">\n"
      "<colgroup><col class=\"idx\">",
      lanes.threads, width, trace.size());
  for (std::size_t l = 0; l < width; ++l) h += "<col>";
  h += "</colgroup>\n<thead><tr><th class=\"num\">step</th>";
  for (std::size_t l = 0; l < width; ++l)
    h += fmt::format("<th class=\"lane-head lane-{}\" data-lane=\"{}\">{}</th>", l % 8, l,
                     escape::html(lanes.names[l]));
  h += "</tr></thead>\n<tbody>\n";
  int previous = -1;
  const auto racing = text::racing_steps(trace, r.verdict.defect);
  for (const auto& row : text::trace_rows(trace, r.verdict.defect)) {
    if (row.folded) {  // a long repetition: both its ends show, the middle is one row
      h += fmt::format(
          "<tr class=\"fold\"><td class=\"idx\">…</td><td colspan=\"{}\">{}</td></tr>\n", width,
          escape::html(text::fold_text(trace, row)));
      previous = -1;
      continue;
    }
    const std::size_t i = row.first;
    const auto& s = trace[i];
    const bool failing = i + 1 == trace.size();
    const harness::Step* races_with = nullptr;
    if (racing.size() == 2 && (i == racing[0] || i == racing[1]))
      races_with = &trace[i == racing[0] ? racing[1] : racing[0]];
    const std::size_t lane = lanes.of_step[i];
    std::string cls = "step";
    if (s.kind == harness::StepKind::relacy_marker) cls += " marker";
    if (static_cast<int>(lane) != previous && previous != -1) cls += " switch";
    if (failing) cls += " failing";
    previous = static_cast<int>(lane);
    h += fmt::format(
        "<tr class=\"{}\" data-step=\"{}\" data-thread=\"{}\"><td class=\"idx\">{}</td>", cls,
        s.index, s.thread, s.index);
    for (std::size_t l = 0; l < width; ++l)
      h += l == lane ? step_cell(sources, s, l, failing, r.verdict.defect, races_with)
                     : fmt::format("<td class=\"empty lane-{}\"></td>", l % 8);
    h += "</tr>\n";
  }
  return h + "</tbody>\n</table>\n";
}

// The generated scenario as a table, one column per thread like the swim lanes beside it.
std::string scenario_table_html(const harness::ScenarioTable& t) {
  const auto g = text::grid_of(t);
  std::string h =
      fmt::format("<table class=\"scenario\" data-operations=\"{}\">\n<thead><tr>", t.operations());
  for (const auto& head : g.heads) h += fmt::format("<th>{}</th>", escape::html(head));
  h += "</tr></thead>\n<tbody>\n";
  for (const auto& row : g.rows) {
    h += "<tr>";
    for (const auto& cell : row) h += fmt::format("<td><code>{}</code></td>", escape::html(cell));
    h += "</tr>\n";
  }
  return h + "</tbody>\n</table>\n";
}

std::string fact(std::string_view name, const std::string& html_value) {
  return fmt::format("<dt>{}</dt><dd>{}</dd>", name, html_value);
}

std::string section(const harness::Result& r, const std::string& id,
                    const harness::Sources& sources) {
  const bool unexpected = !harness::as_expected(r.outcome);
  std::string h = fmt::format(
      "<article class=\"item {}\" id=\"{}\">\n<h3>{} <code>{}</code> <span class=\"tag "
      "{}\">{}</span></h3>\n",
      unexpected ? "unexpected" : "expected", id, badge(r.outcome), escape::html(r.id),
      unexpected ? "unexpected" : "expected", unexpected ? "not as expected" : "as expected");
  h += "<dl class=\"facts\">";
  if (!r.verdict.defect.empty())
    h += fact("defect", "<strong>" + escape::html(r.verdict.defect) + "</strong>");
  if (!r.verdict.detail.empty()) h += fact("Relacy says", escape::html(r.verdict.detail));
  if (!r.message.empty()) h += fact("what happened", escape::html(r.message));
  h += fact("expected", escape::html(r.expected.describe()));
  h += fact("search", escape::html(text::search_text(r)));
  if (!r.verdict.other_defects.empty())
    h += fact("searched past", escape::html(text::other_defects_text(r.verdict)));
  if (!r.description.empty()) h += fact("model", escape::html(r.description));
  h += fact("threads", std::to_string(r.threads));
  if (!r.verdict.reproduce.empty())
    h += fact("RapidCheck reproduce", "<code>" + escape::html(r.verdict.reproduce) + "</code>");
  h += "</dl>\n";
  if (r.verdict.scenario) {
    h += fmt::format(
        "<h4>Scenario: {} operations, each with what it returned in the interleaving "
        "below</h4>\n",
        r.verdict.scenario->operations());
    h += scenario_table_html(*r.verdict.scenario);
  }
  if (!r.verdict.trace.empty()) {
    h += fmt::format("<h4>Interleaving: {} steps</h4>\n", r.verdict.trace.size());
    h += swim_lanes(r, sources);
  }
  if (!r.replay.empty())
    h += fmt::format("<h4>Replay</h4>\n<pre class=\"replay\">{}</pre>\n", escape::html(r.replay));
  return h + "</article>\n";
}

}  // namespace

void write_html(const std::filesystem::path& dir, const RunInfo& run,
                const std::vector<harness::Result>& results) {
  const bool ok = text::gate_passes(results, run.partial);
  const auto sections = text::sections_in_order(results);
  std::vector<std::string> anchors(results.size());
  for (const auto* r : sections) {
    const auto i = static_cast<std::size_t>(r - results.data());
    anchors[i] = anchor(i, r->id);
  }
  const bool any_markers = std::any_of(sections.begin(), sections.end(), [](const auto* r) {
    return std::any_of(
        r->verdict.trace.begin(), r->verdict.trace.end(),
        [](const harness::Step& s) { return s.kind == harness::StepKind::relacy_marker; });
  });

  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += fmt::format("<title>interleave: {}</title>\n<style>{}{}</style>\n</head>\n<body>\n",
                   escape::html(text::verdict_text(results, run.partial)), style, filter_style());
  h += fmt::format(
      "<header class=\"verdict {}\" id=\"summary\">\n<h1>interleave report</h1>\n<p><span "
      "class=\"word\">{}</span> {}</p>\n</header>\n",
      ok ? "ok" : "bad", text::gate_word(ok),
      escape::html(text::verdict_text(results, run.partial)));
  h += counts_list(results);
  h += "<dl class=\"facts\">";
  h += fact("results", fmt::format("{} in {:.1f}s: {}", results.size(), run.seconds,
                                   escape::html(text::counts_text(results))));
  if (!run.command.empty()) h += fact("command", "<code>" + escape::html(run.command) + "</code>");
  if (!run.shard.empty()) h += fact("shard", escape::html(run.shard));
  if (!run.interrupted.empty())
    h += fact("interrupted", "<strong>" +
                                 escape::html(text::interrupted_text(run.interrupted, results)) +
                                 "</strong>: the report is partial");
  if (!run.partial.empty()) h += fact("partial", escape::html(run.partial));
  h += "</dl>\n";

  h += "<h2 id=\"results\">Results</h2>\n";
  h += results_controls(results);
  h += results_table(results, anchors);

  if (!sections.empty()) {
    h += "<h2>Failures and other results that are not a plain pass</h2>\n";
    h += "<p class=\"note\">Unexpected results first. Each interleaving reads top to bottom in "
         "execution order, one column per thread (and a property's prefix and check); the marked "
         "step is where Relacy reported the "
         "defect. ";
    h += run.sources.url.empty()
             ? "Source links are relative to the project root.</p>\n"
             : fmt::format("Source links open the file at <a href=\"{0}\">{0}</a>.</p>\n",
                           escape::html(run.sources.url));
    std::vector<const std::vector<harness::Step>*> traces;
    for (const auto* r : sections) traces.push_back(&r->verdict.trace);
    const auto legend = text::legend_of(traces);
    if (!legend.empty()) {
      h += "<dl class=\"legend\">";
      for (const auto& [markers, meaning] : legend)
        h += fmt::format("<dt><code>{}</code></dt><dd>{}</dd>", escape::html(markers),
                         escape::html(meaning));
      h += "</dl>\n";
    }
    if (any_markers)
      h += "<label class=\"toggle\"><input type=\"checkbox\" id=\"hide-markers\"> hide Relacy's "
           "marker steps ([CTOR BEGIN], [THREAD FINISHED], ...)</label>\n";
    for (const auto* r : sections)
      h += section(*r, anchors[static_cast<std::size_t>(r - results.data())], run.sources);
  }
  h += "</body>\n</html>\n";

  const auto path = dir / "report.html";
  std::ofstream out(path);
  out << h;
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", path.string()));
}

}  // namespace interleave::reports
