#include "interleave/harness/console.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "interleave/reports/text.hpp"  // every sentence the console shares with the reports

namespace interleave::harness {

namespace text = reports::text;

namespace {

// What the search went past on the way, " (searched past: ...)", or "".
std::string searched_past(const Result& r) {
  if (r.verdict.other_defects.empty()) return {};
  return fmt::format(" (searched past: {})", text::other_defects_text(r.verdict));
}

// The search, as every report words it, plus what it went past on the way.
std::string search_text(const Result& r) { return text::search_text(r) + searched_past(r); }

enum class Tone { good, bad, neutral };

Tone tone_of(Outcome o) {
  if (o == Outcome::not_run) return Tone::neutral;
  return as_expected(o) ? Tone::good : Tone::bad;
}

// `word` padded to `width` (the padding outside the colour, so columns stay aligned), in
// ANSI colour when `colour`.
std::string painted(std::string_view word, std::size_t width, Tone tone, bool colour) {
  const std::string padding(width > word.size() ? width - word.size() : 0, ' ');
  if (!colour) return fmt::format("{}{}", word, padding);
  const char* code = tone == Tone::good ? "32" : tone == Tone::bad ? "31" : "33";
  return fmt::format("\033[1;{}m{}\033[0m{}", code, word, padding);
}

}  // namespace

void print_trace(std::FILE* out, const std::vector<Step>& trace, std::string_view defect) {
  fmt::print(out, "{}", text::trace_text(trace, "      ", defect));
}

void print_trace(std::FILE* out, const Result& r) {
  fmt::print(out, "{}", text::trace_text(r, "      "));
}

void print_scenario(std::FILE* out, const ScenarioTable& t) {
  const auto g = text::grid_of(t, " -> ");
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

void print_result(std::FILE* out, const Result& r, std::size_t id_width, bool colour) {
  std::string what;
  switch (r.outcome) {
    case Outcome::pass:  // a shard's piece of a control says what it found (runner.cpp)
      what = r.message.empty() ? search_text(r) : r.message + ": " + search_text(r);
      break;
    case Outcome::unexpected_pass: what = text::unexpected_pass_text(r) + searched_past(r); break;
    case Outcome::expected_failure:
    case Outcome::fail: what = fmt::format("{}: {}", r.verdict.defect, search_text(r)); break;
    default: what = r.message;
  }
  if (r.outcome == Outcome::fail && !r.expected.expects_pass())
    what = fmt::format("expected {}, got {}", r.expected.defect(), what);
  if (r.outcome == Outcome::fail && !r.twin_of.empty())  // the control's fault is not the cause
    what = fmt::format("fails without its fault: {}", what);
  fmt::print(out, "{}  {:<{}}  {}  ({:.2f}s)\n",
             painted(text::outcome_label(r.outcome), 16, tone_of(r.outcome), colour),
             unit_name(r.id, r.settings), id_width, what, r.seconds);
  if (r.verdict.scenario &&
      (r.outcome == Outcome::fail || r.outcome == Outcome::expected_failure)) {
    fmt::print(out,
               "    scenario (each operation with what it returned in the execution below):\n");
    print_scenario(out, *r.verdict.scenario);
  }
  if (r.outcome == Outcome::fail) {
    fmt::print(out, "    {}\n    interleaving:\n", r.verdict.detail);
    print_trace(out, r);
  }
  if (!as_expected(r.outcome) || !r.verdict.defect.empty())
    fmt::print(out, "    replay: {}\n", r.replay);
}

void print_summary(std::FILE* out, const std::vector<Result>& results, double seconds,
                   std::string_view interrupted, bool colour) {
  fmt::print(out, "\n{}\n", text::summary_text(results, seconds));
  if (!interrupted.empty())
    fmt::print(out, "INTERRUPTED: {}\n", text::interrupted_text(interrupted, results));
  const bool passes = text::gate_passes(results, "");
  fmt::print(out, "{}: {}\n",
             painted(text::gate_word(passes), 0, passes ? Tone::good : Tone::bad, colour),
             text::verdict_text(results, ""));
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
    fmt::print(out, "{:<{}}  {:<8}  {} threads  {:<{}}  {:<15}  {}\n", e->id, w, to_string(e->kind),
               e->threads, e->expected.describe(), x, control_kind(*e), e->description);
}

}  // namespace interleave::harness
