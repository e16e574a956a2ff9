#include "interleave/harness/console.hpp"

#include "../../reports/src/failure_view.hpp"  // the wording and layout reports share

#include <algorithm>

#include <fmt/format.h>

namespace interleave::harness {

namespace {

std::string label(Outcome o) {
  switch (o) {
    case Outcome::pass: return "PASS";
    case Outcome::expected_failure: return "EXPECTED FAILURE";
    case Outcome::fail: return "FAIL";
    case Outcome::unexpected_pass: return "UNEXPECTED PASS";
    case Outcome::timeout: return "TIMEOUT";
    case Outcome::crash: return "CRASH";
    case Outcome::error: return "ERROR";
    case Outcome::not_run: return "NOT RUN";
  }
  return "?";
}

// The search, as every report words it, plus what it went past on the way.
std::string search_text(const Result& r) {
  const auto& others = r.verdict.other_defects;
  return reports::detail::search_text(r) +
         (others.empty() ? "" : fmt::format(" (searched past: {})", fmt::join(others, "; ")));
}

}  // namespace

void print_trace(std::FILE* out, const std::vector<Step>& trace) {
  std::size_t op_width = 0;
  for (const auto& s : trace) op_width = std::max(op_width, s.operation.size());
  op_width = std::min<std::size_t>(op_width, 72);
  for (const auto& s : trace) {
    const std::string where =
        s.file.empty() ? std::string() : fmt::format("{}:{}", s.file, s.line);
    fmt::print(out, "      {:>4}  T{}  {:<{}}  {}{}\n", s.index, s.thread, s.operation, op_width,
               where, s.function.empty() ? "" : fmt::format(" ({})", s.function));
  }
}

void print_scenario(std::FILE* out, const ScenarioTable& t) {
  const auto g = reports::detail::grid_of(t, " -> ");
  std::vector<std::size_t> width(g.heads.size());
  for (std::size_t c = 0; c < g.heads.size(); ++c) {
    width[c] = g.heads[c].size();
    for (const auto& row : g.rows) width[c] = std::max(width[c], row[c].size());
  }
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text = "      ";
    for (std::size_t c = 0; c < cells.size(); ++c)
      text += fmt::format("{:<{}}{}", cells[c], width[c], c + 1 < cells.size() ? " | " : "");
    while (!text.empty() && text.back() == ' ') text.pop_back();
    fmt::print(out, "{}\n", text);
  };
  line(g.heads);
  for (const auto& row : g.rows) line(row);
}

void print_result(std::FILE* out, const Result& r, std::size_t id_width) {
  std::string what;
  switch (r.outcome) {
    case Outcome::pass:
    case Outcome::unexpected_pass: what = search_text(r); break;
    case Outcome::expected_failure:
    case Outcome::fail: what = fmt::format("{}: {}", r.verdict.defect, search_text(r)); break;
    default: what = r.message;
  }
  if (r.outcome == Outcome::unexpected_pass)
    what = fmt::format("expected to fail with {}, but {}", r.expected.defect(), what);
  if (r.outcome == Outcome::fail && !r.expected.expects_pass())
    what = fmt::format("expected {}, got {}", r.expected.defect(), what);
  if (r.outcome == Outcome::fail && !r.twin_of.empty())  // the control's fault is not the cause
    what = fmt::format("fails without its fault: {}", what);
  fmt::print(out, "{:<16}  {:<{}}  {}  ({:.2f}s)\n", label(r.outcome), r.id, id_width, what,
             r.seconds);
  if (r.verdict.scenario && (r.outcome == Outcome::fail || r.outcome == Outcome::expected_failure)) {
    fmt::print(out, "    scenario (each operation with what it returned in the execution below):\n");
    print_scenario(out, *r.verdict.scenario);
  }
  if (r.outcome == Outcome::fail) {
    fmt::print(out, "    {}\n    interleaving:\n", r.verdict.detail);
    print_trace(out, r.verdict.trace);
  }
  if (!as_expected(r.outcome) || !r.verdict.defect.empty())
    fmt::print(out, "    replay: {}\n", r.replay);
}

void print_summary(std::FILE* out, const std::vector<Result>& results, double seconds,
                   std::string_view interrupted) {
  std::vector<std::string> parts;
  for (Outcome o : all_outcomes) {
    const auto n = std::count_if(results.begin(), results.end(),
                                 [o](const Result& r) { return r.outcome == o; });
    if (n > 0 || o == Outcome::pass) parts.push_back(fmt::format("{} {}", n, to_string(o)));
  }
  const auto bad = std::count_if(results.begin(), results.end(),
                                 [](const Result& r) { return !as_expected(r.outcome); });
  fmt::print(out, "\n{} results in {:.1f}s: {}\n", results.size(), seconds, fmt::join(parts, ", "));
  if (!interrupted.empty())
    fmt::print(out, "INTERRUPTED: {}\n", reports::detail::interrupted_text(interrupted, results));
  if (bad == 0)
    fmt::print(out, "OK: every result is what it was expected to be\n");
  else
    fmt::print(out, "FAILED: {} result{} not what {} expected to be\n", bad, bad == 1 ? " is" : "s are",
               bad == 1 ? "it was" : "they were");
}

std::string_view control_kind(const Entry& e) {
  if (e.expected.expects_pass()) return "";
  return e.without_fault ? control_injects_fault : control_demonstration;
}

void print_listing(std::FILE* out, const std::vector<const Entry*>& items) {
  std::size_t w = 2, x = 4;
  for (const auto* e : items) {
    w = std::max(w, e->id.size());
    x = std::max(x, e->expected.describe().size());
  }
  for (const auto* e : items)
    fmt::print(out, "{:<{}}  {:<8}  {} threads  {:<{}}  {:<15}  {}\n", e->id, w,
               to_string(e->kind), e->threads, e->expected.describe(), x, control_kind(*e),
               e->description);
}

}  // namespace interleave::harness
